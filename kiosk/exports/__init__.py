"""Exports of the register (PDF, XLSX, CSV) for the supervisor, from the staff area or the CLI.

The format modules import reportlab and XlsxWriter lazily: the kiosk starts without loading them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.exports.files import Reporter, atomic_path
from kiosk.exports.rows import (
    COLUMNS,
    DISTRICT_COLUMNS,
    CancelCheck,
    DistrictRegister,
    ExportCancelled,
    ExportRow,
    LocalRegister,
    Progress,
    RowSource,
    district_scope,
    district_unit,
    iter_rows,
    unit_name,
)
from kiosk.register import audit
from kiosk.station import Station
from kiosk.thai import format_date

__all__ = [
    "COLUMNS",
    "DISTRICT_COLUMNS",
    "DistrictRegister",
    "ExportCancelled",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "ExportRow",
    "LocalRegister",
    "RowSource",
    "export_register",
    "iter_rows",
    "record_export",
]


class ExportFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    CSV = "csv"


class ExportError(KioskError):
    """An export that cannot be done as asked; ``th`` for the screen, ``en`` for the log."""

    exit_code = 2


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: ExportFormat
    rows: int
    full_id: bool
    actor: str = ""
    details: Mapping[str, object] = field(default_factory=dict)  # what the audit trail keeps of it


def default_file_name(
    station: Station, date_from: dt.date, date_to: dt.date, fmt: ExportFormat, *, district: bool = False
) -> str:
    """``ทะเบียน e-Service <centre> 1 พ.ย. 2569 - 30 พ.ย. 2569.pdf``, or ``ทะเบียน e-Service ทุกจุดบริการในอำเภอ…``"""
    centre = district_scope(station.district) if district else station.centre_name or station.id
    start = format_date(date_from, short=True)
    end = format_date(date_to, short=True)
    return f"ทะเบียน e-Service {centre} {start} - {end}.{fmt.value}".replace("/", "-")


def export_register(
    session: Session,
    station: Station,
    *,
    date_from: dt.date,
    date_to: dt.date,
    fmt: ExportFormat | str,
    path: Path,
    actor: str,
    full_id: bool = False,
    thai_digits: bool = False,
    plain_csv: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    source: RowSource | None = None,
) -> ExportResult:
    """Write the register of a period (local days, both included) to ``path``.

    The lines come from ``source``: this station's register by default, or the whole
    district's (:class:`DistrictRegister`), which adds a station column and says so in the
    titles. IDs are masked unless ``full_id`` is asked for. A CSV is safe to open in a
    spreadsheet (:mod:`kiosk.exports.csv`) unless ``plain_csv`` asks for the values as
    stored, for programs. ``session`` is only read (a read
    session: the file is written while citizens register); the caller then records the
    export in the audit trail with :func:`record_export`, in a short write of its own.
    ``progress`` gets fractions 0…1; when ``cancelled()`` turns true the export stops
    with :class:`ExportCancelled` and no file is left behind.
    """
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        raise ExportError(
            "export.format", "รูปแบบไฟล์ไม่ถูกต้อง", f"unknown format {fmt!r}; expected pdf, xlsx or csv"
        ) from None
    if date_to < date_from:
        raise ExportError(
            "export.period",
            "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น",
            f"the period ends ({date_to}) before it starts ({date_from})",
        )
    if full_id and not actor.strip():
        raise ExportError("export.actor", "ต้องระบุผู้ส่งออกข้อมูล", "a full-ID export needs the name of who asks for it")
    source = source or LocalRegister(session, station)
    stations = source.stations
    with_station = stations is not None
    reporter = Reporter(progress, cancelled)
    reporter.report(0.0)
    total = source.count(date_from, date_to)
    rows = source.rows(date_from, date_to, full_id=full_id)
    path = Path(path)
    with atomic_path(path) as tmp:
        if fmt is ExportFormat.CSV:
            from kiosk.exports.csv import write_csv

            written = write_csv(
                rows, tmp, total=total, progress=reporter.stage(0.0, 1.0), station=with_station, plain=plain_csv
            )
        elif fmt is ExportFormat.XLSX:
            from kiosk.exports.xlsx import write_xlsx

            unit = (
                unit_name(station.centre_name, station.district, station.province)
                if stations is None
                else district_unit(station.district, station.province, stations)
            )
            period = f"ระหว่างวันที่ {format_date(date_from)} ถึงวันที่ {format_date(date_to)}"
            title = f"ทะเบียนผู้มาขอรับบริการแบบอิเล็กทรอนิกส์ {unit} {period}"
            written = write_xlsx(
                rows,
                tmp,
                title=title,
                total=total,
                progress=reporter.stage(0.0, 1.0),
                station=with_station,
                unit=f"ทะเบียนผู้มาขอรับบริการแบบอิเล็กทรอนิกส์ {unit}",
                period=period,
            )
        else:
            from kiosk.exports.pdf import RegisterHeading, write_pdf

            loaded: list[ExportRow] = []
            load = reporter.stage(0.0, 0.1)
            for row in rows:
                loaded.append(row)
                if len(loaded) % 1000 == 0:
                    load(len(loaded) / max(total, 1))
            heading = RegisterHeading(
                centre=station.centre_name,
                district=station.district,
                province=station.province,
                date_from=date_from,
                date_to=date_to,
                printed_at=station.local(station.now()),
                full_id=full_id,
                digits="thai" if thai_digits else "arabic",
                stations=stations,
            )
            written = write_pdf(loaded, tmp, heading=heading, progress=reporter.stage(0.1, 1.0))
        reporter.check()
    details: dict[str, object] = {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "format": fmt.value,
        "rows": written,
        "file": path.name,
        "full_id": full_id,
    }
    if stations is not None:
        details |= {"source": source.origin, "stations": stations}
    return ExportResult(
        path=path, format=fmt, rows=written, full_id=full_id, actor=actor.strip() or "(unknown)", details=details
    )


def record_export(session: Session, station: Station, result: ExportResult) -> None:
    """Every export takes personal data out of the kiosk: the trail keeps who took what."""
    audit(
        session,
        station,
        actor=result.actor or "(unknown)",
        action="export_full_id" if result.full_id else "export",
        entity="register",
        details=dict(result.details),
    )
    session.flush()
