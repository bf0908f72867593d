"""One window across all screens, with a part on each: how two screens work under cage.

cage, the kiosk session's compositor, maximises every window over the whole output layout and
stacks them, and a Wayland client cannot place a window on a screen. So for the kiosk on one
screen and the staff desk on the other (``kiosk desk --with-kiosk``), both become parts of one
window as wide as all the screens, each part laid on its screen's rectangle.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import QWidget


def spans_screens() -> bool:
    """Whether windows must share screens this way: Qt on Wayland with more than one screen."""
    return QGuiApplication.platformName() == "wayland" and len(QGuiApplication.screens()) > 1


class OutputSpan(QWidget):
    """The top-level window over every screen; ``place()`` puts a part on a screen.

    It closes when its ``guard`` part agrees to close: the locked kiosk refuses until the
    supervisor's PIN, so Alt+F4 and the like leave the whole window in place.
    """

    def __init__(self, guard: QWidget) -> None:
        super().__init__()
        self.setObjectName("output-span")
        self._guard = guard
        self._parts: list[tuple[QWidget, QScreen]] = []

    def place(self, part: QWidget, screen: QScreen) -> None:
        part.setParent(self)
        self._parts.append((part, screen))
        self._lay_out()
        part.show()

    def _lay_out(self) -> None:
        screens = [screen.geometry() for screen in QGuiApplication.screens()]
        layout = screens[0]
        for rect in screens[1:]:
            layout = layout.united(rect)
        for part, screen in self._parts:
            rect = screen.geometry()
            part.setGeometry(QRect(rect.topLeft() - layout.topLeft(), rect.size()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lay_out()
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._guard.close():
            event.ignore()
            return
        for part, _screen in self._parts:
            if part is not self._guard:
                part.close()
        super().closeEvent(event)
