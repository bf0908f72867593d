"""Cyclic garbage is collected on the main thread only: a Qt object freed on a worker crashes the kiosk."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app import Work, operation
from ui.garbage import collect_on_main_thread
from ui.tasks import Op, TaskManager


@operation(Work.WRITE)
def allocate(count: int) -> list[list[int]]:
    """What a registration does to the heap, many times over: rows, sessions, results."""
    return [[] for _ in range(count)]


class Cycle:
    """A reference cycle that holds a Qt object of its own, as a closed window's widgets do."""

    def __init__(self) -> None:
        self.qt = QObject()
        self.me = self


def test_a_cycle_holding_a_qt_object_is_freed_by_the_main_thread_even_when_a_worker_allocates(
    qtbot: QtBot, qapp: QApplication
) -> None:
    collector = collect_on_main_thread(qapp)
    assert not gc.isenabled()  # the interpreter collects in whatever thread allocates: not here
    freed_on: list[str] = []
    cycle = Cycle()
    cycle.qt.destroyed.connect(lambda: freed_on.append(threading.current_thread().name))
    weakref.finalize(cycle, lambda: freed_on.append("cycle"))
    del cycle
    manager = TaskManager()
    # The database worker allocates (rows, sessions...) far past the threshold of a collection.
    Op(allocate, 50_000).success(lambda rows: freed_on.append(f"{len(rows)} rows")).run(manager)
    qtbot.waitUntil(lambda: manager.pending == 0, timeout=5000)
    assert freed_on == ["50000 rows"]  # the worker did not collect the cycle
    kept: list[list[int]] = [[] for _ in range(2 * collector.threshold[0])]  # the main thread allocates as much
    qtbot.waitUntil(lambda: len(freed_on) == 3, timeout=5000)  # the collector's timer collects, on the main thread
    assert sorted(freed_on[1:]) == ["MainThread", "cycle"]
    assert len(kept) == 2 * collector.threshold[0]
    assert collector.threshold == gc.get_threshold()
    manager.shutdown()
