"""The supervisor's officers page: add an officer who can then sign in, new PINs, lock-outs, retiring."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Context
from kiosk.app import officers as ops
from kiosk.models import Role
from kiosk.staff import StaffError, StaffSession
from tests.helpers import cell_text, settle, tap, type_text
from tests.ui.staff.conftest import OFFICER_PIN, SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import choose_name, enter_pin, sign_in
from ui.staff.area import StaffArea
from ui.staff.officers import OfficersPage

NEW_NAME = "นางสาววิไล สายทอง"


def open_page(qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]) -> OfficersPage:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["officers"])
    settle(qtbot, area)
    assert area.current == "officers"
    return area.officers


def row_of(page: OfficersPage, name: str) -> list[str]:
    for i in range(page.table.rowCount()):
        cells = [cell_text(page.table, i, j) for j in range(page.table.columnCount())]
        if cells[0].startswith(name):
            return cells
    raise AssertionError(f"{name} not listed")


def sign_out(qtbot: QtBot, area: StaffArea) -> None:
    tap(qtbot, area.sign_out_button)
    settle(qtbot, area)


def test_supervisor_adds_an_officer_who_then_signs_in(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    page = open_page(qtbot, area, officers)
    assert page.table.rowCount() == 2
    assert row_of(page, officers["supervisor"].name)[0].endswith("(ท่าน)")
    assert page.name.isVisible() and page.role.isVisible()
    type_text(page.name, NEW_NAME)
    type_text(page.pin, "25a9x1")  # the field takes digits only
    assert page.pin.text() == "2591"
    type_text(page.again, "2589")
    tap(qtbot, page.save)
    settle(qtbot, area)
    assert "ไม่ตรงกัน" in page.error.text() and "the two PINs differ" not in page.error.text()
    assert page.pin.text() == page.again.text() == ""  # typed again, never kept
    assert page.table.rowCount() == 2
    assert len(ops.everyone(desk, officers["supervisor"])) == 2  # nothing added

    type_text(page.pin, "2591")
    type_text(page.again, "2591")
    tap(qtbot, page.save)
    settle(qtbot, area)
    assert page.error.text() == ""
    assert page.name.text() == "" and page.pin.text() == ""
    assert row_of(page, NEW_NAME) == [NEW_NAME, "เจ้าหน้าที่", "ใช้งาน", "ตั้งแล้ว", "–"]
    chosen = page.selected()
    assert chosen is not None and chosen.name == NEW_NAME
    assert NEW_NAME in area.message.text()

    sign_out(qtbot, area)
    new = next(o for o in ops.who_can_sign_in(desk) if o.name == NEW_NAME)
    button = area.signin.name_button(new.id)
    assert button is not None and button.isVisible()
    tap(qtbot, button)
    enter_pin(qtbot, area, "2591")
    assert area.current == "queue"
    assert area.ctx.who is not None and area.ctx.who.name == NEW_NAME and area.ctx.who.role is Role.OFFICER
    assert not area.tabs["officers"].isVisible()


def test_unlock_lifts_a_lock_out(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    officer = officers["officer"]
    for _ in range(5):
        with pytest.raises(StaffError):
            ops.sign_in(desk, officer.id, "9753")
    page = open_page(qtbot, area, officers)
    assert row_of(page, officer.name)[4] == "ล็อกถึง 10:05 น."  # the clock stands at 10:00 Bangkok
    page.select_officer(officers["supervisor"].id)
    assert not page.unlock.isEnabled()  # nothing to lift
    page.select_officer(officer.id)
    assert page.unlock.isEnabled()
    tap(qtbot, page.unlock)
    settle(qtbot, area)
    assert row_of(page, officer.name)[4] == "–"
    assert not page.unlock.isEnabled()

    sign_out(qtbot, area)
    choose_name(qtbot, area, officer.id)
    assert not area.signin.lock.isVisible()
    enter_pin(qtbot, area, OFFICER_PIN)
    assert area.current == "queue" and area.ctx.who == officer


def test_new_pin_for_an_officer(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    officer = officers["officer"]
    page = open_page(qtbot, area, officers)
    page.select_officer(officer.id)
    tap(qtbot, page.reset_pin)
    assert officer.name in page.form_title.text()
    assert not page.name.isVisible() and not page.role.isVisible()
    type_text(page.pin, "๘๖๔๒")  # Thai digits are the same PIN
    type_text(page.again, "8642")
    tap(qtbot, page.save)
    settle(qtbot, area)
    assert page.error.text() == "" and page.pin_for is None
    with pytest.raises(StaffError):
        ops.sign_in(desk, officer.id, OFFICER_PIN)
    assert ops.sign_in(desk, officer.id, "8642") == officer


def test_retire_and_take_back_but_never_oneself(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    officer, boss = officers["officer"], officers["supervisor"]
    page = open_page(qtbot, area, officers)
    page.select_officer(boss.id)
    assert not page.toggle_active.isEnabled()  # oneself, and the only supervisor
    page.select_officer(officer.id)
    assert page.toggle_active.isEnabled() and page.toggle_active.text() == "ระงับการใช้งาน"
    tap(qtbot, page.toggle_active)
    settle(qtbot, area)
    assert row_of(page, officer.name)[2] == "ระงับแล้ว"
    assert page.toggle_active.text() == "ใช้งานอีกครั้ง"
    assert officer.id not in [o.id for o in ops.who_can_sign_in(desk)]

    sign_out(qtbot, area)
    assert area.signin.name_button(officer.id) is None  # gone from the sign-in page
    sign_in(qtbot, area, boss, SUPERVISOR_PIN)
    tap(qtbot, area.tabs["officers"])
    settle(qtbot, area)
    page.select_officer(officer.id)
    tap(qtbot, page.toggle_active)
    settle(qtbot, area)
    assert row_of(page, officer.name)[2] == "ใช้งาน"
    assert officer.id in [o.id for o in ops.who_can_sign_in(desk)]
