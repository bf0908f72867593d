"""Bulk import of a paper register from CSV: every row checked, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import IdMethod, Officer, Service, Visit, VisitResult, VisitStatus
from kiosk.station import Station
from kiosk.thai import parse_date
from kiosk.validation import (
    NOTE_MAX,
    ValidationError,
    VisitorGroup,
    validate_free_text,
    validate_group,
    validate_name,
    validate_national_id,
    validate_phone,
)

HEADER = ("date", "time", "name", "national_id", "phone", "group", "service_code", "result", "officer", "note")
REQUIRED = ("date", "name", "group", "service_code")
RESULTS = {
    "success": VisitResult.SUCCESS,
    "สำเร็จ": VisitResult.SUCCESS,
    "failed": VisitResult.FAILED,
    "ไม่สำเร็จ": VisitResult.FAILED,
    "referred": VisitResult.REFERRED,
    "ส่งต่อ": VisitResult.REFERRED,
}
T = TypeVar("T")
MAX_ROWS = 200_000
MAX_BYTES = 64 * 1024 * 1024

HELP = f"""\
Import a paper register from a CSV file in UTF-8 (with or without BOM).
Header: {",".join(HEADER)}.
  date          YYYY-MM-DD; the year may be CE (2024) or Buddhist Era (2567): a year above 2400 is read as BE
  time          HH:MM (24-hour), optional (default 00:00)
  name          Thai or Latin letters, spaces, '.', '-'
  national_id   13 digits with a valid check digit, optional
  phone         optional
  group         general elderly disabled pregnant clergy other, or ทั่วไป ผู้สูงอายุ ผู้พิการ สตรีมีครรภ์ นักบวช อื่น ๆ
  service_code  a code of the catalogue (kiosk services list)
  result        success/สำเร็จ, failed/ไม่สำเร็จ, referred/ส่งต่อ, optional
  officer       the officer's name, optional (created if new, without a PIN)
  note          optional
Every bad row is reported with its line number; if any row is bad nothing is imported (exit code 1).
"""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass(frozen=True)
class ParsedRow:
    line: int
    moment: dt.datetime
    day: dt.date
    name: str
    national_id: str | None
    phone: str | None
    group: VisitorGroup
    service_code: str
    result: VisitResult | None
    officer: str
    note: str


def _parse_time(text: str) -> dt.time:
    if not text:
        return dt.time(0, 0)
    try:
        hour, minute = text.split(":")[:2]
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise ValueError(f"time must be HH:MM, got {text!r}") from None


def parse_rows(
    data: bytes, station: Station, *, service_codes: set[str] | None = None
) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Check every row; return the good ones and the problems (nothing touches the database)."""
    if len(data) > MAX_BYTES:
        return [], [RowProblem(0, f"file larger than {MAX_BYTES // (1024 * 1024)} MB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [RowProblem(line, f"not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[RowProblem] = []
    rows: list[ParsedRow] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [RowProblem(1, f"broken CSV: {exc}")]
    if header is None:
        return [], [RowProblem(1, "the file is empty")]
    header = [h.strip().lower() for h in header]
    if tuple(header) != HEADER:
        return [], [RowProblem(1, f"header must be exactly {','.join(HEADER)}; got {','.join(header)}")]
    seen: dict[tuple[dt.datetime, str, str], int] = {}
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(RowProblem(reader.line_num, f"broken CSV: {exc}"))
            break
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(RowProblem(line, f"more than {MAX_ROWS} rows; split the file"))
            break
        if len(fields) != len(HEADER):
            problems.append(RowProblem(line, f"expected {len(HEADER)} fields, found {len(fields)}"))
            continue
        row = dict(zip(HEADER, (f.strip() for f in fields), strict=True))
        errors: list[str] = [f"{key} is required" for key in REQUIRED if not row[key]]
        if errors:
            problems.append(RowProblem(line, "; ".join(errors)))
            continue
        parsed = _parse_row(line, row, station, errors)
        if service_codes is not None and row["service_code"] not in service_codes:
            errors.append(f"service_code: no service {row['service_code']!r} in the catalogue")
        if errors or parsed is None:
            problems.append(RowProblem(line, "; ".join(errors)))
            continue
        key = (parsed.moment, parsed.name, parsed.service_code)
        if key in seen:
            problems.append(RowProblem(line, f"same date, time, name and service as line {seen[key]}"))
            continue
        seen[key] = line
        rows.append(parsed)
    return rows, problems


def _parse_row(line: int, row: dict[str, str], station: Station, errors: list[str]) -> ParsedRow | None:
    def check(label: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except ValidationError as exc:
            errors.append(f"{label}: {exc.en}")
        except ValueError as exc:
            errors.append(f"{label}: {exc}")
        return None

    day = check("date", lambda: parse_date(row["date"]))
    time = check("time", lambda: _parse_time(row["time"]))
    name = check("name", lambda: validate_name(row["name"]))
    nid = check("national_id", lambda: validate_national_id(row["national_id"])) if row["national_id"] else None
    phone = check("phone", lambda: validate_phone(row["phone"])) if row["phone"] else None
    group = check("group", lambda: validate_group(row["group"]))
    result = None
    if row["result"]:
        result = RESULTS.get(row["result"].lower())
        if result is None:
            errors.append(f"result: unknown {row['result']!r}; use success, failed or referred")
    officer = check("officer", lambda: validate_name(row["officer"])) if row["officer"] else ""
    note = check("note", lambda: validate_free_text(row["note"], field="note", limit=NOTE_MAX))
    if day is not None and day > station.today():
        errors.append(f"date: {day.isoformat()} is in the future")
    if errors or day is None or time is None or name is None or group is None:
        return None
    moment = dt.datetime.combine(day, time, tzinfo=station.zone).astimezone(dt.UTC)
    return ParsedRow(
        line=line,
        moment=moment,
        day=day,
        name=name,
        national_id=nid,
        phone=phone,
        group=group,
        service_code=row["service_code"],
        result=result,
        officer=officer or "",
        note=note or "",
    )


@dataclass(frozen=True)
class ImportResult:
    imported: int
    officers_created: int


def import_register(session: Session, station: Station, data: bytes) -> ImportResult:
    """Import every row or none: raises :class:`ImportFailed` listing each bad row."""
    services = {s.code: s for s in session.scalars(select(Service))}
    rows, problems = parse_rows(data, station, service_codes=set(services))
    existing: set[tuple[dt.datetime, str | None, uuid.UUID]] = set()
    if rows:
        days = {row.day for row in rows}
        for moment, name, service_id in session.execute(
            select(Visit.created_at, Visit.full_name, Visit.service_id).where(Visit.local_day.in_(days))
        ):
            existing.add((moment, name, service_id))
    for row in rows:
        service = services.get(row.service_code)
        if service is not None and (row.moment, row.name, service.id) in existing:
            problems.append(RowProblem(row.line, "already in the register (same date, time, name and service)"))
    if problems or not rows:
        raise ImportFailed(sorted(problems, key=lambda p: p.line) or [RowProblem(2, "no rows to import")])
    officers = {o.name: o for o in session.scalars(select(Officer))}
    created = 0
    for row in rows:
        officer = None
        if row.officer:
            officer = officers.get(row.officer)
            if officer is None:
                officer = Officer(id=uuid.uuid4(), name=row.officer, active=False, created_at=station.now())
                session.add(officer)
                officers[row.officer] = officer
                created += 1
        session.add(
            Visit(
                id=uuid.uuid4(),
                station_id=station.id,
                created_at=row.moment,
                local_day=row.day,
                full_name=row.name,
                national_id=row.national_id,
                id_suffix=row.national_id[-4:] if row.national_id else None,
                phone=row.phone,
                id_method=IdMethod.IMPORTED,
                group=row.group,
                service=services[row.service_code],
                status=VisitStatus.DONE,
                result=row.result,
                officer=officer,
                note=row.note,
                finished_at=row.moment,
                updated_at=station.now(),
            )
        )
    session.flush()
    return ImportResult(imported=len(rows), officers_created=created)
