"""Python's cyclic garbage collector, run on the main thread only.

CPython runs a collection in whichever thread happens to allocate past the threshold. The
database worker allocates the most (SQLAlchemy rows and sessions), so it is often the worker
that frees the reference cycles the screens leave behind: a window, its pages, their timers and
the task manager itself. A QWidget or a QTimer destroyed on a thread other than the main one
crashes the process, sooner or later; a probe of the test suite (``gc.DEBUG_SAVEALL`` and a
``gc.callbacks`` hook) found whole ``KioskWindow``s, ``StaffArea``s, ``TaskManager``s and
``QTimer``s in the garbage of collections that ran on ``kiosk-db``.

So, while the application runs, automatic collection is off and a timer on the main thread
collects instead, with the interpreter's own thresholds (as pyqtgraph's ``GarbageCollector``
and Anki's ``aqt.mw.garbage_collector`` do). Reference counting still frees everything that is
not in a cycle at once, on whatever thread drops the last reference: that is why workers never
hold the last reference to a Qt object (:mod:`ui.tasks`).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Turns automatic collection off and collects from a timer of the main thread's event loop."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> int:
        """Collect the generations the interpreter would have collected by now; the objects found."""
        count, threshold = gc.get_count(), self.threshold
        if count[0] <= threshold[0]:
            return 0
        # The oldest generation due, as the interpreter picks it (its count of younger collections is past its limit).
        generation = next(g for g in (2, 1, 0) if g == 0 or count[g] > threshold[g])
        return gc.collect(generation)

    def stop(self) -> None:
        """Automatic collection again (when the event loop is gone and no worker is left)."""
        self._timer.stop()
        gc.enable()


_collector: MainThreadCollector | None = None


def collect_on_main_thread(app: QCoreApplication) -> MainThreadCollector:
    """The one collector of the process, a child of ``app`` (call on the main thread)."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(app)
        log.debug("cyclic garbage is collected on the main thread only")
    return _collector
