"""Fakes and builders the tests share: one place, imported by the conftest files and the tests.

Fixtures stay in the conftest files; what they build comes from here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTableWidget

from ui.app import Kiosk
from ui.window import KioskWindow


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of one cell (a cell never filled in reads as empty)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


def kiosk_of(window: KioskWindow) -> Kiosk:
    """What the composition root would have built around ``window``."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return Kiosk(app=app, window=window, tasks=window.tasks, theme=window.theme)
