"""The window shows the welcome screen first and builds the other screens one event-loop turn at a time
(ui/window.py): the kiosk takes a tap sooner, and nothing a visitor does waits for or notices it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers import settle, type_text
from ui.tasks import TaskManager
from ui.theme import Theme
from ui.window import SCREENS, KioskWindow, WindowOptions


class WindowsShown(QObject):
    """Every top-level widget shown while it listens, but the kiosk window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = isinstance(watched, QWidget) and watched.isWindow() and watched is not self.window
        if event.type() == QEvent.Type.Show and window:
            self.shown.append(f"{type(watched).__name__} {watched.objectName()}".strip())
        return False


@pytest.fixture
def bare_window(qtbot: QtBot) -> Iterator[KioskWindow]:
    """A window as the kiosk starts it, no register yet."""
    tasks = TaskManager()
    window = KioskWindow(Theme(), tasks, WindowOptions(privacy_url="https://example.org/privacy"))
    qtbot.addWidget(window)
    yield window
    window.unlock()
    tasks.shutdown()


def test_only_the_welcome_screen_is_built_before_the_window_shows(bare_window: KioskWindow) -> None:
    assert bare_window.current == "welcome"
    assert list(bare_window._screens) == ["welcome"]


def test_the_other_screens_are_built_once_the_window_shows_without_a_window_of_their_own(
    qtbot: QtBot, bare_window: KioskWindow
) -> None:
    """A widget shown before it had a parent used to open as a window of its own for a moment (the QR
    of the privacy screen and its caption): on the kiosk's display a flash, and the focus taken."""
    shown = WindowsShown(bare_window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(shown)
    try:
        bare_window.show()
        qtbot.waitUntil(lambda: len(bare_window._screens) == len(SCREENS), timeout=5000)
        settle(qtbot, bare_window)
    finally:
        app.removeEventFilter(shown)
    assert shown.shown == []
    assert bare_window.current == "welcome"


def test_a_screen_wanted_before_its_turn_is_built_there_and_then(qtbot: QtBot, bare_window: KioskWindow) -> None:
    bare_window.show()
    bare_window.show_screen("rating")
    assert bare_window.current == "rating"
    assert bare_window.rating.isVisible()


def test_the_visitor_types_on_while_screens_are_built(qtbot: QtBot, bare_window: KioskWindow) -> None:
    """Screens built while the name field has the keyboard: the field keeps it, and the keys go on into it."""
    bare_window.show()
    qtbot.waitExposed(bare_window)
    bare_window.show_screen("details")  # before the screens' turns: they are built while the visitor types
    assert len(bare_window._screens) < len(SCREENS)
    name_field = bare_window.details.fields["full_name"]
    name_field.setFocus()
    type_text(name_field, "สมชาย")
    qtbot.waitUntil(lambda: len(bare_window._screens) == len(SCREENS), timeout=5000)
    settle(qtbot, bare_window)
    assert QApplication.focusWidget() is name_field
    type_text(name_field, " ใจดี")
    assert name_field.text() == "สมชาย ใจดี"
