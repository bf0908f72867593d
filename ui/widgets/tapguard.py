"""A short deafness after every change of screen: the second tap of a double tap lands on nothing.

A citizen who taps twice on "แตะที่นี่ เพื่อรับบัตรคิว" (150–300 ms apart, as many do) would
otherwise put the second tap on a service card of the next screen, which they never saw; five
quick taps went through four screens. After each change of screen, and after an overlay opens or
closes, presses are swallowed for :data:`QUIET_S` seconds, with everything that belongs to them
(the release, the moves, the double click Qt makes of a quick second press, which a button treats
as a press). A press swallowed starts the quiet time again: a triple tap 300 ms apart is one burst,
and all of it stops at the screen its first tap opened.

The guard filters the events of the window's QWindow, so it sees every press before any widget
does. Under the kiosk's window lies a layer of the staff area or, on Wayland, the desk beside it in
one window (ui/outputs.py): only presses on the guarded widget's own rectangle are swallowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QWidget

QUIET_S = 0.4  # read at each press: the tests of the flow set it to 0

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin)
_FOLLOWERS = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)
_ENDS = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


class TapGuard(QObject):
    """Swallows the presses on ``widget`` for :data:`QUIET_S` seconds after :meth:`quiet`.

    ``intercept`` is asked about every press that gets through: when it returns True, the press is
    taken by it (the idle warning that any tap dismisses) and swallowed with its release.
    ``clock`` is :func:`time.monotonic`, or a test's.
    """

    def __init__(
        self,
        widget: QWidget,
        *,
        clock: Callable[[], float] = time.monotonic,
        intercept: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.clock = clock
        self.intercept = intercept
        self.swallowed = 0  # taps swallowed so far (a double click is part of its press)
        self._quiet_since = -1e18
        self._holding = False  # a press was swallowed: its moves and release go too
        self._window: QWindow | None = None

    def quiet(self) -> None:
        """The screen under the finger just changed: deaf for QUIET_S from now."""
        self._quiet_since = self.clock()

    @property
    def is_quiet(self) -> bool:
        return self.clock() - self._quiet_since < QUIET_S

    def attach(self) -> None:
        """Filter the events of the widget's top-level QWindow (again, when Qt made a new one)."""
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _PRESSES:
            if not self._on_widget(event):
                return False
            double = kind == QEvent.Type.MouseButtonDblClick
            if self.is_quiet or (not double and self.intercept is not None and self.intercept()):
                self.quiet()  # the rest of the burst too
                self.swallowed += 0 if double else 1
                self._holding = True
                event.accept()  # a touch swallowed is not made into a mouse press by Qt either
                return True
            if not double:
                self._holding = False
            return self._holding  # the double click of a swallowed press
        if self._holding and kind in _FOLLOWERS:
            return True
        if self._holding and kind in _ENDS:
            self._holding = False
            return True
        return False

    def _on_widget(self, event: QEvent) -> bool:
        if isinstance(event, QMouseEvent):
            point = event.position().toPoint()
        elif isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position().toPoint()
        else:
            return True
        top = self.widget.window()
        local: QPoint = self.widget.mapFrom(top, point) if top is not self.widget else point
        return self.widget.rect().contains(local)
