"""The staff area: Thai fields check what is typed, the ID field groups digits, messages move nothing."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.staff import StaffSession
from kiosk.station import Station
from kiosk.validation import ValidationError, _problem
from tests.helpers import settle, tap, type_text, visitor
from tests.ui.staff.conftest import OFFICER_PIN
from tests.ui.staff.test_staff_area import choose_name, enter_pin, records, sign_in
from ui.staff.area import StaffArea


def place(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())


def laid_out() -> None:
    for _ in range(3):
        QApplication.processEvents()


def keys(area: StaffArea) -> dict[str, QRect]:
    return {key: place(button, area) for key, button in area.signin.keys.items()}


def test_a_wrong_pin_and_the_lock_move_no_key_of_the_sign_in_pad(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]
) -> None:
    choose_name(qtbot, area, officers["officer"].id)
    laid_out()
    before = keys(area)
    enter_pin(qtbot, area, "9753")
    laid_out()
    assert area.signin.error.text() and area.signin.error.isVisible()
    assert keys(area) == before
    for _ in range(4):
        enter_pin(qtbot, area, "9753")
    laid_out()
    assert area.signin.lock.isVisible() and not area.signin.error.isVisible()
    assert keys(area) == before


def test_an_error_in_the_fill_in_panel_moves_neither_save_nor_the_fields(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["complete"])
    panel = area.complete_panel
    laid_out()
    spots = {"save": panel.save, "cancel": panel.cancel, "id": panel.national_id}
    before = {name: place(widget, area) for name, widget in spots.items()}
    panel.show_error(ValidationError([_problem("id.checksum", "national_id"), _problem("name.chars", "full_name")]))
    laid_out()
    assert panel.error.text()
    assert {name: place(widget, area) for name, widget in spots.items()} == before


def test_the_fill_in_panel_checks_thai_and_groups_the_id(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], db: Database, station: Station
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
    area.queue.select_visit(vid)
    tap(qtbot, area.queue.buttons["complete"])
    panel = area.complete_panel
    assert panel.national_id.inputMask() == ""  # no squiggle of placeholders
    type_text(panel.full_name, "นายคำีมา")  # ี cannot follow ำ
    type_text(panel.national_id, "1101.700 230708")
    assert panel.full_name.text() == "นายคำมา"
    assert panel.national_id.text() == "1-1017-00230-70-8"
    tap(qtbot, panel.save)
    settle(qtbot, area)
    assert not panel.isVisible(), panel.error.text()
    record = records(db, station)[vid]
    assert (record.full_name, record.national_id_masked) == ("นายคำมา", "1-xxxx-xxxxx-x0-8")


def test_every_thai_text_field_of_the_panels_has_the_check(area: StaffArea) -> None:
    from ui.widgets.thaiinput import ThaiInput

    fields = [
        area.complete_panel.full_name,
        area.correction_panel.full_name,
        area.correction_panel.reason,
        area.correction_panel.note,
        area.outcome_panel.note,
    ]
    reason = area.outcome_panel.reason.other  # the line for a reason not in the list
    for field in [*fields, reason]:
        assert field.findChild(ThaiInput) is not None, field.objectName()
        field.setText("")
        type_text(field, "คำี")
        assert field.text() == "คำ", field.objectName()


def test_the_sign_in_pin_takes_digits_only(qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]) -> None:
    choose_name(qtbot, area, officers["officer"].id)
    type_text(area.signin.pin, "12. a3๔")
    assert area.signin.pin.text() == "123๔"
