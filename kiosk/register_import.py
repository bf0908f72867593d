"""Bulk import of a paper register from CSV: the whole file checked first, then all rows or none.

The file is read twice as a stream, never held in memory: the first pass checks every row and
keeps only a small fingerprint per row (to find duplicates); the second inserts the rows in
short write transactions, so a citizen registering at the kiosk meanwhile waits at most one
batch. All or nothing is kept by a journal: a :class:`~kiosk.models.Setting` names the import
while it runs, the sync sends nothing while it is there, and an import that fails is undone
batch by batch before the command ends; one cut off by a crash is undone the next time the
register is opened (:func:`recover_interrupted_import`). Visit and officer ids derive from the
import's id, so the undo finds exactly what the import added.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import logging
import os
import re
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from kiosk.db import Database
from kiosk.errors import KioskError, escape_control
from kiosk.models import IdMethod, Officer, Service, Setting, Visit, VisitResult, VisitStatus
from kiosk.paper_register import EARLIEST, ENCODINGS, REQUIRED
from kiosk.paper_register import HEADER as HEADER
from kiosk.register import audit
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

RESULTS = {
    "success": VisitResult.SUCCESS,
    "สำเร็จ": VisitResult.SUCCESS,
    "failed": VisitResult.FAILED,
    "ไม่สำเร็จ": VisitResult.FAILED,
    "referred": VisitResult.REFERRED,
    "ส่งต่อ": VisitResult.REFERRED,
}
T = TypeVar("T")
log = logging.getLogger(__name__)
MAX_ROWS = 500_000
MAX_PROBLEMS_KEPT = 1000  # every bad row is counted; the first ones are listed
BATCH = 200  # rows of the first write transaction; then sized to hold the register's writer about HOLD_S
HOLD_S = 0.03
JOURNAL_KEY = "register_import.pending"


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class ImportFailed(KioskError):
    """The file was refused; ``problems`` lists the first bad rows, ``bad_rows`` counts them all."""

    def __init__(self, problems: list[RowProblem], *, bad_rows: int | None = None) -> None:
        self.problems = problems
        self.bad_rows = bad_rows if bad_rows is not None else len(problems)
        first = str(problems[0]) if problems else "no rows"
        super().__init__(
            "import.refused", "นำเข้าข้อมูลไม่ได้", f"nothing imported, {self.bad_rows} bad row(s); first: {first}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,), self.__dict__)


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

    @property
    def key(self) -> int:
        """A fingerprint of (moment, name, service): two rows alike are the same visit."""
        return _key(self.moment, self.name, self.service_code)


def _key(moment: dt.datetime, name: str | None, service_code: str) -> int:
    text = f"{moment.astimezone(dt.UTC).isoformat()}|{name or ''}|{service_code}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")


def _parse_time(text: str) -> dt.time:
    if not text:
        return dt.time(0, 0)
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"must be HH:MM or HH:MM:SS (00:00–23:59), got {escape_control(text)!r}")
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))


# Reading ----------------------------------------------------------------------------------------

Source = Path | bytes
Progress = Callable[[float], None]
"""``progress(fraction)`` 0…1 (Job.report): checking is the first half, by bytes read; writing the second."""


def _open(source: Source) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


def _has_thai(text: str) -> bool:
    """Whether ``text`` has a Thai consonant (a Latin-1 'é' read as CP874 is a lone tone mark, not one)."""
    return any("\u0e01" <= char <= "\u0e2e" for char in text)


def detect_encoding(source: Source, *, asked: str = "auto") -> str:
    """The codec to read ``source`` with, or :class:`ImportFailed` naming the first bad byte.

    UTF-8 unless asked otherwise; with ``auto``, a file that is not UTF-8 but reads as Thai in
    Windows-874 (CP874, a superset of TIS-620) is read as CP874.
    """
    if asked not in ENCODINGS:
        raise ImportFailed([RowProblem(0, f"unknown encoding {asked!r}; use one of {', '.join(ENCODINGS)}")])
    if asked == "cp874":
        return "cp874"
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    lines = 1
    with _open(source) as stream:
        while chunk := stream.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                line = lines + chunk[: exc.start].count(b"\n")
                break
            offset += len(chunk)
            lines += chunk.count(b"\n")
        else:
            try:
                decoder.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                bad, line = offset, lines
    if asked == "auto" and _reads_as_thai_cp874(source):
        return "cp874"
    raise ImportFailed(
        [
            RowProblem(
                line,
                f"not UTF-8 text (byte {bad}) nor Thai in Windows-874: save the file as CSV UTF-8, "
                "or give --encoding cp874 for a file saved by Thai Excel",
            )
        ]
    )


def _reads_as_thai_cp874(source: Source) -> bool:
    decoder = codecs.getincrementaldecoder("cp874")()
    thai = False
    try:
        with _open(source) as stream:
            while chunk := stream.read(1 << 20):
                thai = _has_thai(decoder.decode(chunk)) or thai
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return thai


@contextmanager
def _csv_rows(source: Source, encoding: str) -> Iterator[tuple[Any, Iterator[list[str]], IO[bytes]]]:
    """The csv reader (for ``line_num``), its rows decoded as a stream, and the raw file (for how far it is read)."""
    with _open(source) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, strict=True)
        yield reader, reader, raw


def _size(source: Source) -> int:
    return len(source) if isinstance(source, bytes) else max(1, source.stat().st_size)


@dataclass
class _Pass:
    """What a reading pass found: good rows are handed to ``on_row`` and not kept."""

    rows: int = 0
    bad: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.bad += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(RowProblem(line, message))


def _read(
    source: Source,
    encoding: str,
    station: Station,
    service_codes: set[str],
    on_row: Callable[[ParsedRow], None],
    read_bytes: Callable[[int], None] | None = None,
) -> _Pass:
    """Check every row of ``source``, giving each good one to ``on_row``; ``read_bytes(n)`` now and then."""
    found = _Pass()
    with _csv_rows(source, encoding) as (reader, lines, raw):
        try:
            header = next(lines, None)
        except csv.Error as exc:
            found.problem(1, f"broken CSV: {exc}")
            return found
        if header is None:
            found.problem(1, "the file is empty")
            return found
        names = [h.strip().lower() for h in header]
        if tuple(names) != HEADER:
            got = escape_control(",".join(names), limit=200)
            found.problem(1, f"header must be exactly {','.join(HEADER)}; got {got}")
            return found
        today = station.today()
        while True:
            try:
                fields = next(lines)
            except StopIteration:
                break
            except csv.Error as exc:
                found.problem(reader.line_num, f"broken CSV: {exc}")
                break
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if found.rows + found.bad >= MAX_ROWS:
                found.problem(line, f"more than {MAX_ROWS:,} rows; split the file")
                break
            parsed = _check_fields(line, fields, station, service_codes, today, found)
            if parsed is not None:
                found.rows += 1
                on_row(parsed)
            if read_bytes is not None and (found.rows + found.bad) % 5000 == 0:
                read_bytes(raw.tell())
    return found


def _check_fields(
    line: int, fields: list[str], station: Station, service_codes: set[str], today: dt.date, found: _Pass
) -> ParsedRow | None:
    if len(fields) != len(HEADER):
        found.problem(line, f"expected {len(HEADER)} fields, found {len(fields)}")
        return None
    row = dict(zip(HEADER, (f.strip() for f in fields), strict=True))
    errors: list[str] = [f"{key} is required" for key in REQUIRED if not row[key]]
    if errors:
        found.problem(line, "; ".join(errors))
        return None
    parsed = _parse_row(line, row, station, errors, today)
    if row["service_code"] not in service_codes:
        errors.append(f"service_code: no service {escape_control(row['service_code'])!r} in the catalogue")
    if errors or parsed is None:
        found.problem(line, "; ".join(errors))
        return None
    return parsed


def _parse_row(line: int, row: dict[str, str], station: Station, errors: list[str], today: dt.date) -> ParsedRow | None:
    def check(label: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except ValidationError as exc:
            errors.append(f"{label}: {exc.en}")
        except ValueError as exc:
            errors.append(f"{label}: {escape_control(str(exc), limit=200)}")
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
            errors.append(f"result: unknown {escape_control(row['result'])!r}; use success, failed or referred")
    officer = check("officer", lambda: validate_name(row["officer"])) if row["officer"] else ""
    note = check("note", lambda: validate_free_text(row["note"], field="note", limit=NOTE_MAX))
    if day is not None and day > today:
        errors.append(f"date: {day.isoformat()} is in the future")
    elif day is not None and day < EARLIEST:
        errors.append(f"date: {day.isoformat()} is before {EARLIEST.isoformat()}: not a date of this register")
        day = None
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


# Checking the whole file ----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportPlan:
    """A file that passed every check: what the import will write."""

    encoding: str
    rows: int
    new_officers: tuple[str, ...]


def check_file(
    db: Database,
    station: Station,
    source: Source,
    *,
    encoding: str = "auto",
    progress: Progress | None = None,
) -> ImportPlan:
    """Read the whole file and check every row against the catalogue and the register, writing nothing.

    Raises :class:`ImportFailed` listing the bad rows (each with its line number).
    """
    codec = detect_encoding(source, asked=encoding)
    with db.read() as session:
        services = {code: id_ for code, id_ in session.execute(select(Service.code, Service.id))}
        officers = set(session.scalars(select(Officer.name)))
    seen: dict[int, int] = {}  # fingerprint -> line
    days: set[dt.date] = set()
    new_officers: dict[str, None] = {}
    duplicates: list[RowProblem] = []

    def on_row(row: ParsedRow) -> None:
        first = seen.setdefault(row.key, row.line)
        if first != row.line:
            duplicates.append(RowProblem(row.line, f"same date, time, name and service as line {first}"))
        days.add(row.day)
        if row.officer and row.officer not in officers:
            new_officers[row.officer] = None

    size = _size(source)
    ticks = None if progress is None else (lambda at: progress(0.5 * min(1.0, at / size)))
    found = _read(source, codec, station, set(services), on_row, ticks)
    for problem in duplicates:
        found.problem(problem.line, problem.message)
    for line in _already_in_register(db, days, seen):
        found.problem(line, "already in the register (same date, time, name and service)")
    if found.bad:
        raise ImportFailed(sorted(found.problems, key=lambda p: p.line), bad_rows=found.bad)
    if not found.rows:
        raise ImportFailed([RowProblem(2, "no rows to import")])
    return ImportPlan(encoding=codec, rows=found.rows, new_officers=tuple(new_officers))


def _already_in_register(db: Database, days: set[dt.date], seen: dict[int, int]) -> list[int]:
    _v, _s = cast(Table, Visit.__table__), cast(Table, Service.__table__)
    lines = []
    ordered = sorted(days)
    with db.read() as session:
        for start in range(0, len(ordered), 500):
            query = (
                select(_v.c.created_at, _v.c.full_name, _s.c.code)
                .join(_s, _v.c.service_id == _s.c.id)
                .where(_v.c.local_day.in_(ordered[start : start + 500]))
            )
            for moment, name, code in session.execute(query):
                line = seen.get(_key(moment, name, code))
                if line is not None:
                    lines.append(line)
    return lines


# Writing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    imported: int
    officers_created: int
    encoding: str = "utf-8-sig"


class _Journal:
    """The import in progress, as the register records it (``Setting`` ``register_import.pending``)."""

    def __init__(self, import_id: uuid.UUID, rows: int, officers: list[str], source: str) -> None:
        self.import_id = import_id
        self.rows = rows
        self.officers = officers
        self.source = source

    def visit_id(self, index: int) -> uuid.UUID:
        return uuid.uuid5(self.import_id, f"visit:{index}")

    def officer_id(self, name: str) -> uuid.UUID:
        return uuid.uuid5(self.import_id, f"officer:{name}")

    def dump(self) -> str:
        return json.dumps(
            {
                "id": str(self.import_id),
                "rows": self.rows,
                "officers": self.officers,
                "source": self.source,
                "pid": os.getpid(),
                "host": socket.gethostname(),
            },
            ensure_ascii=False,
        )

    @classmethod
    def load(cls, text: str) -> tuple[_Journal, int, str]:
        data = json.loads(text)
        journal = cls(uuid.UUID(data["id"]), int(data["rows"]), list(data["officers"]), str(data.get("source", "")))
        return journal, int(data.get("pid", 0)), str(data.get("host", ""))


def import_file(
    db: Database,
    station: Station,
    source: Source,
    *,
    encoding: str = "auto",
    actor: str = "kiosk register import",
    progress: Progress | None = None,
    batch: int = BATCH,
) -> ImportResult:
    """Check the whole file (:func:`check_file`), then write it in short batches: all rows or none."""
    plan = check_file(db, station, source, encoding=encoding, progress=progress)
    with db.read() as session:
        services = {code: id_ for code, id_ in session.execute(select(Service.code, Service.id))}
        officers = {name: id_ for name, id_ in session.execute(select(Officer.name, Officer.id))}
    journal = _Journal(
        uuid.uuid4(), plan.rows, list(plan.new_officers), str(source)[:200] if isinstance(source, Path) else ""
    )
    now = station.now()

    def begin(session: Session) -> None:
        if session.get(Setting, JOURNAL_KEY) is not None:
            raise KioskError(
                "import.running",
                "กำลังนำเข้าข้อมูลอื่นอยู่",
                "another register import is running (or was cut off: open the register again to undo it)",
            )
        session.add(Setting(key=JOURNAL_KEY, value=journal.dump(), updated_at=now))
        for name in plan.new_officers:
            session.add(Officer(id=journal.officer_id(name), name=name, active=False, created_at=now))

    db.write_with(begin)
    officers.update({name: journal.officer_id(name) for name in plan.new_officers})
    written = 0

    def finish(session: Session) -> None:
        audit(
            session,
            station,
            actor=actor,
            action="register_import",
            entity="import",
            entity_id=str(journal.import_id),
            details={"rows": written, "officers_added": len(plan.new_officers), "encoding": plan.encoding},
        )
        session.execute(delete(Setting).where(Setting.key == JOURNAL_KEY))  # the flip: now it is whole

    try:
        written = _write_rows(db, station, source, plan, journal, services, officers, progress, batch)
        db.write_with(finish)
    except BaseException:
        try:
            _undo(db, journal)
        except Exception:  # a full disk may refuse the undo too: the next opening of the register finishes it
            log.warning(
                "could not undo import %s now; it is undone when the register is next opened", journal.import_id
            )
        raise
    return ImportResult(imported=written, officers_created=len(plan.new_officers), encoding=plan.encoding)


def _write_rows(
    db: Database,
    station: Station,
    source: Source,
    plan: ImportPlan,
    journal: _Journal,
    services: dict[str, uuid.UUID],
    officers: dict[str, uuid.UUID],
    progress: Progress | None,
    batch: int,
) -> int:
    table = cast(Table, Visit.__table__)
    pending: list[dict[str, Any]] = []
    written = 0
    now = station.now()
    size = batch

    def flush() -> None:
        nonlocal written, size
        if pending:
            started = time.perf_counter()
            db.write_with(lambda session: session.execute(insert(table), pending))
            held = time.perf_counter() - started
            # A loaded machine makes each row slower: keep the writer's hold short, not the row count fixed.
            if held > 2 * HOLD_S:
                size = max(50, size // 2)
            elif held < HOLD_S / 2:
                size = min(batch * 10, size * 2)
            written += len(pending)
            pending.clear()
            _checkpoint(db)
            if progress is not None:
                progress(0.5 + 0.5 * written / plan.rows)

    def on_row(row: ParsedRow) -> None:
        index = written + len(pending)
        if index >= plan.rows:
            raise KioskError("import.changed", "ไฟล์ถูกแก้ไขระหว่างนำเข้า", "the file grew while it was imported")
        pending.append(
            {
                "id": journal.visit_id(index),
                "station_id": station.id,
                "created_at": row.moment,
                "local_day": row.day,
                "full_name": row.name,
                "national_id": row.national_id,
                "id_suffix": row.national_id[-4:] if row.national_id else None,
                "phone": row.phone,
                "phone_consent": False,
                "id_method": IdMethod.IMPORTED,
                "group": row.group,
                "service_id": services[row.service_code],
                "status": VisitStatus.DONE,
                "result": row.result,
                "result_reason": "",
                "officer_id": officers[row.officer] if row.officer else None,
                "note": row.note,
                "finished_at": row.moment,
                "updated_at": now,
            }
        )
        if len(pending) >= size:
            flush()

    found = _read(source, plan.encoding, station, set(services), on_row)
    flush()
    if found.bad or written != plan.rows:
        raise KioskError(
            "import.changed",
            "ไฟล์ถูกแก้ไขระหว่างนำเข้า",
            f"the file changed while it was imported ({found.bad} bad row(s) now, {written} of {plan.rows} rows): "
            "nothing imported; run the import again",
        )
    return written


def _checkpoint(db: Database) -> None:
    """Fold the WAL into the register now, on the import's time, outside any transaction.

    SQLite checkpoints when a commit finds the WAL past 1,000 pages: left alone, the import's
    pages would be copied and synced by whichever commit comes next, often a citizen's
    registration. A passive checkpoint takes no lock a writer needs.
    """
    if not db.is_sqlite:
        return
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        if driver is not None and not driver.in_transaction:
            driver.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        raw.close()


def _delete_visits(session: Session, *, table: Table, ids: list[uuid.UUID]) -> None:
    session.execute(delete(table).where(table.c.id.in_(ids)))


def _undo(db: Database, journal: _Journal) -> None:
    """Remove what an import wrote, batch by batch, then its journal entry."""
    table = cast(Table, Visit.__table__)
    for start in range(0, journal.rows, BATCH):
        ids = [journal.visit_id(i) for i in range(start, min(start + BATCH, journal.rows))]
        db.write_with(functools.partial(_delete_visits, table=table, ids=ids))

    def forget(session: Session) -> None:
        if journal.officers:
            session.execute(delete(Officer).where(Officer.id.in_([journal.officer_id(n) for n in journal.officers])))
        session.execute(delete(Setting).where(Setting.key == JOURNAL_KEY))

    db.write_with(forget)


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname() or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def import_running(session: Session) -> bool:
    """Whether an import is being written right now (its rows must not go to the district yet)."""
    setting = session.get(Setting, JOURNAL_KEY)
    if setting is None:
        return False
    _journal, pid, host = _Journal.load(setting.value)
    return _alive(pid, host)


def recover_interrupted_import(db: Database) -> int:
    """Undo an import cut off by a crash or a kill (its process is gone); returns the rows it had planned."""
    with db.read() as session:
        setting = session.get(Setting, JOURNAL_KEY)
        text = setting.value if setting is not None else None
    if text is None:
        return 0
    journal, pid, host = _Journal.load(text)
    if _alive(pid, host):
        return 0
    _undo(db, journal)
    return journal.rows
