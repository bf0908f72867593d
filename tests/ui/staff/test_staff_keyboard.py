"""The staff area's on-screen keyboard: along the bottom while a text field has the focus, never under a tap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.staff.keyboard import StaffKeyboard
from ui.theme import Theme
from ui.widgets.overlay import Overlay

KEYBOARD_PX = 200


class Area(QWidget):
    """A page with a text field, a button and an overlay, as the staff area has."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit()
        self.button = QPushButton("บันทึก")
        self.box.addWidget(self.field)
        self.box.addWidget(self.button)
        self.overlay = Overlay(self, Theme())


@pytest.fixture
def area(qtbot: QtBot) -> Iterator[Area]:
    widget = Area()
    widget.resize(1280, 800)
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    yield widget


@pytest.fixture
def keyboard(area: Area) -> StaffKeyboard:
    made: list[QWidget] = []

    def make() -> QWidget:
        made.append(QWidget())
        return made[-1]

    kb = StaffKeyboard(area, make, lambda: KEYBOARD_PX)
    kb.prepare()
    return kb


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)
    QApplication.processEvents()  # the layouts settle where the keyboard left them room


def test_a_text_field_brings_the_keyboard_along_the_bottom_and_the_rest_moves_up(
    qtbot: QtBot, area: Area, keyboard: StaffKeyboard
) -> None:
    focus(qtbot, area.button)
    assert not keyboard.shown  # built hidden; nothing to type into
    area.overlay.open()
    focus(qtbot, area.field)
    assert keyboard.shown and keyboard.panel is not None
    assert keyboard.panel.geometry().getRect() == (0, 800 - KEYBOARD_PX, 1280, KEYBOARD_PX)
    assert area.box.contentsMargins().bottom() == KEYBOARD_PX
    assert area.overlay.geometry().height() == 800 - KEYBOARD_PX
    focus(qtbot, area.button)  # no finger down: it goes at once
    assert not keyboard.shown
    assert area.box.contentsMargins().bottom() == 0 and area.overlay.geometry().height() == 800


def test_a_tap_on_a_button_is_not_lost_to_the_keyboard_going(qtbot: QtBot, area: Area, keyboard: StaffKeyboard) -> None:
    """The press takes the focus from the field; hiding then would move the button from under the finger."""
    focus(qtbot, area.field)
    button = area.button
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    clicked: list[bool] = []
    button.clicked.connect(lambda: clicked.append(True))
    where = button.mapTo(area, button.rect().center())
    qtbot.mousePress(area.window().windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    assert QApplication.focusWidget() is button
    assert keyboard.shown  # still there while the finger is down
    qtbot.mouseRelease(area.window().windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    assert clicked == [True]
    qtbot.waitUntil(lambda: not keyboard.shown, timeout=2000)


def test_the_keyboard_goes_with_the_area(qtbot: QtBot, area: Area, keyboard: StaffKeyboard) -> None:
    focus(qtbot, area.field)
    assert keyboard.shown
    area.hide()
    assert not keyboard.shown


def test_a_date_field_brings_its_calendar_not_the_keyboard(qtbot: QtBot, area: Area, keyboard: StaffKeyboard) -> None:
    from ui.widgets.thaidate import ThaiDateEdit

    date = ThaiDateEdit()
    area.box.addWidget(date)
    date.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (date, date.lineEdit()), timeout=2000)
    assert not keyboard.shown
    focus(qtbot, area.field)
    assert keyboard.shown
