"""The task runner: each kind of work on its own worker, callbacks on the main thread, writes on the writer."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from kiosk.app import Work, operation
from kiosk.db import Database
from ui.tasks import Op, TaskManager


@operation(Work.PRINTER)
def answer(seen: dict[str, object]) -> int:
    seen["worker"] = threading.current_thread().name
    return 42


@operation(Work.WRITE)
def boom() -> None:
    raise ValueError("boom")


@operation(Work.WRITE)
def same(i: int) -> int:
    return i


@operation(Work.LONG_READ)
def hold(release: threading.Event) -> str:
    release.wait(5)
    return threading.current_thread().name


@operation(Work.WRITE)
def where() -> str:
    return threading.current_thread().name


def test_work_runs_off_the_main_thread_and_the_callback_on_it(qtbot: QtBot) -> None:
    manager = TaskManager()
    seen: dict[str, object] = {}

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_on_main"] = QThread.currentThread() is manager.thread()

    Op(answer, seen).success(done).run(manager)
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen == {"worker": "kiosk-printer_0", "value": 42, "callback_on_main": True}
    assert manager.pending == 0
    manager.shutdown()


def test_a_failure_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    manager = TaskManager()
    errors: list[BaseException] = []
    Op(boom).success(lambda _v: errors.append(AssertionError("no"))).failure(errors.append).run(manager)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)
    manager.shutdown()


def test_one_lane_runs_its_tasks_in_order(qtbot: QtBot) -> None:
    manager = TaskManager()
    order: list[int] = []
    for i in range(20):
        Op(same, i).success(order.append).run(manager)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=3000)
    assert order == list(range(20))
    manager.shutdown()


def test_a_quick_write_never_waits_behind_a_long_read(qtbot: QtBot) -> None:
    manager = TaskManager()
    release = threading.Event()
    long: list[str] = []
    quick: list[str] = []
    Op(hold, release).success(long.append).run(manager)
    Op(where).success(quick.append).run(manager)
    qtbot.waitUntil(lambda: bool(quick), timeout=3000)
    assert quick == ["kiosk-db_0"] and long == []  # the export-like job is still running
    release.set()
    qtbot.waitUntil(lambda: bool(long), timeout=3000)
    assert long == ["kiosk-long_0"]
    manager.shutdown()


def test_writes_from_other_workers_run_on_the_writer(qtbot: QtBot, db: Database) -> None:
    manager = TaskManager()
    manager.serve(db)
    threads: list[str] = []

    @operation(Work.NETWORK)
    def sync_like() -> str:
        db.write_with(lambda _session: threads.append(threading.current_thread().name))
        return threading.current_thread().name

    done: list[str] = []
    Op(sync_like).success(done.append).run(manager)
    qtbot.waitUntil(lambda: bool(done), timeout=3000)
    assert done == ["kiosk-network_0"] and threads == ["kiosk-db_0"]
    manager.shutdown()
    db.write_with(lambda _session: threads.append(threading.current_thread().name))  # no longer routed
    assert threads[-1] == threading.current_thread().name


@operation(Work.WRITE)
def keep_until(release: threading.Event, held: QObject) -> bool:
    return release.wait(5) and held is not None


def test_no_worker_holds_the_last_reference_to_a_qt_object(qtbot: QtBot) -> None:
    """A QObject destroyed on a worker crashes the process: what a worker touched is released on the main thread."""
    gate = threading.Event()
    destroyed_on: list[str] = []
    manager = TaskManager()
    manager.destroyed.connect(lambda: destroyed_on.append(threading.current_thread().name))
    held = QObject()
    held.destroyed.connect(lambda: destroyed_on.append(threading.current_thread().name))
    Op(keep_until, gate, held).success(lambda _ok: destroyed_on.append("callback")).run(manager)
    del held  # the operation's arguments hold the only reference now
    gate.set()
    qtbot.waitUntil(lambda: len(destroyed_on) == 2, timeout=5000)
    assert destroyed_on == ["callback", "MainThread"]  # dropped after its callback, here
    # The manager itself, let go while its worker still runs: destroyed here too, not on the worker.
    gate.clear()
    Op(keep_until, gate, QObject()).run(manager)
    manager.shutdown(wait=False)
    del manager
    gate.set()
    qtbot.waitUntil(lambda: len(destroyed_on) == 3, timeout=5000)
    assert destroyed_on[2] == "MainThread"
