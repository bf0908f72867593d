"""Exports of the register (PDF, XLSX, CSV): read and rendered outside any write, then one audit line.

The rows are read in a read transaction and the file written while citizens keep registering;
only the audit line that records who took the data out is a write, a short one, on the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app import district
from kiosk.app.context import Actor, Context, Job, Work, operation, supervisor_only

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.synchronize import Event as EventType

    from sqlalchemy.orm import Session

    from kiosk.exports import ExportFormat, ExportResult, RowSource
    from kiosk.station import Station


def file_name(
    app: Context, date_from: dt.date, date_to: dt.date, fmt: ExportFormat | str, *, whole: bool = False
) -> str:
    """The conventional file name of an export of this station's register, or the district's (``whole``)."""
    from kiosk.exports import ExportFormat, default_file_name

    return default_file_name(app.station, date_from, date_to, ExportFormat(fmt), district=whole)


@operation(Work.LONG_READ)
def export_register(
    app: Context,
    who: Actor,
    *,
    date_from: dt.date,
    date_to: dt.date,
    fmt: ExportFormat | str,
    path: Path,
    full_id: bool = False,
    thai_digits: bool = False,
    plain_csv: bool = False,
    job: Job | None = None,
) -> ExportResult:
    """Write this station's register of a period to ``path``; a full-ID export needs a supervisor.

    ``job.cancel()`` stops it with ExportCancelled and leaves no file.
    """
    return _export(app, who, None, date_from, date_to, fmt, path, full_id, thai_digits, plain_csv, job)


@operation(Work.NETWORK)
def export_district_register(
    app: Context,
    who: Actor,
    *,
    date_from: dt.date,
    date_to: dt.date,
    fmt: ExportFormat | str,
    path: Path,
    full_id: bool = False,
    thai_digits: bool = False,
    plain_csv: bool = False,
    job: Job | None = None,
    url: str | None = None,
) -> ExportResult:
    """The whole district's register, read from the hub (``url``, else ``$KIOSK_DISTRICT_URL``); a supervisor's."""
    from kiosk.exports import DistrictRegister

    with district.reading(app, who, url=url) as hub:
        source = DistrictRegister(hub, app.station.zone)
        return _export(app, who, source, date_from, date_to, fmt, path, full_id, thai_digits, plain_csv, job)


def _export(
    app: Context,
    who: Actor,
    source: RowSource | None,
    date_from: dt.date,
    date_to: dt.date,
    fmt: ExportFormat | str,
    path: Path,
    full_id: bool,
    thai_digits: bool,
    plain_csv: bool,
    job: Job | None,
) -> ExportResult:
    from kiosk.exports import record_export

    if full_id:
        supervisor_only(who)
    job = job or Job()
    asked = _Asked(date_from, date_to, str(fmt), Path(path), who.name, full_id, thai_digits, plain_csv)
    if app.render_apart and source is None:
        result = _render_apart(app, asked, job)
    else:
        with app.db.read() as session:
            result = asked.render(session, app.station, source, job.report, lambda: job.cancelled)
    app.write(lambda session: record_export(session, app.station, result))
    return result


@dataclass(frozen=True)
class _Asked:
    """An export as asked, which a child process can be given (it pickles)."""

    date_from: dt.date
    date_to: dt.date
    fmt: str
    path: Path
    actor: str
    full_id: bool
    thai_digits: bool
    plain_csv: bool

    def render(
        self,
        session: Session,
        station: Station,
        source: RowSource | None,
        progress: Callable[[float], None],
        cancelled: Callable[[], bool],
    ) -> ExportResult:
        from kiosk.exports import export_register

        return export_register(
            session,
            station,
            date_from=self.date_from,
            date_to=self.date_to,
            fmt=self.fmt,
            path=self.path,
            actor=self.actor,
            full_id=self.full_id,
            thai_digits=self.thai_digits,
            plain_csv=self.plain_csv,
            progress=progress,
            cancelled=cancelled,
            source=source,
        )


# Rendering in a child process -----------------------------------------------------------------
# A year's PDF makes millions of Python objects, many in reference cycles (reportlab's flowables):
# the garbage collector then stops every thread of the process for up to a second, the kiosk's
# database writer with them. The kiosk (Context.render_apart) renders in a child process instead,
# which reads the register itself and dies with its garbage; progress and cancel cross a pipe.


@dataclass(frozen=True)
class _At:
    """A clock that always says the moment the export was asked for (a child has no other clock)."""

    moment: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.moment


def _render_apart(app: Context, asked: _Asked, job: Job) -> ExportResult:
    import multiprocessing

    from kiosk.exports import ExportResult

    station = replace(app.station, clock=_At(app.station.now()))
    context = multiprocessing.get_context("spawn")  # never fork a process with Qt and threads
    parent, child = context.Pipe(duplex=False)
    cancel = context.Event()
    process = context.Process(
        target=_render_in_child, args=(app.db.url, station, asked, child, cancel), name="kiosk-export", daemon=True
    )
    process.start()
    child.close()
    outcome: tuple[str, object] | None = None
    try:
        while outcome is None:
            if job.cancelled:
                cancel.set()
            if parent.poll(0.2):
                try:
                    kind, value = parent.recv()
                except EOFError:
                    break
                if kind == "progress":
                    job.report(float(value))
                else:
                    outcome = (kind, value)
            elif not process.is_alive():
                break
    finally:
        process.join(timeout=30)
        parent.close()
    if outcome is None:
        raise RuntimeError(f"the export's process ended without an answer (exit code {process.exitcode})")
    kind, value = outcome
    if kind == "error":
        assert isinstance(value, BaseException)
        raise value
    assert isinstance(value, ExportResult)
    return value


def _render_in_child(url: str, station: Station, asked: _Asked, pipe: Connection, cancel: EventType) -> None:
    """The child process: read the register, write the file, send progress and the outcome back."""
    import pickle

    from kiosk.db import Database

    db = Database(url)
    try:
        with db.read() as session:
            result = asked.render(session, station, None, lambda f: pipe.send(("progress", f)), cancel.is_set)
        pipe.send(("done", result))
    except BaseException as exc:  # every failure goes back to the kiosk, which raises it there
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        pipe.send(("error", exc))
    finally:
        db.dispose()
        pipe.close()
