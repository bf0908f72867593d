"""Tests with Qt Virtual Keyboard loaded, in a pytest of their own that ``tests/ui/test_keyboard.py`` starts.

Qt reads its input method (``QT_IM_MODULE``) when the QApplication is made, once per process:
the rest of the suite runs without it, so these tests are collected only in that child run,
whose QApplication is the kiosk's own (``ui.app.application``: its font, its event filters).

pytest-qt's capture of Qt's messages is off here (``no_qt_log``): its handler is Python, and Qt
Quick's loader thread, logging while the main thread waits for it in ``setSource`` with the GIL
held, would wait for the GIL for ever (seen: the first panel of a run hung in 3 runs of 4).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers import settle
from tests.ui.staff import conftest as staff_conftest
from ui.widgets import keyboard
from ui.window import KioskWindow

collect_ignore_glob = [] if os.environ.get("QT_IM_MODULE") == keyboard.IM_MODULE else ["test_*.py"]

officers = staff_conftest.officers  # the staff area's officers with their PINs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session", autouse=True)
def _kiosk_application() -> None:
    """The QApplication as ``kiosk run`` makes it, before pytest-qt's ``qapp`` would make a plain one."""
    from ui import app

    app.prepare_environment()
    app.application()


@pytest.fixture
def kiosk(qtbot: QtBot, window: KioskWindow) -> Iterator[KioskWindow]:
    """The kiosk window with the process's one keyboard panel at home in the details screen, as ``ui.app`` puts it."""
    panel = keyboard.shared(theme=window.theme)
    window.details.set_keyboard(panel)
    window.resize(1280, 800)
    settle(qtbot, window)
    yield window
