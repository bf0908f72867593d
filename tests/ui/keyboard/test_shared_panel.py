"""One keyboard panel per process: after the staff area has used it, the citizen's fields type again."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, visitor
from tests.ui.keyboard.keys import labels, tap_widget, type_on, wait_for
from tests.ui.staff.conftest import OFFICER_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.app import KioskStaffLayer
from ui.widgets import keyboard
from ui.window import KioskWindow

THAI = {"ส", "ม", "ช", "า", "ย"}


def type_as_a_citizen(qtbot: QtBot, kiosk: KioskWindow) -> None:
    """The name on the Thai keys, then the ID on the digit pad that the ID field brings."""
    kiosk.show_screen("details")
    panel = keyboard.shared()
    details = kiosk.details
    assert panel.parentWidget() is details and panel.isVisible()
    tap_widget(details.fields["full_name"])
    wait_for(lambda: labels(panel) >= THAI, "the Thai keys")
    type_on(panel, "สมชาย")
    assert details.fields["full_name"].text() == "สมชาย"
    tap_widget(details.fields["national_id"])
    wait_for(lambda: "5" in labels(panel) and not THAI & labels(panel), "the digit pad")
    type_on(panel, "1101700230705")
    assert "".join(ch for ch in details.fields["national_id"].text() if ch.isdigit()) == "1101700230705"


@pytest.mark.parametrize("use", ["open-close", "sign-in-type-sign-out"])
def test_after_the_staff_area_the_citizen_keyboard_types_the_name_and_the_id(
    qtbot: QtBot,
    kiosk: KioskWindow,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
    use: str,
) -> None:
    layer = KioskStaffLayer(kiosk)
    layer.open()
    settle(qtbot, kiosk)
    area = layer.area
    assert area is not None
    if use == "sign-in-type-sign-out":
        visitor(db, station)
        sign_in(qtbot, area, officers["officer"], OFFICER_PIN)
        tap_widget(area.queue.call_next)
        settle(qtbot, kiosk)
        tap_widget(area.queue.buttons["outcome"])
        tap_widget(area.outcome_panel.note)
        staff_keyboard = area.keyboard
        assert staff_keyboard is not None
        wait_for(lambda: staff_keyboard.shown, "the keyboard under the note")
        assert staff_keyboard.panel is keyboard.shared()  # lent, not a second panel
        type_on(keyboard.shared(), "ส่ง")
        assert area.outcome_panel.note.text() == "ส่ง"
        tap_widget(area.outcome_panel.cancel)
        tap_widget(area.sign_out_button)
        settle(qtbot, kiosk)
    if layer.is_open:  # (a sign-out hands the screen back by itself)
        tap_widget(area.signin.leave_button)
    assert not layer.is_open
    type_as_a_citizen(qtbot, kiosk)
    # and once more after a second visit to the staff area
    layer.open()
    settle(qtbot, kiosk)
    layer.close()
    type_as_a_citizen(qtbot, kiosk)


def test_a_lent_panel_stays_with_its_holder_until_given_back_and_then_takes_its_home_height(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    panel = keyboard.shared()
    details = kiosk.details
    home_index = details.content.indexOf(panel)
    assert home_index >= 0 and not panel.lent
    holder = QWidget(kiosk)
    panel.lend(holder)
    panel.setGeometry(0, 0, 400, 100)  # the holder places it as it likes
    assert panel.lent and panel.parentWidget() is holder and details.content.indexOf(panel) < 0
    details.set_keyboard(panel)  # a home given while it is out (the staff area built it first)
    panel.settle(details.content, home_index, 1)
    assert panel.parentWidget() is holder and panel.height() == 100
    panel.give_back()
    assert panel.parentWidget() is details and details.content.indexOf(panel) == home_index
    assert panel.minimumHeight() == kiosk.theme.px(keyboard.MIN_HEIGHT) and not panel.isHidden()
