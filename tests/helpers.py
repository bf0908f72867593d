"""Fakes and builders the tests share, in one place; the fixtures that hand them out stay in the conftests.

Fakes: :class:`FakeClock` (a clock that stands still until moved), :class:`FakePrinter` (a
ticket printer that keeps its slips or fails on demand), :class:`FakeHub` (the nightly sync to
the district, recorded). Builders: :func:`new_register` (a freshly migrated register),
:func:`copied_register` (a copy of the session's template register, what the ``db`` fixture
gives), :func:`visitor` (a registered visit), :func:`kiosk_of`. The screen's helpers:
:func:`settle`, :func:`flush_deferred_deletes`, :func:`tap`, :func:`type_text`, :func:`cell_text`.

Qt is imported only where a helper needs it, so the tests of ``kiosk`` stay headless.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiosk.catalogue import seed_defaults
from kiosk.config import SyncConfig
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod
from kiosk.printing import PaperOut, PrinterError, PrinterState, SurveySlip, TicketSlip
from kiosk.register import VisitorDetails, register_visit
from kiosk.station import Station
from kiosk.sync import SyncError, SyncResult
from kiosk.sync.status import record_success
from kiosk.validation import VisitorGroup

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtWidgets import QTableWidget, QWidget
    from pytestqt.qtbot import QtBot

    from ui.app import Kiosk
    from ui.staff.area import StaffArea
    from ui.window import KioskWindow

BANGKOK = ZoneInfo("Asia/Bangkok")

# Fakes ------------------------------------------------------------------------------------


class FakeClock:
    """A clock that stands still until moved: ``clock.advance(minutes=5)``."""

    def __init__(self, start: dt.datetime) -> None:
        self.moment = start

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment


class FakePrinter:
    """A ticket printer that keeps the slips it was given; raises ``fail`` instead when set.

    ``keep=False`` keeps none (a benchmark that measures memory).
    """

    def __init__(self, *, fail: PrinterError | None = None, keep: bool = True) -> None:
        self.tickets: list[TicketSlip] = []
        self.surveys: list[SurveySlip] = []
        self.fail = fail
        self.keep = keep

    def state(self) -> PrinterState:
        if self.fail is None:
            return PrinterState.READY
        return PrinterState.PAPER_OUT if isinstance(self.fail, PaperOut) else PrinterState.OFFLINE

    def print_ticket(self, slip: TicketSlip) -> None:
        if self.fail is not None:
            raise self.fail
        if self.keep:
            self.tickets.append(slip)

    def print_survey(self, slip: SurveySlip) -> None:
        if self.fail is not None:
            raise self.fail
        if self.keep:
            self.surveys.append(slip)

    def close(self) -> None:
        pass


class FakeHub:
    """Stands in for ``sync_to_district``: records each call, fails with ``fail`` when set."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.threads: list[str] = []
        self.fail: SyncError | None = None

    def __call__(self, db: Database, station: Station, url: str, *, sync: SyncConfig | None = None) -> SyncResult:
        self.calls.append(url)
        self.threads.append(threading.current_thread().name)
        if self.fail is not None:
            raise self.fail
        now = station.now()
        with db.write() as session:
            record_success(session, at=now, rows_sent=0)
        return SyncResult(started_at=now, finished_at=now, sent=0, applied=0, batches=0, pending=0, cancelled=False)


# Builders ---------------------------------------------------------------------------------


@contextmanager
def new_register(path: Path) -> Iterator[Database]:
    """A register migrated and seeded with the default catalogue at ``path`` now, closed at the end.

    For a second register beside the ``db`` fixture's (another kiosk of the district, a new
    disk): its catalogue gets ids of its own, as a real kiosk's does.
    """
    database = Database(f"sqlite:///{path}")
    try:
        upgrade(database.engine)
        with database.write() as session:
            seed_defaults(session)
        yield database
    finally:
        database.dispose()


_template: Path | None = None


def template_register() -> Path:
    """A register migrated and seeded once per test session; :func:`copied_register` copies it."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="kiosk-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "register.sqlite3"
        with new_register(path):
            pass
        # The last connection closed has checkpointed the WAL into the file and removed it.
        assert not path.with_name(path.name + "-wal").exists(), "the template's WAL was not checkpointed"
        _template = path
    return _template


@contextmanager
def copied_register(path: Path) -> Iterator[Database]:
    """A copy of the template register at ``path`` (private, as the kiosk makes it), closed at the end."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with (
        template_register().open("rb") as source,
        os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as target,
    ):
        shutil.copyfileobj(source, target)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.dispose()


def visitor(
    db: Database,
    station: Station,
    group: VisitorGroup = VisitorGroup.GENERAL,
    *,
    method: IdMethod = IdMethod.TYPED,
    name: str | None = "สมชาย ใจดี",
    service: str = "nhso-rights",
) -> uuid.UUID:
    """A visitor registered at the kiosk (committed); their visit's id."""
    with db.write() as session:
        issued = register_visit(
            session,
            station,
            service_code=service,
            group=group,
            id_method=method,
            details=VisitorDetails(full_name=name) if name else None,
        )
    return issued.visit.id


def kiosk_of(window: KioskWindow) -> Kiosk:
    """What the composition root would have built around ``window``."""
    from PySide6.QtWidgets import QApplication

    from ui.app import Kiosk

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return Kiosk(app=app, window=window, tasks=window.tasks, theme=window.theme)


# The screen -------------------------------------------------------------------------------


def flush_deferred_deletes() -> None:
    """Delete now the widgets given to ``deleteLater()`` (a test has no event loop to do it)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle(qtbot: QtBot, where: KioskWindow | StaffArea) -> None:
    """Wait until every background task's callback has run on the main thread, then delete what it replaced.

    A callback that starts more work (a page reloading after a save) submits it before its own
    task counts as done, so ``pending`` reaches 0 only when the whole chain has run.
    """
    from ui.window import KioskWindow

    tasks = where.tasks if isinstance(where, KioskWindow) else where.ctx.tasks
    # Returns as soon as it holds; 15 s for argon2 PIN checks on a busy machine.
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=15000)
    flush_deferred_deletes()


def tap(qtbot: QtBot, widget: QWidget) -> None:
    """A finger on the middle of ``widget``."""
    from PySide6.QtCore import Qt

    assert widget.isVisible(), f"{widget!r} is not on screen"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def finger(
    window: QWidget,
    at: QPoint,
    kinds: tuple[QEvent.Type, ...] | None = None,
    *,
    stamp_ms: int = 0,
    post: bool = False,
) -> None:
    """Mouse events at ``at`` sent to ``window``'s QWindow, as the X server delivers a finger's
    (where the tap guard sees them); a press and a release unless ``kinds`` says otherwise.

    ``stamp_ms`` is the events' time as the windowing system gives it (0: none); with ``post`` they are
    queued, to be handled when the event loop next runs, as a finger's are while the UI thread is busy."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    handle = window.windowHandle()
    assert handle is not None
    for kind in kinds or (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        event = QMouseEvent(
            kind,
            QPointF(at),
            QPointF(window.mapToGlobal(at)),
            Qt.MouseButton.LeftButton,
            held,
            Qt.KeyboardModifier.NoModifier,
        )
        event.setTimestamp(stamp_ms)
        if post:
            QApplication.postEvent(handle, event)
        else:
            QApplication.sendEvent(handle, event)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``, as a keyboard's input would (QTest.keyClicks aborts on Thai)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """The text of one cell (a cell never filled in reads as empty)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""
