"""A short deafness after every change of screen: the second tap of a double tap lands on nothing.

A citizen who taps twice on "แตะที่นี่ เพื่อรับบัตรคิว" (150–300 ms apart, as many do) would
otherwise put the second tap on a service card of the next screen, which they never saw; five
quick taps went through four screens. After each change of screen, and after an overlay opens or
closes, presses are swallowed for :data:`QUIET_S` seconds, with everything that belongs to them
(the release, the moves, the double click Qt makes of a quick second press, which a button treats
as a press). A press swallowed starts the quiet time again: a triple tap 300 ms apart is one burst,
and all of it stops at the screen its first tap opened.

Time is the finger's, not the UI thread's. While the UI thread is busy (building a screen, a
language's texts), taps wait in the queue and come out together, late: judged by when they are
handled, the third tap of a burst went one screen too far. So each press is judged by when it was
*made*. Qt stamps every input event with the windowing system's time (ms, on a clock of its own);
the event handled soonest after it was made (the least lag of all: a tap on an idle kiosk) ties
that clock to the guard's, and from it each later event's wait in the queue is known.

:meth:`TapGuard.quiet` says the new screen is built; the visitor sees it when it is painted, which
the guard watches for on the window (asking for a paint, in case nothing else does). Swallowed,
however late the UI thread handles them: a press handled before that paint, or made before it (a
paint takes some 30–70 ms, :data:`PAINT_S` covers it): the finger made it on the old screen; and a
press made less than :data:`QUIET_S` after :meth:`~TapGuard.quiet`, or after the last press of the
burst (a swallowed press extends the quiet time from when it was made, so the visitor's next
deliberate tap, made after the burst but queued behind it, goes through). A paint that comes late
(a change of look restyles every screen first) does not start another 0.4 s: a tap made well after
it is the visitor's. Events with no time (a test's, made by hand) count as made when
handled, as do those whose time makes no sense (more than :data:`MAX_LAG_S` late or early: another
clock, or X's 32-bit milliseconds wrapping after 49 days).

The guard filters the events of the window's QWindow, so it sees every press before any widget
does. Under the kiosk's window lies a layer of the staff area or, on Wayland, the desk beside it in
one window (ui/outputs.py): only presses on the guarded widget's own rectangle are swallowed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QWidget

from ui.widgets.windowfilter import WindowFilter

QUIET_S = 0.4  # read at each press: the tests of the flow set it to 0 (and the guard is off)
PAINT_S = 0.1  # a press made less than this after a paint began was made on the screen before it
MAX_LAG_S = 5.0  # an event's time further than this from the guard's clock is not believed
TIE_S = 60.0  # the tie between the two clocks is renewed by the first event after this long

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin)
_FOLLOWERS = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)
_ENDS = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
_PAINTS = (QEvent.Type.UpdateRequest, QEvent.Type.Expose)
_TIMED = (*_PRESSES, *_FOLLOWERS, *_ENDS, QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


class TapGuard(WindowFilter):
    """Swallows the presses on ``widget`` made less than :data:`QUIET_S` seconds after :meth:`quiet`.

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
        self.clock = clock
        self.intercept = intercept
        self.swallowed = 0  # taps swallowed so far (a double click is part of its press)
        self._quiet_since = -1e18  # on the guard's clock
        self._holding = False  # a press was swallowed: its moves and release go too
        self._tie: tuple[float, float] | None = None  # (an event's time in ms, the guard's clock when handled)
        self._unpainted_since: float | None = None  # quiet() was called then; its screen is not painted yet
        self._painted_at = -1e18  # the paint of the last quiet()'s screen began
        self._top: QWidget | None = None  # the top-level widget, whose update requests paint the window

    def quiet(self) -> None:
        """The screen under the finger was just changed: deaf until QUIET_S after it is painted."""
        now = self.clock()
        self._quiet_since = now
        self._unpainted_since = now
        self.widget.update(QRect(0, 0, 1, 1))  # a paint to wait for, even when nothing else changed

    def attach(self) -> None:
        """Filter the window's QWindow (its input) and its top-level widget (its paints)."""
        super().attach()
        top = self.widget.window()
        if top is not self._top:
            if self._top is not None:
                self._top.removeEventFilter(self)
            self._top = top
            top.installEventFilter(self)
            top.destroyed.connect(self._forget_top)  # the window it was put into (ui/outputs.py) went

    def _forget_top(self) -> None:
        self._top = None

    @property
    def is_quiet(self) -> bool:
        """Whether a press made now would be swallowed."""
        return self._deaf_to(self.clock())

    def made_at(self, event: QEvent) -> float:
        """When the finger made ``event``, on the guard's clock (when it is handled, for an event with no time)."""
        now = self.clock()
        stamp = event.timestamp() if isinstance(event, QInputEvent) else 0
        if not stamp:
            return now
        if self._tie is None or now - self._tie[1] > TIE_S:
            self._tie = (stamp, now)
            return now
        tied_stamp, tied_at = self._tie
        lag = (now - tied_at) - (stamp - tied_stamp) / 1000  # how much longer than the tying event it waited
        if lag < 0 or lag > MAX_LAG_S:  # handled sooner than that one: the better tie; or another clock
            self._tie = (stamp, now)
            return now
        return now - lag

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _PAINTS and self._unpainted_since is not None:
            self._painting()  # the widgets' update requests go to the top-level widget, an expose to the QWindow
        if watched is not self._window or kind not in _TIMED:
            return False
        made = self.made_at(event)  # every input event may tie the clocks better
        if kind in _PRESSES:
            if not self.on_widget(event):
                return False
            double = kind == QEvent.Type.MouseButtonDblClick
            if self._deaf_to(made):
                self._quiet_since = max(self._quiet_since, made)  # the rest of the burst too
                return self._swallow(event, double)
            if not double and self.intercept is not None and self.intercept():
                self.quiet()
                return self._swallow(event, double)
            if not double:
                self._holding = False
            return self._holding  # the double click of a swallowed press
        if self._holding and kind in _FOLLOWERS:
            return True
        if self._holding and kind in _ENDS:
            self._holding = False
            return True
        return False

    def _deaf_to(self, made: float) -> bool:
        """Whether a press made at ``made`` (and handled now) is swallowed."""
        return QUIET_S > 0 and (
            self._unpainted() or made - self._quiet_since < QUIET_S or made < self._painted_at + PAINT_S
        )

    def _painting(self) -> None:
        """The window paints what changed since quiet(): the new screen shows from now."""
        if self._unpainted():
            self._painted_at = self.clock()
        self._unpainted_since = None

    def _unpainted(self) -> bool:
        """Whether the screen of the last quiet() is not painted yet (a paint that never came is not waited
        for more than MAX_LAG_S)."""
        since = self._unpainted_since
        return since is not None and self.clock() - since < MAX_LAG_S

    def _swallow(self, event: QEvent, double: bool) -> bool:
        self.swallowed += 0 if double else 1
        self._holding = True
        event.accept()  # a touch swallowed is not made into a mouse press by Qt either
        return True
