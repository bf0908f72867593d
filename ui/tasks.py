"""Work off the UI thread: one single-worker executor per kind of work, results back on the main thread.

Modelled on Anki's ``aqt/taskman.py`` and ``aqt/operations``::

    Op(visit.register_visitor, app, service_code=...).success(self._on_registered).failure(self._on_error).run()

The operation (:mod:`kiosk.app`) declares its kind of work and the runner picks the worker from
it: quick writes on the one database writer, long reads (exports, reports) on their own worker,
the printer and the network on theirs, so a registration never waits behind an export or a sync.
The operation runs on the worker and never touches a widget; the callbacks run on the main thread.

A worker never holds the last reference to a Qt object, so none is ever destroyed off the main
thread: the work and its outcome stay in a plain mailbox until the main thread takes them, and
the worker's only Qt object is a notifier owned by the task manager on the C++ side (dropping
its wrapper destroys nothing). Cycles are collected on the main thread too (:mod:`ui.garbage`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.app.context import Operation, Work

if TYPE_CHECKING:
    from kiosk.db import Database

T = TypeVar("T")
P = ParamSpec("P")
Lane = Literal["db", "long", "printer", "network", "check"]
LANES: tuple[Lane, ...] = ("db", "long", "printer", "network", "check")
# Which worker runs which kind of work. "db" is the one SQLite writer: every write of the process goes there.
LANE_OF: dict[Work, Lane] = {
    Work.WRITE: "db",
    Work.LONG_READ: "long",
    Work.PRINTER: "printer",
    Work.NETWORK: "network",
    Work.CHECK: "check",  # a PIN's argon2 check never holds the writer a registration waits for
}
# Workers that run at a lower CPU priority: an export or a sync takes what the kiosk leaves.
BACKGROUND: frozenset[Lane] = frozenset({"long", "network"})
BACKGROUND_NICE = 10
# Stopped first to last: the lanes that hand writes to the writer stop before the writer does.
_SHUTDOWN_ORDER: tuple[Lane, ...] = ("long", "network", "check", "printer", "db")

log = logging.getLogger(__name__)


def _yield_to_citizens() -> None:
    """Lower this worker thread's priority (Linux schedules threads one by one): the writer and the UI go first."""
    with contextlib.suppress(AttributeError, OSError):  # no per-thread priority here: run as it is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


class _Mailbox:
    """What a worker shares with the main thread: plain Python, no Qt object.

    The main thread puts the work in and takes it out again with its outcome, so the last
    reference to the work (and to anything its closure holds) is always dropped there.
    """

    def __init__(self) -> None:
        self.tasks: dict[int, tuple[Callable[[], Any], Callable[[Future[Any]], None]]] = {}
        self.outcomes: dict[int, Future[Any]] = {}
        self.writer_ident: int | None = None  # the database writer's thread

    def mark_writer(self) -> None:
        self.writer_ident = threading.get_ident()


class _Notifier(QObject):
    """Tells the main thread a task is done: a queued signal, from a child the manager owns in C++."""

    done = Signal(int)


def _work(mailbox: _Mailbox, notifier: _Notifier, task_id: int) -> None:
    """Run one task on a worker, keeping no reference to it once the main thread is told."""
    fn = mailbox.tasks[task_id][0]
    outcome: Future[Any] = Future()
    try:
        outcome.set_result(fn())
    except BaseException as exc:
        outcome.set_exception(exc)
        del exc
    mailbox.outcomes[task_id] = outcome
    del fn, outcome
    notifier.done.emit(task_id)


class TaskManager(QObject):
    """Five single-worker executors: the database (one SQLite writer), long reads, the printer, the network,
    PIN checks.

    Signals:
        finished_task(): emitted on the main thread after each task's callback ran.
    """

    finished_task = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The workers get these two and nothing else of the manager (no bound method of it).
        self._mailbox = _Mailbox()
        self._notifier = _Notifier(self)
        self._pools = {
            lane: ThreadPoolExecutor(
                max_workers=1,
                thread_name_prefix=f"kiosk-{lane}",
                initializer=self._mailbox.mark_writer
                if lane == "db"
                else _yield_to_citizens
                if lane in BACKGROUND
                else None,
            )
            for lane in LANES
        }
        self._routed: list[Database] = []
        self._pending = 0
        self._next_id = 0
        self._lock = threading.Lock()
        # Emitted from a worker, delivered on the thread this object lives in (the main thread).
        self._notifier.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def on_writer(self, fn: Callable[[], T], /) -> T:
        """Run ``fn`` on the database writer and wait for it (in place when already there).

        Long reads, slips and syncs hand their short writes to the writer through this
        (:meth:`kiosk.db.Database.route_writes`): SQLite is written from one thread only.
        """
        if threading.get_ident() == self._mailbox.writer_ident:
            return fn()
        return self._pools["db"].submit(fn).result()

    def serve(self, db: Database) -> None:
        """Route ``db``'s writes to this runner's writer until :meth:`shutdown`."""
        if db not in self._routed:
            db.route_writes(self.on_writer)
            self._routed.append(db)

    def submit(self, lane: Lane, fn: Callable[[], T], on_done: Callable[[Future[T]], None]) -> None:
        with self._lock:
            self._pending += 1
            task_id = self._next_id
            self._next_id += 1
        self._mailbox.tasks[task_id] = (fn, on_done)
        self._pools[lane].submit(_work, self._mailbox, self._notifier, task_id)

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        with self._lock:
            return self._pending

    def _on_done(self, task_id: int) -> None:
        _fn, on_done = self._mailbox.tasks.pop(task_id)
        outcome = self._mailbox.outcomes.pop(task_id)
        try:
            on_done(outcome)
        finally:
            with self._lock:
                self._pending -= 1
            self.finished_task.emit()

    def shutdown(self, *, wait: bool = True) -> None:
        for lane in _SHUTDOWN_ORDER:
            self._pools[lane].shutdown(wait=wait, cancel_futures=not wait)
        for db in self._routed:
            db.route_writes(None)
        self._routed.clear()


_default: TaskManager | None = None


def set_default(manager: TaskManager | None) -> None:
    """The task manager that :meth:`Op.run` uses when given none (set by the composition root)."""
    global _default
    _default = manager


def default() -> TaskManager:
    if _default is None:
        raise RuntimeError("no TaskManager: call ui.tasks.set_default() first")
    return _default


class Op(Generic[T]):
    """One operation called with its arguments on the worker of its kind, and what to do on the main thread after."""

    def __init__(self, fn: Operation[P, T], /, *args: P.args, **kwargs: P.kwargs) -> None:
        self._fn: Callable[[], T] = lambda: fn(*args, **kwargs)
        self._lane: Lane = LANE_OF[fn.work]
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._failure = callback
        return self

    def run(self, manager: TaskManager | None = None) -> None:
        (manager or default()).submit(self._lane, self._fn, self._finish)

    def _finish(self, future: Future[T]) -> None:
        error = future.exception()
        if error is None:
            if self._success is not None:
                self._success(future.result())
        elif self._failure is not None:
            self._failure(error)
        else:
            log.error("background task failed", exc_info=error)
