"""Filters on a widget's top-level QWindow, where a finger's presses and a keyboard's keys come in first.

An application-wide filter runs Python for every event of every object (thousands at start-up, a few
milliseconds at each change of screen); a QWindow gets the window's input and a few window events only.
Qt makes a new QWindow after a change of window flags (kiosk mode: frameless, on top) or when the widget
is put into another window (ui/outputs.py): call :meth:`WindowFilter.attach` from the widget's
``showEvent``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

# A press, a touch and a key: what says that someone is at the screen (the double click is how
# Qt delivers the second of two quick taps).
INPUT = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
)


class WindowFilter(QObject):
    """The base: filters the events of ``widget``'s top-level QWindow (see :meth:`attach`)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self._window: QWindow | None = None

    def attach(self) -> None:
        """Filter the events of the widget's top-level QWindow (again, when Qt made a new one).

        Qt calls the filter installed last first: a filter attached after another sees the events
        that the other one swallows.
        """
        top = self.widget.window()
        handle = top.windowHandle() if top is not None else None
        if handle is self._window:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = handle
        if handle is not None:
            handle.installEventFilter(self)
            # Put into another window (ui/outputs.py), the widget's QWindow is deleted: never touch it again.
            handle.destroyed.connect(self._forget_window)

    def _forget_window(self) -> None:
        self._window = None

    def on_widget(self, event: QEvent) -> bool:
        """Whether a press or touch is on the widget's own rectangle (its window may hold other parts:
        the staff area under the kiosk, or the desk beside it, ui/outputs.py); other events: True."""
        if isinstance(event, QMouseEvent):
            point = event.position().toPoint()
        elif isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position().toPoint()
        else:
            return True
        top = self.widget.window()
        local: QPoint = self.widget.mapFrom(top, point) if top is not self.widget else point
        return self.widget.rect().contains(local)


class ActivityFilter(WindowFilter):
    """Calls ``on_input(event)`` for every press, touch and key on ``widget``: anywhere on it, on an overlay or
    on the on-screen keyboard (a QQuickWidget) alike, before any widget sees it. A key counts while the focus
    is on the widget or on nothing; not while it is in another part of the window (the desk beside the kiosk).
    """

    def __init__(self, widget: QWidget, on_input: Callable[[QEvent], None]) -> None:
        super().__init__(widget)
        self.on_input = on_input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT and (self._has_focus() if kind == QEvent.Type.KeyPress else self.on_widget(event)):
            self.on_input(event)
        return False

    def _has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is None or focus is self.widget or self.widget.isAncestorOf(focus)
