"""The officer's fill-in and correction panels take the visitor's ID card; the staff area shows the reader's state."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.register import audit_trail
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, tap, visitor
from tests.ui.staff.conftest import OFFICER_PIN
from tests.ui.staff.test_staff_area import records, sign_in
from tests.ui.test_card import CARD, MASKED, FakeCardReader
from ui.card_reader import CardReader
from ui.staff.area import StaffArea


@pytest.fixture
def card_reader() -> CardReader | None:
    reader = FakeCardReader()
    reader.say(ready=True)
    return reader


def reader_of(area: StaffArea) -> FakeCardReader:
    reader = area.ctx.card_reader
    assert isinstance(reader, FakeCardReader)
    return reader


def test_the_reader_state_is_in_the_top_bar(area: StaffArea) -> None:
    assert area.card_state.text() == "เครื่องอ่านบัตร: เครื่องอ่านบัตรพร้อม"
    reader_of(area).say(ready=False)
    assert area.card_state.text() == "เครื่องอ่านบัตร: ไม่พบเครื่องอ่านบัตรประชาชน"


def test_the_fill_in_panel_takes_the_card_and_the_trail_says_so(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["complete"])
    panel = area.complete_panel
    assert panel.findChild(type(area.card_state), "card-hint") is not None
    reader_of(area).insert()
    assert panel.full_name.text() == "นายสมชาย ใจดี"
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert not panel.isVisible()
    record = records(db, station)[vid]
    assert (record.full_name, record.national_id_masked) == ("นายสมชาย ใจดี", MASKED)
    with db.read() as session:
        (event,) = audit_trail(session, vid)
    assert event.changes["from_id_card"] is True


def test_a_card_read_without_a_panel_open_changes_nothing(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    reader_of(area).insert(CARD)
    settle(qtbot, area)
    assert records(db, station)[vid].full_name is None


def test_a_card_that_cannot_be_read_is_said_in_the_panel(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["complete"])
    reader_of(area).fail("card.not_thai_id")
    assert "ไม่ใช่บัตรประจำตัวประชาชน" in area.complete_panel.error.text()
    assert area.complete_panel.full_name.text() == ""
