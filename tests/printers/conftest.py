"""Printers draw with QtGui. In the test process the widgets' QApplication must come first:
were printers.raster to create a bare QGuiApplication, pytest-qt could not give the UI tests
the QApplication they need (one application per process)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _widgets_application(qapp: QApplication) -> QApplication:
    return qapp
