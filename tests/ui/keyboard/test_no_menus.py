"""No context menu on any text field: a right click or a long press opens no English "Paste" menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, visitor
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.app import KioskStaffLayer
from ui.staff.area import SUPERVISOR_PAGES
from ui.window import KioskWindow

TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def fields_on_screen(where: QWidget) -> list[QWidget]:
    found = [w for w in where.findChildren(QWidget) if isinstance(w, TEXT_FIELDS) and w.isVisible()]
    # a line edit inside a spin box or a combo box is that field's own: its owner is on the list
    return [w for w in found if not isinstance(w.parentWidget(), QAbstractSpinBox)]


def menus_opened_by_right_clicks(fields: list[QWidget]) -> list[str]:
    """Right-click each field where it is on screen; the names of those that opened a menu."""
    opened: list[str] = []
    for field in fields:
        window = field.window().windowHandle()
        assert window is not None
        where = field.mapTo(field.window(), field.rect().center())

        def close_any_menu(name: str = field.objectName() or type(field).__name__) -> None:
            popup = QApplication.activePopupWidget()
            if popup is not None:  # a menu's own event loop is running: note it and close it
                opened.append(name)
                popup.close()

        QTimer.singleShot(60, close_any_menu)
        QTest.mouseClick(window, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(where))
        QTest.qWait(90)
    return opened


def test_the_citizen_fields_open_no_menu(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.show_screen("details")
    fields = fields_on_screen(kiosk)
    assert {f.objectName() for f in fields} >= {"full_name", "national_id", "phone"}
    assert menus_opened_by_right_clicks(fields) == []


def test_the_staff_fields_open_no_menu(
    qtbot: QtBot,
    kiosk: KioskWindow,
    officers: dict[str, StaffSession],
    db: Database,
    station: Station,
) -> None:
    visit_id = visitor(db, station)
    layer = KioskStaffLayer(kiosk)
    layer.open()
    settle(qtbot, kiosk)
    area = layer.area
    assert area is not None
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tried: list[str] = []
    for page in ("queue", "day", "reprints", *SUPERVISOR_PAGES):
        area.show_page(page)
        settle(qtbot, kiosk)
        fields = fields_on_screen(area)
        tried += [f"{page}:{type(f).__name__}" for f in fields]
        assert menus_opened_by_right_clicks(fields) == [], page
    area.correction_panel.open_for(visit_id)  # and a panel over the page
    settle(qtbot, kiosk)
    fields = fields_on_screen(area.correction_panel)
    assert len(fields) >= 5
    assert menus_opened_by_right_clicks(fields) == []
    assert len(tried) >= 5, tried  # the pages' own fields: search boxes, dates, names, PINs
    layer.close()
