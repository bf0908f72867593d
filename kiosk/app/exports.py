"""Exports of the register (PDF, XLSX, CSV): read and rendered outside any write, then one audit line.

The rows are read in a read transaction and the file written while citizens keep registering;
only the audit line that records who took the data out is a write, a short one, on the writer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app import district
from kiosk.app.context import Actor, Context, Job, Work, operation, supervisor_only

if TYPE_CHECKING:
    from kiosk.exports import ExportFormat, ExportResult, RowSource


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
    from kiosk.exports import export_register, record_export

    if full_id:
        supervisor_only(who)
    job = job or Job()
    with app.db.read() as session:
        result = export_register(
            session,
            app.station,
            date_from=date_from,
            date_to=date_to,
            fmt=fmt,
            path=path,
            actor=who.name,
            full_id=full_id,
            thai_digits=thai_digits,
            plain_csv=plain_csv,
            progress=job.report,
            cancelled=lambda: job.cancelled,
            source=source,
        )
    app.write(lambda session: record_export(session, app.station, result))
    return result
