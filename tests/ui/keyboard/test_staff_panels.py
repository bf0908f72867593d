"""The staff area's panels with the on-screen keyboard up: nothing squeezed, and one tap on บันทึก saves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import IdMethod, VisitResult
from kiosk.register import day_log
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, visitor
from tests.ui.keyboard.keys import tap_widget, type_on, wait_for
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.app import KioskStaffLayer
from ui.staff.area import StaffArea
from ui.staff.dialogs import Panel
from ui.widgets import keyboard
from ui.window import KioskWindow


@pytest.fixture
def area(qtbot: QtBot, kiosk: KioskWindow, officers: dict[str, StaffSession]) -> Iterator[StaffArea]:
    layer = KioskStaffLayer(kiosk)
    layer.open()
    settle(qtbot, kiosk)
    assert layer.area is not None
    sign_in(qtbot, layer.area, officers["supervisor"], SUPERVISOR_PIN)
    yield layer.area
    layer.close()


def card_top(panel: Panel) -> int:
    return panel.card.mapTo(panel.window(), panel.card.rect().topLeft()).y()


def type_into(qtbot: QtBot, area: StaffArea, field: QLineEdit, text: str) -> None:
    tap_widget(field)
    staff_keyboard = area.keyboard
    assert staff_keyboard is not None
    wait_for(lambda: staff_keyboard.shown, "the keyboard")
    type_on(keyboard.shared(), text)


def not_squeezed(panel: Panel) -> None:
    """Every field and label of the panel has at least the height it asks for."""
    shown = [w for w in panel.content.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)]
    for widget in shown:
        if widget.isVisible() and widget.minimumSizeHint().isValid():
            assert widget.height() >= widget.minimumSizeHint().height(), widget


def save_in_one_tap(qtbot: QtBot, area: StaffArea, panel: Panel) -> None:
    staff_keyboard = area.keyboard
    assert staff_keyboard is not None and staff_keyboard.shown
    top = card_top(panel)
    not_squeezed(panel)
    bottom_of_save = panel.save.mapTo(area, panel.save.rect().bottomLeft()).y()
    assert bottom_of_save < keyboard.shared().geometry().top()  # บันทึก is in sight, above the keys
    tap_widget(panel.save)  # one press and one release where บันทึก is on screen
    settle(qtbot, area)
    assert card_top(panel) == top or not panel.isVisible()  # the card did not jump under the finger


def test_the_outcome_is_saved_with_one_tap_while_the_keyboard_is_up(
    qtbot: QtBot, area: StaffArea, db: Database, station: Station
) -> None:
    visit_id = visitor(db, station)
    area.queue.refresh()
    settle(qtbot, area)
    tap_widget(area.queue.call_next)
    settle(qtbot, area)
    tap_widget(area.queue.buttons["outcome"])
    panel = area.outcome_panel
    type_into(qtbot, area, panel.note, "ส่ง")
    save_in_one_tap(qtbot, area, panel)
    assert not panel.isVisible()
    with db.read() as session:
        saved = {v.id: v for v in day_log(session, station.today())}[visit_id]
    assert saved.result is VisitResult.SUCCESS and saved.note == "ส่ง"


def test_the_fill_in_panel_saves_with_one_tap_while_the_keyboard_is_up(
    qtbot: QtBot, area: StaffArea, db: Database, station: Station
) -> None:
    visit_id = visitor(db, station, name=None, method=IdMethod.OFFICER)
    with db.read() as session:
        record = {v.id: v for v in day_log(session, station.today())}[visit_id]
    area.complete_panel.open_for(record)
    panel = area.complete_panel
    type_into(qtbot, area, panel.full_name, "สมชาย")
    save_in_one_tap(qtbot, area, panel)
    assert not panel.isVisible()
    with db.read() as session:
        saved = {v.id: v for v in day_log(session, station.today())}[visit_id]
    assert saved.full_name == "สมชาย"


def test_the_correction_is_saved_with_one_tap_while_the_keyboard_is_up(
    qtbot: QtBot, area: StaffArea, db: Database, station: Station
) -> None:
    visit_id = visitor(db, station)
    area.correction_panel.open_for(visit_id)
    settle(qtbot, area)
    panel = area.correction_panel
    type_into(qtbot, area, panel.note, "ส่ง")
    save_in_one_tap(qtbot, area, panel)
    with db.read() as session:
        saved = {v.id: v for v in day_log(session, station.today())}[visit_id]
    assert saved.note == "ส่ง"
    assert panel.error.text() == "บันทึกการแก้ไขแล้ว"
