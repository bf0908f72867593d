"""The task runner: work on a worker thread, callbacks on the main thread, failures reported."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from ui.tasks import Op, TaskManager


def test_work_runs_off_the_main_thread_and_the_callback_on_it(qtbot: QtBot) -> None:
    manager = TaskManager()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread().name
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_on_main"] = QThread.currentThread() is manager.thread()

    Op(work, lane="printer").success(done).run(manager)
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen == {"worker": "kiosk-printer_0", "value": 42, "callback_on_main": True}
    assert manager.pending == 0
    manager.shutdown()


def test_a_failure_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    manager = TaskManager()
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("boom")

    Op(work).success(lambda _v: errors.append(AssertionError("no"))).failure(errors.append).run(manager)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)
    manager.shutdown()


def test_one_lane_runs_its_tasks_in_order(qtbot: QtBot) -> None:
    manager = TaskManager()
    order: list[int] = []

    def number(i: int) -> Callable[[], int]:
        return lambda: i

    for i in range(20):
        Op(number(i)).success(order.append).run(manager)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=3000)
    assert order == list(range(20))
    manager.shutdown()
