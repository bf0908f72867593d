"""The citizen's whole flow, driven by taps on a real register with a fake printer."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk import catalogue, printing, register, staff
from kiosk.app import Context, visit
from kiosk.db import Database
from kiosk.models import IdMethod, Lane, Role
from kiosk.printing import PaperOut
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.helpers import FakePrinter, finger, settle, tap, type_text
from tests.ui.conftest import FAST
from ui.window import KioskWindow, Timing

VALID_ID = "3101201234569"


def choose(qtbot: QtBot, window: KioskWindow, service: str, group: VisitorGroup) -> None:
    tap(qtbot, window.welcome.start_button)
    assert window.current == "services"
    tap(qtbot, window.picker.tile_for(service))
    assert window.current == "group"
    tap(qtbot, window.group.buttons[group])
    assert window.current == "identify"


def confirm(qtbot: QtBot, window: KioskWindow) -> None:
    assert window.current == "privacy"
    tap(qtbot, window.privacy.ok_button)
    assert window.current == "summary"
    tap(qtbot, window.summary.confirm_button)
    assert window.current == "ticket"  # at once, before the register answers
    settle(qtbot, window)


def only_visit(db: Database, station: Station) -> register.VisitRecord:
    with db.read() as session:
        (visit,) = register.day_log(session, station.today())
    return visit


def test_typed_name_gets_a_printed_ticket(
    qtbot: QtBot, window: KioskWindow, db: Database, station: Station, printer: FakePrinter
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.ELDERLY)
    tap(qtbot, window.identify.type_button)
    assert window.current == "details"
    fields = window.details.fields
    type_text(fields["full_name"], "สมหญิง ศรีสุข")
    type_text(fields["national_id"], "3-1012-01234-56-9")
    tap(qtbot, window.details.next_button)
    assert window.current == "privacy"
    tap(qtbot, window.privacy.ok_button)
    assert window.summary.values["name"].text() == "สมหญิง ศรีสุข"
    assert window.summary.values["national_id"].text() == "3-xxxx-xxxxx-x6-9"
    tap(qtbot, window.summary.confirm_button)
    settle(qtbot, window)

    assert window.ticket.number.text() == "P001"
    assert window.ticket.state == "printed"
    assert [slip.label for slip in printer.tickets] == ["P001"]
    visit = only_visit(db, station)
    assert (visit.full_name, visit.id_method, visit.group, visit.lane) == (
        "สมหญิง ศรีสุข",
        IdMethod.TYPED,
        VisitorGroup.ELDERLY,
        Lane.PRIORITY,
    )
    assert visit.service_code == "welfare-card"
    # What was typed is gone from the screen as soon as the register has it.
    assert fields["full_name"].text() == ""
    tap(qtbot, window.ticket.finish_button)
    assert window.current == "welcome"


@pytest.mark.parametrize(("button", "method"), [("thaid_button", IdMethod.THAID), ("officer_button", IdMethod.OFFICER)])
def test_thaid_and_officer_paths_need_no_typing(
    qtbot: QtBot,
    window: KioskWindow,
    db: Database,
    station: Station,
    printer: FakePrinter,
    button: str,
    method: IdMethod,
) -> None:
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, getattr(window.identify, button))
    confirm(qtbot, window)
    assert window.ticket.number.text() == "A001"
    assert window.ticket.ahead.text() == "ไม่มีผู้รอก่อนท่าน"
    visit = only_visit(db, station)
    assert (visit.id_method, visit.full_name) == (method, None)
    assert visit.needs_completion  # a ThaID user's name is read on the app by the officer, like "officer fills in"
    assert len(printer.tickets) == 1


def test_people_ahead_counts_the_queue(qtbot: QtBot, window: KioskWindow, app: Context) -> None:
    for _ in range(2):
        visit.register_visitor(app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID)
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.thaid_button)
    confirm(qtbot, window)
    assert window.ticket.number.text() == "A003"
    assert window.ticket.ahead.text() == "มีผู้รอก่อนท่าน 2 คน"


def test_validation_speaks_thai_next_to_the_field_and_registers_nothing(
    qtbot: QtBot, window: KioskWindow, db: Database, station: Station
) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    details = window.details
    type_text(details.fields["national_id"], "1111111111112")
    type_text(details.fields["phone"], "08123")
    tap(qtbot, details.next_button)
    assert window.current == "details"
    assert details.errors["full_name"].text() == "กรุณากรอกชื่อและนามสกุล"
    assert details.errors["national_id"].text() == "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง"
    assert details.errors["phone"].text() == "หมายเลขโทรศัพท์ไม่ถูกต้อง (เช่น 081 234 5678)"
    assert details.fields["national_id"].property("invalid") == "true"
    # Typing again clears the message of that field only.
    type_text(details.fields["full_name"], "สมชาย ใจดี")
    assert details.errors["full_name"].text() == ""
    assert details.errors["national_id"].text() != ""
    with db.read() as session:
        assert register.day_log(session, station.today()) == []


def test_a_phone_number_needs_consent(qtbot: QtBot, window: KioskWindow, db: Database, station: Station) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    details = window.details
    type_text(details.fields["full_name"], "สมชาย ใจดี")
    type_text(details.fields["phone"], "0812345678")
    tap(qtbot, details.next_button)
    assert window.current == "details"
    assert "ยินยอม" in details.errors["phone"].text()
    details.consent.setChecked(True)
    tap(qtbot, details.next_button)
    confirm(qtbot, window)
    visit = only_visit(db, station)
    assert visit.phone == "0812345678"


def test_printer_out_of_paper_is_told_kindly_and_the_visit_is_kept(
    qtbot: QtBot, window: KioskWindow, db: Database, station: Station, printer: FakePrinter
) -> None:
    printer.fail = PaperOut("paper end sensor")
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.officer_button)
    confirm(qtbot, window)
    assert window.ticket.state == "print_failed"
    assert window.ticket.number.text() == "A001"
    assert "กรุณาติดต่อเจ้าหน้าที่" in window.ticket.status.text()
    assert window.banner.isVisible()
    assert window.staff_alert_text == "เครื่องพิมพ์: กระดาษหมด — บัตรคิว A001 อยู่ในรายการพิมพ์ซ้ำ"
    assert window.banner_text.text() == "ตู้นี้ต้องการการดูแลจากเจ้าหน้าที่ หากมีปัญหาในการใช้งาน กรุณาแจ้งเจ้าหน้าที่"
    visit = only_visit(db, station)
    assert visit.ticket == "A001"
    with db.read() as session:
        (pending,) = printing.pending_slips(session)
    assert (pending.ticket, pending.kind) == ("A001", printing.SlipKind.TICKET)
    # The next ticket that prints clears the staff banner.
    printer.fail = None
    tap(qtbot, window.ticket.finish_button)
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.thaid_button)
    confirm(qtbot, window)
    assert window.ticket.state == "printed"
    assert not window.banner.isVisible()


def test_back_and_start_over(qtbot: QtBot, window: KioskWindow) -> None:
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.back_button)
    assert window.current == "group"
    tap(qtbot, window.group.home_button)
    assert window.restart.isVisible() and window.current == "group"  # a service was chosen: asked first
    assert window.restart.question.text() == "เริ่มใหม่ทั้งหมดหรือไม่?"
    tap(qtbot, window.restart.restart_button)
    assert window.current == "welcome" and not window.restart.isVisible()
    assert window.draft.service is None


def test_start_over_keeps_the_name_typed_when_the_visitor_says_so(qtbot: QtBot, window: KioskWindow) -> None:
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    name = window.details.fields["full_name"]
    type_text(name, "สมชาย ใจดี")
    name.setCursorPosition(3)
    tap(qtbot, window.details.home_button)
    assert window.restart.isVisible()
    tap(qtbot, window.restart.keep_button)
    assert not window.restart.isVisible() and window.current == "details"
    assert name.text() == "สมชาย ใจดี" and name.hasFocus() and name.cursorPosition() == 3


def test_start_over_on_the_first_screen_asks_nothing(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.welcome.start_button)
    tap(qtbot, window.picker.home_button)
    assert window.current == "welcome" and not window.restart.isVisible()


def test_start_over_is_far_from_next(qtbot: QtBot, window: KioskWindow) -> None:
    """On the other side of the bar, more than a key's width (and a finger's) away from the way forward."""
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    forward = {"details": window.details.next_button, "privacy": window.privacy.ok_button}
    screens = {"details": window.details, "privacy": window.privacy}
    type_text(window.details.fields["full_name"], "สมชาย ใจดี")
    for name in ("details", "privacy"):
        assert window.current == name
        home, ahead = screens[name].home_button.geometry(), forward[name].geometry()
        assert home.right() < ahead.left() and ahead.left() - home.right() >= window.width() // 4
        assert ahead.right() > window.width() * 3 // 4  # the way forward on the right, start over on the left
        tap(qtbot, forward[name])
    assert window.current == "summary"
    home, ahead = window.summary.home_button.geometry(), window.summary.confirm_button.geometry()
    assert ahead.left() - home.right() >= window.width() // 4


def test_inactive_service_is_shown_unavailable(qtbot: QtBot, window: KioskWindow, db: Database) -> None:
    with db.write() as session:
        catalogue.set_active(session, "dlt-license-queue", False, message_th="ปิดปรับปรุงระบบ")
    window.load_services()
    settle(qtbot, window)
    tap(qtbot, window.welcome.start_button)
    tile = window.picker.tile_for("dlt-license-queue")
    assert not tile.isEnabled()
    assert "ปิดปรับปรุงระบบ" in tile.sub.text()
    qtbot.mouseClick(tile, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    assert window.current == "services"


def test_pages_of_tiles_hold_the_whole_catalogue(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.welcome.start_button)
    picker = window.picker
    seen = []
    for page in range(picker.pages):
        seen += [t.text_of() for t in picker.tiles if t.isVisible()]
        if page < picker.pages - 1:
            tap(qtbot, picker.next_page)
    assert len(seen) == 22
    assert picker.page_label.text() == "หน้า 3 / 3"
    assert not picker.next_page.isEnabled()


@pytest.fixture
def fast_timing() -> Timing:
    return FAST


@pytest.mark.parametrize("timing", [FAST])
def test_idle_reset_counts_down_then_forgets_everything(qtbot: QtBot, window: KioskWindow) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    type_text(window.details.fields["full_name"], "สมชาย ใจดี")
    qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    assert "วินาที" in window.countdown.seconds.text()
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)
    assert not window.countdown.isVisible()
    assert window.details.fields["full_name"].text() == ""
    assert window.draft.service is None


# A countdown long enough for a loaded machine to tap in time.
PATIENT = Timing(idle_seconds=0.6, countdown_seconds=5, tick_seconds=1.0, ticket_seconds=60, thanks_seconds=0.2)


@pytest.mark.parametrize("timing", [PATIENT])
def test_tapping_continue_keeps_the_visitor_s_work(qtbot: QtBot, window: KioskWindow) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    tap(qtbot, window.countdown.button)
    assert not window.countdown.isVisible()
    assert window.current == "identify"
    assert window.draft.service is not None


@pytest.mark.parametrize("timing", [PATIENT])
def test_after_continue_the_name_field_types_on_where_it_stopped(qtbot: QtBot, window: KioskWindow) -> None:
    """The slow typist: the countdown came, "ใช้งานต่อ", and the next key goes into the name, at the cursor."""
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    name = window.details.fields["full_name"]
    type_text(name, "สมชาย ใจดี")
    name.setCursorPosition(5)
    qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    tap(qtbot, window.countdown.button)  # the button takes the focus, as a tap on it does
    assert name.hasFocus() and name.cursorPosition() == 5
    focus = QApplication.focusWidget()
    assert focus is name
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(focus, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "X"))
    assert name.text() == "สมชายX ใจดี"


@pytest.mark.parametrize("timing", [Timing(idle_seconds=0.5, countdown_seconds=5, tick_seconds=1.0)])
def test_the_warning_comes_after_idle_seconds_and_a_tap_anywhere_keeps_the_visit(
    qtbot: QtBot, window: KioskWindow
) -> None:
    """``idle_seconds`` is the silence before the warning; the countdown comes after it. A tap anywhere
    on the warning only dismisses it: what lies under the finger is not tapped."""
    tap(qtbot, window.welcome.start_button)
    tap(qtbot, window.picker.tile_for("welfare-card"))
    assert window._idle.interval() == 500  # not 500 less the countdown
    qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    assert window.current == "group"
    elderly = window.group.buttons[VisitorGroup.ELDERLY]
    finger(window, elderly.mapTo(window, elderly.rect().center()))
    assert not window.countdown.isVisible()
    assert window.current == "group" and window.draft.group is None  # the card under the finger was not chosen
    finger(window, elderly.mapTo(window, elderly.rect().center()))
    assert window.current == "identify"  # the next tap is the visitor's


@pytest.mark.parametrize("timing", [Timing(idle_seconds=0.3, countdown_seconds=5, tick_seconds=1.0)])
def test_a_key_during_the_warning_keeps_the_visit_and_types(qtbot: QtBot, window: KioskWindow) -> None:
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.type_button)
    name = window.details.fields["full_name"]
    type_text(name, "สมชาย")
    qtbot.waitUntil(window.countdown.isVisible, timeout=3000)
    # Through the window's QWindow, as a keyboard's key comes: it goes on to the field with the focus.
    handle = window.windowHandle()
    assert handle is not None and name.hasFocus()
    QApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "ๆ"))
    assert not window.countdown.isVisible() and name.text() == "สมชายๆ"


@pytest.mark.parametrize("timing", [FAST])
def test_the_welcome_screen_never_times_out(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.wait(900)
    assert window.current == "welcome"
    assert not window.countdown.isVisible()


def test_language_switches_at_run_time(qtbot: QtBot, window: KioskWindow) -> None:
    assert window.welcome.start_button.text_of() == "แตะที่นี่ เพื่อรับบัตรคิว"
    tap(qtbot, window.language_button)
    qtbot.waitUntil(lambda: window.welcome.start_button.text_of() == "Tap here for a queue ticket")
    assert window.language_button.text_of() == "ภาษาไทย"
    tap(qtbot, window.welcome.start_button)
    assert window.picker.title.text() == "Choose a service"
    assert window.picker.tile_for("welfare-card").text_of() == "Check your state welfare card rights" or (
        window.picker.tile_for("welfare-card").text_of().isascii()
    )
    tap(qtbot, window.picker.back_button)
    tap(qtbot, window.language_button)
    qtbot.waitUntil(lambda: window.welcome.start_button.text_of() == "แตะที่นี่ เพื่อรับบัตรคิว")
    assert window.picker.title.text() == "เลือกงานบริการที่ต้องการ"


def _choose_english_large_contrast(qtbot: QtBot, window: KioskWindow) -> None:
    _choose_english_large_contrast_here(qtbot, window)
    assert window.welcome.start_button.text_of() == "Tap here for a queue ticket"
    assert window.theme.large_text and window.theme.high_contrast


def _thai_and_normal(window: KioskWindow) -> bool:
    QApplication.processEvents()
    return (
        window.welcome.start_button.text_of() == "แตะที่นี่ เพื่อรับบัตรคิว"
        and not window.theme.large_text
        and not window.theme.high_contrast
        and not window.large_button.isChecked()
        and not window.contrast_button.isChecked()
    )


def test_the_next_citizen_gets_thai_and_the_normal_look_after_the_ticket(qtbot: QtBot, window: KioskWindow) -> None:
    _choose_english_large_contrast(qtbot, window)
    choose(qtbot, window, "nhso-rights", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.thaid_button)
    confirm(qtbot, window)
    assert window.theme.large_text  # the visitor's own look to the end of the visit
    tap(qtbot, window.ticket.finish_button)
    assert window.current == "welcome"
    qtbot.waitUntil(lambda: _thai_and_normal(window), timeout=2000)


@pytest.mark.parametrize("timing", [FAST])
def test_the_next_citizen_gets_thai_and_the_normal_look_after_the_idle_reset(qtbot: QtBot, window: KioskWindow) -> None:
    _choose_english_large_contrast(qtbot, window)
    tap(qtbot, window.welcome.start_button)
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)
    qtbot.waitUntil(lambda: _thai_and_normal(window), timeout=2000)


@pytest.mark.parametrize("timing", [FAST])
def test_a_look_left_on_the_welcome_screen_goes_back_too(qtbot: QtBot, window: KioskWindow) -> None:
    """A visitor who switched to English and large text, then walked away without a ticket."""
    _choose_english_large_contrast(qtbot, window)
    qtbot.waitUntil(lambda: _thai_and_normal(window), timeout=3000)
    assert not window.countdown.isVisible() and window.current == "welcome"


def test_the_next_citizen_gets_thai_and_the_normal_look_after_a_rating(
    qtbot: QtBot, window: KioskWindow, app: Context
) -> None:
    registration = visit.register_visitor(
        app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    window.invite_rating(registration.visit_id, registration.label)
    _choose_english_large_contrast_here(qtbot, window)
    tap(qtbot, window.rating.faces[10])
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)
    qtbot.waitUntil(lambda: _thai_and_normal(window), timeout=2000)


def _choose_english_large_contrast_here(qtbot: QtBot, window: KioskWindow) -> None:
    """The three buttons of the bottom bar, on whatever screen is shown."""
    tap(qtbot, window.language_button)
    tap(qtbot, window.large_button)
    tap(qtbot, window.contrast_button)
    qtbot.waitUntil(lambda: window.language_button.text_of() == "ภาษาไทย")


def test_starting_over_keeps_the_visitor_s_own_look(qtbot: QtBot, window: KioskWindow) -> None:
    tap(qtbot, window.large_button)
    tap(qtbot, window.welcome.start_button)
    tap(qtbot, window.picker.home_button)
    assert window.current == "welcome" and window.theme.large_text


def test_large_text_and_high_contrast_change_the_look(qtbot: QtBot, window: KioskWindow) -> None:
    label = window.welcome.centre
    before = label.fontInfo().pixelSize()
    tap(qtbot, window.large_button)
    QApplication.processEvents()
    assert window.theme.large_text
    assert label.fontInfo().pixelSize() > before
    tap(qtbot, window.contrast_button)
    assert window.theme.high_contrast
    assert "#000000" in window.styleSheet()


def test_quick_rating_is_stored_with_the_visit(qtbot: QtBot, window: KioskWindow, app: Context, db: Database) -> None:
    registration = visit.register_visitor(
        app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    window.invite_rating(registration.visit_id, registration.label)
    assert window.current == "rating"
    assert "A001" in window.rating.title.text()
    tap(qtbot, window.rating.faces[8])
    settle(qtbot, window)
    with db.read() as session:
        stored = register.get_visit(session, registration.visit_id)
    assert (stored.rating_score, stored.rating_max) == (8, 10)
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)


@pytest.mark.parametrize(
    "timing", [Timing(idle_seconds=60, countdown_seconds=10, ticket_seconds=60, thanks_seconds=60)]
)
def test_the_face_tapped_stays_lit_with_the_thanks(qtbot: QtBot, window: KioskWindow, app: Context) -> None:
    registration = visit.register_visitor(
        app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    window.invite_rating(registration.visit_id, registration.label)
    tap(qtbot, window.rating.faces[7])
    faces = window.rating.faces
    assert faces[7].property("on") == "true" and faces[7].isEnabled()
    assert all(not f.isEnabled() and f.property("on") == "false" for i, f in enumerate(faces) if i != 7)
    assert window.rating.question.text() == "ได้รับคะแนน 7 แล้ว ขอบคุณ ขอให้โชคดี"
    assert window.current == "rating"  # for the thanks' time, then the next visitor's turn


def test_visitors_finished_back_to_back_are_each_invited_once_in_turn(
    qtbot: QtBot, window: KioskWindow, app: Context, db: Database
) -> None:
    first, second = (
        visit.register_visitor(app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID)
        for _ in range(2)
    )
    window.invite_rating(first.visit_id, first.label)
    window.invite_rating(second.visit_id, second.label)
    window.invite_rating(first.visit_id, first.label)  # the same service ended twice (an outcome corrected)
    assert window.current == "rating" and first.label in window.rating.title.text()
    assert window.ratings_waiting == [second.label]
    tap(qtbot, window.rating.faces[10])
    qtbot.waitUntil(lambda: window.current == "rating" and second.label in window.rating.title.text(), timeout=3000)
    tap(qtbot, window.rating.faces[6])
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=3000)
    settle(qtbot, window)
    assert window.ratings_waiting == []
    with db.read() as session:
        scores = [register.get_visit(session, r.visit_id).rating_score for r in (first, second)]
    assert scores == [10, 6]
    window.invite_rating(second.visit_id, second.label)  # never twice
    assert window.current == "welcome"


@pytest.mark.parametrize("timing", [dataclasses.replace(FAST, rating_seconds=1.5)])
def test_an_invitation_nobody_answers_ends_quietly_and_the_next_visitor_is_invited(
    qtbot: QtBot, window: KioskWindow, app: Context, db: Database
) -> None:
    """Nobody is using the kiosk: no "ยังใช้งานอยู่หรือไม่?" over the invitation, which times out by itself."""
    first, second = (
        visit.register_visitor(app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID)
        for _ in range(2)
    )
    warned: list[str] = []
    watch = QTimer(window)
    watch.timeout.connect(lambda: warned.append(window.current) if window.countdown.isVisible() else None)
    watch.start(20)
    window.invite_rating(first.visit_id, first.label)
    window.invite_rating(second.visit_id, second.label)
    invited = time.monotonic()
    assert window.current == "rating" and first.label in window.rating.title.text()
    qtbot.waitUntil(lambda: second.label in window.rating.title.text(), timeout=5000)
    assert time.monotonic() - invited >= 1.4  # rating_seconds, not the 0.6 s after which a visit is warned
    assert window.current == "rating" and window.ratings_waiting == []
    qtbot.waitUntil(lambda: window.current == "welcome", timeout=5000)
    watch.stop()
    assert warned == []
    with db.read() as session:
        assert [register.get_visit(session, r.visit_id).rating_score for r in (first, second)] == [None, None]
    window.invite_rating(first.visit_id, first.label)  # each is invited once, answered or not
    assert window.current == "welcome"


def test_a_rating_waits_for_the_visitor_at_the_screen_to_finish(
    qtbot: QtBot, window: KioskWindow, app: Context
) -> None:
    registration = visit.register_visitor(
        app, service_code="nhso-rights", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    tap(qtbot, window.welcome.start_button)
    window.invite_rating(registration.visit_id, registration.label)
    assert window.current == "services"
    tap(qtbot, window.picker.home_button)
    assert window.current == "rating"


def _enter_pad_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    for key in pin:
        tap(qtbot, window.pin_pad.keys[key])
    tap(qtbot, window.pin_pad.keys["ok"])
    settle(qtbot, window)


def _corner_gesture(qtbot: QtBot, window: KioskWindow) -> None:
    corner = QPoint(window.width() - 10, 10)
    for _ in range(5):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=corner)


@pytest.mark.parametrize("kiosk_mode", [True])
def test_kiosk_mode_cannot_be_closed_without_the_pin(
    qtbot: QtBot, window: KioskWindow, db: Database, station: Station
) -> None:
    with db.write() as session:
        staff.create_officer(
            session,
            station,
            name="นายวีระ กล้าหาญ",
            role=Role.SUPERVISOR,
            pin="2468",
            actor="t",
            hasher=staff.fast_hasher(),
        )
    window.close()
    assert window.isVisible()
    _corner_gesture(qtbot, window)
    assert window.pin_pad.isVisible()
    _enter_pad_pin(qtbot, window, "1234")
    assert window.pin_pad.message.text() == "รหัส PIN ไม่ถูกต้อง (ลองได้อีก 4 ครั้ง)"
    assert window.pin_pad.field.text() == ""
    window.close()
    assert window.isVisible()
    with qtbot.waitSignal(window.unlocked, timeout=3000):
        _enter_pad_pin(qtbot, window, "2468")
    assert not window.pin_pad.isVisible()


@pytest.mark.parametrize("kiosk_mode", [True])
def test_quick_taps_that_arrive_as_double_clicks_count_too(qtbot: QtBot, window: KioskWindow) -> None:
    """On a real screen the second of two quick taps comes as a double click, not a press."""
    corner = QPointF(window.width() - 10, 10)
    for tap_number in range(5):
        kind = QEvent.Type.MouseButtonDblClick if tap_number % 2 else QEvent.Type.MouseButtonPress
        event = QMouseEvent(
            kind,
            corner,
            window.mapToGlobal(corner),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window, event)
    assert window.pin_pad.isVisible()


@pytest.mark.parametrize("timing", [Timing(pad_seconds=0.3)])
def test_the_pin_pad_opened_by_corner_taps_closes_when_left_alone(qtbot: QtBot, window: KioskWindow) -> None:
    _corner_gesture(qtbot, window)
    assert window.pin_pad.isVisible()
    tap(qtbot, window.pin_pad.keys["1"])
    qtbot.waitUntil(lambda: not window.pin_pad.isVisible(), timeout=3000)
    assert window.current == "welcome"


def _restarted(qtbot: QtBot, timer: QTimer, touch: Callable[[], object]) -> bool:
    """Whether ``touch`` starts ``timer`` again: it had run 1.2 s, and has nearly its whole interval left after (the
    timers are coarse: their time out may move by 5 % of the interval)."""
    assert timer.isActive()
    qtbot.wait(1200)
    before = timer.remainingTime()
    touch()
    return timer.isActive() and timer.remainingTime() > before + 600


@pytest.mark.parametrize("screen", ["welcome", "identify"])
def test_corner_taps_through_the_window_open_the_pin_pad(qtbot: QtBot, window: KioskWindow, screen: str) -> None:
    """As a finger's come: to the window's QWindow, then to whatever lies in the corner, then up to the window."""
    if screen != "welcome":
        choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    for _ in range(5):
        finger(window, QPoint(window.width() - 10, 10))
    assert window.pin_pad.isVisible()


@pytest.mark.parametrize("timing", [Timing(idle_seconds=6, pad_seconds=6)])
def test_taps_on_an_overlay_keep_it_and_the_visit_open(qtbot: QtBot, window: KioskWindow) -> None:
    """A key of the PIN pad restarts the pad's time; a tap on the dimmed layer of "start over?" the visit's."""
    window.open_pin_pad()
    one = window.pin_pad.keys["1"]
    assert _restarted(qtbot, window._pad_idle, lambda: finger(window, one.mapTo(window, one.rect().center())))
    assert window.pin_pad.field.text() == "1"
    tap(qtbot, window.pin_pad.cancel)
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    tap(qtbot, window.identify.home_button)
    assert window.restart.isVisible()
    assert _restarted(qtbot, window._idle, lambda: finger(window, QPoint(10, window.height() // 2)))
    assert window.restart.isVisible() and window.current == "identify"


@pytest.mark.parametrize("timing", [Timing(idle_seconds=6)])
def test_beside_the_desk_only_the_kiosk_s_part_of_the_window_counts(qtbot: QtBot, window: KioskWindow) -> None:
    """On Wayland the kiosk and the desk share one window (ui/outputs.py): the officer's taps and keys on the desk
    keep no visitor's screen open, nor open the PIN pad; the kiosk's corner is its own, not the window's."""
    span = QWidget()
    qtbot.addWidget(span)
    desk = QLineEdit(span)
    desk.setGeometry(0, 0, window.width(), window.height())
    span.resize(window.width() * 2, window.height())
    window.setParent(span)
    window.move(window.width(), 0)  # the kiosk on the right, the desk on the left
    span.show()
    window.show()
    qtbot.waitExposed(span)
    choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
    desk_corner = QPoint(window.width() - 10, 10)  # the desk's top right, where the kiosk's corner is in its own
    assert not _restarted(qtbot, window._idle, lambda: finger(span, desk_corner))
    desk.setFocus()
    handle = span.windowHandle()
    assert handle is not None
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    assert not _restarted(qtbot, window._idle, lambda: QApplication.sendEvent(handle, key))
    assert desk.text() == "a"
    for _ in range(4):
        finger(span, desk_corner)
    assert not window.pin_pad.isVisible()
    name = window.identify.type_button
    assert _restarted(
        qtbot, window._idle, lambda: finger(span, name.mapTo(span, QPoint(5, 5)), (QEvent.Type.MouseButtonPress,))
    )
    for _ in range(5):
        finger(span, QPoint(window.width() * 2 - 10, 10))
    assert window.pin_pad.isVisible()
    window.setParent(None)


@pytest.mark.parametrize("kiosk_mode", [True])
def test_pin_pad_says_when_the_register_is_not_ready(qtbot: QtBot, window: KioskWindow) -> None:
    window.app = None  # as while the register opens, or when it could not be opened
    _corner_gesture(qtbot, window)
    _enter_pad_pin(qtbot, window, "2468")
    assert window.pin_pad.message.text() == "ยังตรวจรหัสไม่ได้: ฐานข้อมูลยังไม่พร้อม"
    window.close()
    assert window.isVisible()
