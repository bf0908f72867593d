"""Fixtures for the touchscreen: a kiosk window on a real register, a fake printer, short timers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import Context
from kiosk.printing import PrinterError, PrinterState, SurveySlip, TicketSlip
from kiosk.station import Station
from ui import i18n
from ui.resources import load_fonts
from ui.tasks import TaskManager
from ui.theme import Theme
from ui.window import KioskWindow, Timing, WindowOptions


class FakePrinter:
    """Keeps the slips it was given; raises ``fail`` instead when set."""

    def __init__(self) -> None:
        self.tickets: list[TicketSlip] = []
        self.fail: PrinterError | None = None

    def state(self) -> PrinterState:
        return PrinterState.READY

    def print_ticket(self, slip: TicketSlip) -> None:
        if self.fail is not None:
            raise self.fail
        self.tickets.append(slip)

    def print_survey(self, slip: SurveySlip) -> None:
        if self.fail is not None:
            raise self.fail

    def close(self) -> None:
        pass


FAST = Timing(idle_seconds=0.6, countdown_seconds=3, tick_seconds=0.1, ticket_seconds=60, thanks_seconds=0.2)


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


def settle(qtbot: QtBot, win: KioskWindow) -> None:
    """Wait until every background task's callback has run on the main thread."""
    qtbot.waitUntil(lambda: win.tasks.pending == 0, timeout=5000)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    """A finger on the middle of ``widget``."""
    assert widget.isVisible(), f"{widget!r} is not on screen"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``, as a keyboard's input would (QTest.keyClicks aborts on Thai)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
