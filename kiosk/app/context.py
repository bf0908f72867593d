"""What every operation shares: the register, the station, the settings, the printer; kinds of work; long jobs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeAlias, TypeVar

# Kept light: the touchscreen imports this before its first paint; the register's modules come later.
if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

    from kiosk.config import Config
    from kiosk.db import Database
    from kiosk.printing import TicketPrinter
    from kiosk.staff import StaffSession
    from kiosk.station import Station

P = ParamSpec("P")
T = TypeVar("T")


class Work(StrEnum):
    """What an operation does while it runs; a front end picks the worker from it, not from the page.

    The touchscreen's task runner (``ui.tasks``) has one worker per kind: a registration
    (``WRITE``) never waits behind an export (``LONG_READ``), a slip (``PRINTER``) or a
    sync (``NETWORK``).
    """

    WRITE = "write"  # a short transaction on the one writer (and quick reads, in their order)
    LONG_READ = "long_read"  # reads a lot, renders, writes a file; its audit line goes to the writer
    PRINTER = "printer"  # talks to the ticket printer only; its reads and writes go to the writer
    NETWORK = "network"  # talks to the district hub; its writes go to the writer
    CHECK = "check"  # checks a PIN (argon2: ≈ 0.1 s of CPU): read first, then its short write goes to the writer


class Operation(Generic[P, T]):
    """A function of the application layer with its kind of work; call it like the function."""

    def __init__(self, fn: Callable[P, T], work: Work) -> None:
        self.fn = fn
        self.work = work
        self.__name__ = fn.__name__
        self.__qualname__ = fn.__qualname__
        self.__doc__ = fn.__doc__
        self.__module__ = fn.__module__

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<operation {self.__module__}.{self.__qualname__} ({self.work.value})>"


def operation(work: Work) -> Callable[[Callable[P, T]], Operation[P, T]]:
    """Declare a function an operation of ``work``'s kind."""

    def declare(fn: Callable[P, T]) -> Operation[P, T]:
        return Operation(fn, work)

    return declare


@dataclass
class Job:
    """The one progress-and-cancel protocol of every long operation (export, report, sync, pull).

    The operation calls ``report(fraction)`` with 0…1 as it goes and looks at ``cancelled``; the
    front end gives ``on_progress`` (a terminal line, a progress bar's signal) and calls
    ``cancel()`` (a button, SIGTERM).
    """

    on_progress: Callable[[float], None] | None = None
    event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.event.set()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def report(self, fraction: float) -> None:
        if self.on_progress is not None:
            self.on_progress(min(1.0, max(0.0, fraction)))

    def count(self, done: int, total: int) -> None:
        """``report`` for work counted in items (rows sent, rows read)."""
        self.report(done / total if total else 1.0)


@dataclass
class Context:
    """The register, station, settings and printer that every operation runs with.

    Built once by a front end's composition root (the kiosk, the staff window, a CLI command).
    ``config`` carries its environment overrides already (:func:`kiosk.config.with_environment`).
    The printer belongs to the slips (:mod:`kiosk.app.slips`): the composition root sets it once
    it is open; screens never hold it.
    """

    db: Database
    station: Station
    config: Config
    printer: TicketPrinter | None = None
    hasher: PasswordHasher | None = None  # None: argon2's defaults; tests pass a cheap one
    # Render long exports in a child process (the kiosk sets it: see kiosk.app.exports); a CLI command
    # is a process of its own already.
    render_apart: bool = False

    def read(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in a read transaction on the caller's thread (never holds the writer)."""
        with self.db.read() as session:
            return fn(session)

    def write(self, fn: Callable[[Session], T]) -> T:
        """``fn(session)`` in one short write transaction, on the writer."""
        return self.db.write_with(fn)


@dataclass(frozen=True)
class CommandLine:
    """Whoever runs a ``kiosk`` command on the station: it has the machine itself, so it acts as a supervisor."""

    name: str
    is_supervisor: bool = True


# Who asks for an operation: the officer signed in at the staff area, or the command line.
Actor: TypeAlias = "StaffSession | CommandLine"


def supervisor_only(who: Actor) -> None:
    from kiosk.staff import StaffError

    if not who.is_supervisor:
        raise StaffError(
            "staff.role",
            "เฉพาะผู้ดูแล (ปลัดอำเภอผู้รับผิดชอบ) เท่านั้น",
            f"{who.name} is an officer; this needs a supervisor",
        )
