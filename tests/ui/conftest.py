"""Fixtures for the touchscreen: a kiosk window on a real register, a fake printer, short timers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Context
from kiosk.station import Station
from tests.helpers import FakePrinter, settle
from ui import i18n
from ui.resources import load_fonts
from ui.tasks import TaskManager
from ui.theme import Theme
from ui.widgets import tapguard
from ui.window import KioskWindow, Timing, WindowOptions

FAST = Timing(idle_seconds=0.6, countdown_seconds=3, tick_seconds=0.1, ticket_seconds=60, thanks_seconds=0.2)


@pytest.fixture(autouse=True)
def taps_not_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests drive the flow faster than a finger: the guard against double taps is off, except where a
    test turns it on (tests/ui/test_double_taps.py)."""
    monkeypatch.setattr(tapguard, "QUIET_S", 0.0)


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def timing() -> Timing:
    return Timing(idle_seconds=60, countdown_seconds=10, ticket_seconds=60, thanks_seconds=0.2)


@pytest.fixture
def kiosk_mode() -> bool:
    return False


@pytest.fixture
def window(
    qtbot: QtBot, app: Context, printer: FakePrinter, station: Station, timing: Timing, kiosk_mode: bool
) -> Iterator[KioskWindow]:
    load_fonts()
    tasks = TaskManager()
    theme = Theme()
    theme.set(scale=1280 / 1920)
    options = WindowOptions(
        centre_name=station.centre_name,
        district=station.district,
        zone=station.zone,
        clock=station.clock,
        privacy_url="https://example.org/privacy",
        kiosk_mode=kiosk_mode,
        timing=timing,
    )
    win = KioskWindow(theme, tasks, options)
    win.resize(1280, 720)
    win.show()
    app.printer = printer
    win.attach(app)
    settle(qtbot, win)
    yield win
    win.unlock()
    win.close()
    tasks.shutdown()
    win.deleteLater()
    i18n.set_language("th")
    QApplication.processEvents()
