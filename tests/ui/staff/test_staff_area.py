"""The staff area driven by taps on a real register: sign-in, the queue, outcomes, corrections, exports."""

from __future__ import annotations

import csv
import threading
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.app import Context, catalogue, queue, slips
from kiosk.db import Database
from kiosk.models import AuditEvent, IdMethod, VisitResult, VisitStatus
from kiosk.register import VisitRecord, audit_trail, day_log
from kiosk.staff import StaffSession
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.helpers import FakeClock, FakePrinter, cell_text, settle, tap, type_text, visitor
from tests.ui.staff.conftest import OFFICER_PIN, SUPERVISOR_PIN
from ui.staff.area import SUPERVISOR_PAGES, StaffArea
from ui.staff.common import MIN_BUTTON_PX


def enter_pin(qtbot: QtBot, area: StaffArea, pin: str) -> None:
    for digit in pin:
        tap(qtbot, area.signin.keys[digit])
    tap(qtbot, area.signin.keys["ok"])
    settle(qtbot, area)


def choose_name(qtbot: QtBot, area: StaffArea, officer_id: uuid.UUID) -> None:
    button = area.signin.name_button(officer_id)
    assert button is not None, "the name is not on the sign-in page"
    tap(qtbot, button)


def sign_in(qtbot: QtBot, area: StaffArea, who: StaffSession, pin: str) -> None:
    choose_name(qtbot, area, who.id)
    enter_pin(qtbot, area, pin)


def records(db: Database, station: Station) -> dict[uuid.UUID, VisitRecord]:
    with db.read() as session:
        return {v.id: v for v in day_log(session, station.today())}


# Signing in -------------------------------------------------------------------------------


def test_after_a_refresh_the_chosen_name_is_marked_on_the_button_on_screen(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]
) -> None:
    officer = officers["officer"]
    choose_name(qtbot, area, officer.id)
    area.signin.refresh()
    # The callback has run; the buttons it replaced are still waiting for Qt to delete them.
    qtbot.waitUntil(lambda: area.ctx.tasks.pending == 0, timeout=5000)
    names = [b for b in area.signin.findChildren(QPushButton) if b.objectName().startswith("officer-")]
    on_screen = [b for b in names if b.isVisible()]
    assert len(on_screen) == len(officers)
    assert [b.objectName() for b in on_screen if b.isChecked()] == [f"officer-{officer.id}"]
    assert area.signin.name_button(officer.id) in on_screen
    enter_pin(qtbot, area, OFFICER_PIN)
    assert area.ctx.who == officer


def test_officer_signs_in_and_sees_no_supervisor_pages(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]
) -> None:
    assert area.current == "signin"
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    assert area.current == "queue"
    assert area.ctx.who == officers["officer"]
    assert officers["officer"].name in area.who.text()
    assert all(not area.tabs[name].isVisible() for name in SUPERVISOR_PAGES)
    assert area.tabs["day"].isVisible()
    area.show_page("export")  # not for an officer: nothing happens
    assert area.current == "queue"
    tap(qtbot, area.sign_out_button)
    settle(qtbot, area)
    assert area.current == "signin" and area.ctx.who is None


def test_five_wrong_pins_lock_the_name_for_five_minutes_and_say_so(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], clock: FakeClock
) -> None:
    officer = officers["officer"]
    choose_name(qtbot, area, officer.id)
    for attempt in range(1, 5):
        enter_pin(qtbot, area, "9753")
        assert f"ลองได้อีก {5 - attempt} ครั้ง" in area.signin.error.text()
        assert "wrong PIN" not in area.signin.error.text()  # staff read Thai; the English is for the log
    enter_pin(qtbot, area, "9753")
    lock = area.signin.lock
    assert lock.isVisible()
    assert "10:05 น." in lock.text() and "5 นาที" in lock.text()  # the clock stands at 10:00 Bangkok
    assert not area.signin.keys["ok"].isEnabled()
    assert not area.signin.keys["1"].isEnabled()
    # Choosing the name again still shows the lock (it comes from the register, not the widget).
    area.signin.refresh()
    settle(qtbot, area)
    choose_name(qtbot, area, officer.id)
    assert area.signin.lock.isVisible()
    clock.advance(minutes=5, seconds=1)
    area.signin._show_lock()  # the page's one-second timer does this
    assert not area.signin.lock.isVisible()
    enter_pin(qtbot, area, OFFICER_PIN)
    assert area.current == "queue"


def test_idle_signs_out(qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]) -> None:
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    assert area.current == "queue"
    # The configured minutes, shortened once signed in (shortened before, a slow sign-in on a busy
    # machine let the idle fire before the queue page was checked); setInterval restarts the timer.
    area._idle.setInterval(300)
    with qtbot.waitSignal(area.signed_out, timeout=15000) as signal:
        pass
    assert signal.args == ["idle"]
    assert area.current == "signin"
    assert "ไม่มีการใช้งาน" in area.message.text()


def test_signing_out_leaves_no_message_for_the_next_person(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.show_message("พิมพ์สลิปแบบสำรวจความพึงพอใจแล้ว", False)
    assert area.message_bar.isVisible()
    tap(qtbot, area.sign_out_button)
    assert area.current == "signin" and not area.message_bar.isVisible()


# The officer's day ------------------------------------------------------------------------


def test_call_next_takes_the_priority_lane_first(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    clock: FakeClock,
) -> None:
    first = visitor(db, station)
    clock.advance(minutes=1)
    monk = visitor(db, station, VisitorGroup.CLERGY)
    clock.advance(minutes=1)
    last = visitor(db, station)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    waiting = area.queue.lists["waiting"]
    assert [waiting.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(waiting.count())] == [monk, first, last]
    called = []
    for _ in range(3):
        tap(qtbot, area.queue.call_next)
        settle(qtbot, area)
        assert area.queue.selected is not None
        called.append(area.queue.selected.id)
    assert called == [monk, first, last]
    assert not area.queue.call_next.isEnabled()  # nobody waits
    assert area.queue.lists["now"].count() == 3


def test_outcome_needs_a_reason_then_prints_the_survey_and_invites_the_rating(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    slip_printer: FakePrinter,
    invited: list[tuple[uuid.UUID, str]],
) -> None:
    vid = visitor(db, station)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    tap(qtbot, area.queue.call_next)
    settle(qtbot, area)
    tap(qtbot, area.queue.buttons["start"])
    settle(qtbot, area)
    assert records(db, station)[vid].status is VisitStatus.SERVING
    tap(qtbot, area.queue.buttons["outcome"])
    panel = area.outcome_panel
    assert panel.isVisible()
    tap(qtbot, panel.choices[VisitResult.REFERRED])
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert "กรุณาระบุเหตุผล" in panel.error.text() and "reason is required" not in panel.error.text()
    assert records(db, station)[vid].status is VisitStatus.SERVING
    panel.reason.setCurrentText("ส่งต่อหน่วยงานเจ้าของบริการ")
    type_text(panel.note, "นัดวันจันทร์")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    settle(qtbot, area)  # the survey slip, then the queue again
    assert not panel.isVisible()
    done = records(db, station)[vid]
    assert (done.status, done.result, done.result_reason, done.note, done.officer_name) == (
        VisitStatus.DONE,
        VisitResult.REFERRED,
        "ส่งต่อหน่วยงานเจ้าของบริการ",
        "นัดวันจันทร์",
        officers["officer"].name,
    )
    assert [s.label for s in slip_printer.surveys] == ["A001"]
    assert done.survey_slip_printed
    assert invited == [(vid, "A001")]
    assert area.queue.lists["done"].count() == 1


def test_completing_a_registration_left_to_the_officer(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    assert "รอเจ้าหน้าที่กรอกชื่อ 1 ราย" in area.queue.slips.text()
    area.queue.select_visit(vid)
    assert area.queue.buttons["complete"].isEnabled()
    tap(qtbot, area.queue.buttons["complete"])
    panel = area.complete_panel
    type_text(panel.full_name, "มาลี 123")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert panel.isVisible() and "ชื่อใช้ได้เฉพาะตัวอักษร" in panel.error.text()
    assert panel.full_name.property("invalid") is True
    panel.full_name.clear()
    type_text(panel.full_name, "มาลี บุญมา")
    panel.national_id.setText("1101700203727")
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert not panel.isVisible()
    record = records(db, station)[vid]
    assert record.full_name == "มาลี บุญมา"
    assert record.national_id_masked == "1-xxxx-xxxxx-x2-7"
    assert "รอเจ้าหน้าที่กรอกชื่อ 0 ราย" in area.queue.slips.text()


def test_correction_from_the_day_log_shows_the_audit_trail(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    tap(qtbot, area.tabs["day"])
    settle(qtbot, area)
    area.day.table.selectRow(0)
    tap(qtbot, area.day.correct)
    settle(qtbot, area)
    panel = area.correction_panel
    assert panel.isVisible() and panel.full_name.text() == "สมชาย ใจดี"
    assert panel.trail.rowCount() == 0
    panel.full_name.clear()
    type_text(panel.full_name, "สมชาย ใจงาม")
    panel.group_box.setCurrentIndex(panel.group_box.findData("elderly"))
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert panel.trail.rowCount() == 1
    cells = [cell_text(panel.trail, 0, c) for c in range(4)]
    assert cells[1] == officers["officer"].name and cells[2] == "แก้ไข"
    assert "ชื่อ–สกุล: สมชาย ใจดี → สมชาย ใจงาม" in cells[3]
    assert "กลุ่มผู้รับบริการ: ทั่วไป → ผู้สูงอายุ" in cells[3]
    with db.read() as session:
        (event,) = audit_trail(session, vid)
    assert event.actor == officers["officer"].name
    assert area.day.model.visits[0].full_name == "สมชาย ใจงาม"  # the table was refreshed


def test_day_log_sorts_filters_totals_and_closes_the_day(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    desk: Context,
    db: Database,
    station: Station,
    clock: FakeClock,
) -> None:
    a = visitor(db, station)
    clock.advance(minutes=2)
    b = visitor(db, station, VisitorGroup.ELDERLY, service="thaid")
    clock.advance(minutes=2)
    visitor(db, station, name="ทองดี รักไทย")
    officer = officers["officer"]
    queue.finish(desk, officer, a, result=VisitResult.SUCCESS)
    queue.finish(desk, officer, b, result=VisitResult.FAILED, reason="เอกสารไม่ครบ")
    sign_in(qtbot, area, officer, OFFICER_PIN)
    tap(qtbot, area.tabs["day"])
    settle(qtbot, area)
    page = area.day
    assert page.proxy.rowCount() == 3
    assert "ทั้งหมด 3 ราย" in page.totals_text.text()
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by name
    names = [page.proxy.index(r, 2).data() for r in range(3)]
    assert names == sorted(names)
    page.outcome_filter.setCurrentIndex(page.outcome_filter.findData("failed"))
    assert page.proxy.rowCount() == 1
    assert "ทั้งหมด 1 ราย" in page.totals_text.text() and "ผู้สูงอายุ: 1" in page.totals_text.text()
    page.outcome_filter.setCurrentIndex(0)
    page.group_filter.setCurrentIndex(page.group_filter.findData(VisitorGroup.GENERAL.value))
    assert page.proxy.rowCount() == 2
    assert "สำเร็จ: 1" in page.totals_text.text() and "ยังไม่เสร็จ: 1" in page.totals_text.text()
    tap(qtbot, page.close_day)
    tap(qtbot, page.confirm_close)
    settle(qtbot, area)
    assert "ปิดวันแล้ว" in page.closed_label.text() and officer.name in page.closed_label.text()
    statuses = {v.status for v in records(db, station).values()}
    assert VisitStatus.WAITING not in statuses and VisitStatus.NO_SHOW in statuses


def test_reprint_queue_prints_a_failed_survey_slip_again(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    desk: Context,
    db: Database,
    station: Station,
    slip_printer: FakePrinter,
) -> None:
    vid = visitor(db, station)
    queue.finish(desk, officers["officer"], vid, result=VisitResult.SUCCESS)
    slips.print_survey(replace(desk, printer=None), vid)  # no printer: queued
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    tap(qtbot, area.tabs["reprints"])
    settle(qtbot, area)
    assert area.reprints.table.rowCount() == 1
    assert cell_text(area.reprints.table, 0, 1) == "สลิปแบบสำรวจ"
    tap(qtbot, area.reprints.reprint)
    settle(qtbot, area)
    assert [s.label for s in slip_printer.surveys] == ["A001"]
    assert area.reprints.table.rowCount() == 0


# The supervisor ---------------------------------------------------------------------------


def test_export_shows_progress_and_full_id_needs_a_confirmation(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    tmp_path: Path,
) -> None:
    for group in (VisitorGroup.GENERAL, VisitorGroup.ELDERLY, VisitorGroup.GENERAL):
        visitor(db, station, group)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["export"])
    page = area.export
    seen: list[float] = []
    page.relay.fraction.connect(seen.append)
    tap(qtbot, page.format_buttons["csv"])
    tap(qtbot, page.export)
    settle(qtbot, area)
    qtbot.waitUntil(lambda: "ส่งออกแล้ว 3 รายการ" in page.result.text(), timeout=3000)
    assert seen and seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    assert not page.progress.isVisible()
    (path,) = (tmp_path / "exports").glob("*.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[2] for r in rows[1:]] == ["สมชาย ใจดี"] * 3
    page.full_id.setChecked(True)
    tap(qtbot, page.export)
    assert page.warning.isVisible() and page.confirm.isVisible()  # nothing written yet
    assert len(list((tmp_path / "exports").glob("*.csv"))) == 1
    tap(qtbot, page.confirm)
    settle(qtbot, area)
    qtbot.waitUntil(lambda: "ส่งออกแล้ว" in page.result.text(), timeout=3000)
    with db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "register")).all()
    assert sorted(actions) == ["export", "export_full_id"]


def test_export_can_be_cancelled(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station, tmp_path: Path
) -> None:
    visitor(db, station)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["export"])
    page = area.export
    tap(qtbot, page.format_buttons["csv"])
    gate = threading.Event()
    area.ctx.tasks.submit("db", gate.wait, lambda _f: None)  # hold the database worker
    tap(qtbot, page.export)
    assert page.progress.isVisible() and page.cancel.isVisible()
    tap(qtbot, page.cancel)
    gate.set()
    settle(qtbot, area)
    qtbot.waitUntil(lambda: "ยกเลิก" in page.result.text(), timeout=15000)
    assert not list((tmp_path / "exports").glob("*.csv"))


def test_supervisor_turns_a_service_off(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["catalogue"])
    settle(qtbot, area)
    page = area.catalogue
    page.table.selectRow(0)
    service = page.selected()
    assert service is not None
    code = service.code
    type_text(page.message_edit, "ปิดปรับปรุงระบบ")
    tap(qtbot, page.toggle)
    settle(qtbot, area)
    entry = {s.code: s for s in catalogue.services(desk)}[code]
    assert not entry.active and entry.inactive_message_th == "ปิดปรับปรุงระบบ"
    assert cell_text(page.table, 0, 3).startswith("ปิด")


def test_supervisor_adds_a_weekly_duty(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], station: Station
) -> None:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["roster"])
    settle(qtbot, area)
    page = area.roster
    page.officer.setCurrentIndex(page.officer.findData(str(officers["officer"].id)))
    page.weekly.setChecked(True)
    type_text(page.order_ref, "ที่ 12/2569")
    tap(qtbot, page.add)
    settle(qtbot, area)
    assert page.duties.rowCount() == 2  # today and a week later, within the two weeks shown
    assert cell_text(page.duties, 0, 2) == officers["officer"].name
    assert cell_text(page.lines, 0, 3) == "ที่ 12/2569"


def test_sync_page_shows_pending_rows_and_no_hub(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    visitor(db, station)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["sync"])
    settle(qtbot, area)
    assert area.sync.values["pending"].text() == "1 รายการ"
    assert "ยังไม่ได้ตั้งค่าการส่งข้อมูล" in area.sync.values["state"].text()
    assert not area.sync.sync_now.isEnabled()


@pytest.mark.parametrize("page", ["signin", "queue", "day", "roster", "officers", "export"])
def test_buttons_are_at_least_48_px_high_on_a_small_screen(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], page: str
) -> None:
    assert area.ctx.theme.scale < 0.7  # 1280×800: the design sizes shrink, the buttons may not
    if page != "signin":
        sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
        area.show_page(page)
        settle(qtbot, area)
    shown = [b for b in area.pages[page].findChildren(QPushButton) if b.isVisible()]
    assert shown
    assert min(b.height() for b in shown) >= MIN_BUTTON_PX
