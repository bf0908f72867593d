"""The ID card in the citizen's visit and the officer's panels: what the window does with a reader's signals.

The reader here is a CardReader whose signals the test emits; the same flow with the real
pyscard reader, pcscd and an emulated card is in ``test_card_e2e.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.idcard import CardIdentity, card_error
from kiosk.models import IdMethod, Visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.helpers import FakePrinter, settle, tap, type_text
from tests.pcsc import CITIZEN_ID
from tests.ui.test_flow import choose, confirm, only_visit
from ui import i18n
from ui.card_reader import CardReader
from ui.window import KioskWindow

CARD = CardIdentity(national_id=CITIZEN_ID, full_name="นายสมชาย ใจดี", language="th")
MASKED = "1-xxxx-xxxxx-x6-1"


class FakeCardReader(CardReader):
    """A reader whose cards the test puts in."""

    def insert(self, card: CardIdentity = CARD) -> None:
        self.inserted.emit()
        self.card_read.emit(card)

    def fail(self, code: str) -> None:
        self.inserted.emit()
        self.failed.emit(card_error(code, f"test: {code}"))

    def say(self, *, ready: bool) -> None:
        self._set_state("เครื่องอ่านบัตรพร้อม" if ready else "ไม่พบเครื่องอ่านบัตรประชาชน", "test", ready=ready)


@pytest.fixture
def reader(window: KioskWindow) -> Iterator[FakeCardReader]:
    card_reader = FakeCardReader(window)
    card_reader.say(ready=True)
    window.attach_card_reader(card_reader)
    yield card_reader


def test_a_card_on_the_identify_screen_fills_the_form_masked_and_the_visit_says_card(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader, db: Database, station: Station, printer: FakePrinter
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    assert window.identify.card_prompt.isVisible()
    assert window.identify.card_title.text() == "เสียบบัตรประชาชน"
    reader.insert()
    assert window.current == "details"
    fields = window.details.fields
    assert fields["full_name"].text() == "นายสมชาย ใจดี"
    assert fields["national_id"].text() == MASKED  # the whole ID is never on screen
    assert fields["national_id"].isReadOnly()
    assert window.details.card_note.isVisible()
    tap(qtbot, window.details.next_button)
    assert window.current == "privacy"
    tap(qtbot, window.privacy.ok_button)
    assert window.summary.values["name"].text() == "นายสมชาย ใจดี"
    assert window.summary.values["national_id"].text() == MASKED
    tap(qtbot, window.summary.confirm_button)
    settle(qtbot, window)
    visit = only_visit(db, station)
    assert visit.id_method is IdMethod.CARD
    assert visit.full_name == "นายสมชาย ใจดี"
    assert visit.national_id_masked == MASKED
    with db.read() as session:
        assert session.get(Visit, visit.id).national_id == CITIZEN_ID  # type: ignore[union-attr]
    assert window.ticket.caption.text() == f"หมายเลขคิวของท่าน  ·  นายสมชาย ใจดี  {MASKED}"
    (slip,) = printer.tickets
    assert (slip.visitor_name, slip.national_id_masked) == ("นายสมชาย ใจดี", MASKED)
    assert window.details.card is None  # forgotten once the register has it


def test_a_card_on_the_welcome_screen_starts_the_visit_and_waits_for_the_service(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader
) -> None:
    reader.insert()
    assert window.current == "services"
    tap(qtbot, window.picker.tile_for("welfare-card"))
    tap(qtbot, window.group.buttons[VisitorGroup.ELDERLY])
    assert window.current == "details"  # straight to the card's confirmation
    assert window.details.fields["full_name"].text() == "นายสมชาย ใจดี"


def test_changing_the_name_drops_the_card_and_the_visitor_types(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader, db: Database, station: Station
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    reader.insert()
    type_text(window.details.fields["full_name"], "ก")
    assert window.details.card is None
    assert window.details.fields["national_id"].text() == ""
    assert not window.details.fields["national_id"].isReadOnly()
    tap(qtbot, window.details.next_button)
    confirm(qtbot, window)
    visit = only_visit(db, station)
    assert visit.id_method is IdMethod.TYPED
    assert visit.national_id_masked == ""


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("card.not_thai_id", "ไม่ใช่บัตรประจำตัวประชาชน"),
        ("card.removed", "ดึงออก"),
        ("card.unreadable", "อ่านข้อมูลจากบัตรไม่ได้"),
        ("card.bad_id", "ไม่ถูกต้อง"),
    ],
)
def test_a_card_that_cannot_be_read_says_so_in_thai_and_typing_goes_on(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader, code: str, says: str
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    reader.fail(code)
    assert window.current == "identify"
    message = window.identify.card_message
    assert message.isVisible() and says in message.text()
    assert "test:" not in message.text()  # the English detail is for the log, not the visitor
    tap(qtbot, window.identify.type_button)
    assert window.current == "details"


def test_no_reader_no_prompt(qtbot: QtBot, window: KioskWindow, reader: FakeCardReader) -> None:
    reader.say(ready=False)
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    assert not window.identify.card_prompt.isVisible()
    reader.say(ready=True)  # plugged back in
    assert window.identify.card_prompt.isVisible()


def test_the_card_is_forgotten_at_the_idle_reset(qtbot: QtBot, window: KioskWindow, reader: FakeCardReader) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    reader.insert()
    tap(qtbot, window.details.home_button)
    tap(qtbot, window.restart.restart_button)  # a card read: "start over?" first
    assert window.current == "welcome"
    assert window.details.card is None
    assert window.details.fields["full_name"].text() == ""
    assert window.details.fields["national_id"].text() == ""


def test_the_reader_reads_the_english_name_when_english_is_chosen(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader
) -> None:
    tap(qtbot, window.language_button)
    qtbot.waitUntil(lambda: reader.language == "en")
    i18n.set_language("th")
    qtbot.waitUntil(lambda: reader.language == "th")


def test_no_card_while_the_ticket_is_shown(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader, db: Database, station: Station
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    reader.insert()
    tap(qtbot, window.details.next_button)
    confirm(qtbot, window)
    reader.insert()  # the next visitor's card while this ticket is on screen: not this visit's
    settle(qtbot, window)
    assert window.current == "ticket"
    assert window.details.card is None


def test_while_the_staff_area_is_open_the_card_is_the_officers(
    qtbot: QtBot, window: KioskWindow, reader: FakeCardReader
) -> None:
    window.cards_to_staff = True
    reader.insert()
    assert window.current == "welcome"
    assert window.details.card is None
