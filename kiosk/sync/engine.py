"""Send every visit changed since the last acknowledged sync to the district hub, losing nothing.

A run walks the pending visits (``version > synced_version``) in batches, in order of id. Each
batch is one hub transaction of idempotent upserts keyed by the visit's UUID; the hub keeps a
row only when its version is higher than the one it has, so re-sending is harmless and an older
copy never overwrites a newer one. Only after the hub commits does the kiosk acknowledge the
batch, and only for the versions it sent: a visit changed while the batch was in flight stays
pending. A crash, a lost connection or a killed server at any point leaves, at worst, a batch
that the next run sends again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import operator
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

import psycopg
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    RowMapping,
    String,
    Table,
    bindparam,
    func,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from kiosk.config import SyncConfig
from kiosk.db import Database
from kiosk.models import Officer, QueueTicket, Service, Visit
from kiosk.station import Station
from kiosk.sync.errors import SyncBusy, SyncCancelled, SyncError, map_error, redact
from kiosk.sync.hub import connect_hub, hub_service, hub_station, hub_sync_lock, hub_sync_log, hub_visit
from kiosk.sync.status import pending_count, record_failure, record_skip, record_success

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""``progress(sent, total)`` after each batch the hub committed; it may raise :class:`SyncCancelled`."""

CLIENT = "damrongdhama-kiosk"

_v = cast(Table, Visit.__table__)
_s = cast(Table, Service.__table__)
_o = cast(Table, Officer.__table__)
_t = cast(Table, QueueTicket.__table__)


def _text(column: Any) -> Any:
    """A column read as the register keeps it, with no Python object made per row and taken apart again.

    An id is 32 hex digits in SQLite, which the hub reads as a UUID (a batch's rows then hold
    nothing the garbage collector must follow); an enum is the text the hub stores; a timestamp is
    text in UTC in SQLite (``UTCDateTime``), which the hub reads as UTC (a batch's transaction sets
    its time zone). PostgreSQL's driver gives a UUID and an aware datetime whatever the type here.
    """
    return type_coerce(column, String).label(column.name)


_PENDING = (
    select(
        _text(_v.c.id),
        _v.c.station_id,
        _v.c.version,
        _text(_v.c.created_at),
        _v.c.local_day,
        _text(_t.c.lane),
        _t.c.number,
        _v.c.full_name,
        _v.c.national_id,
        _v.c.phone,
        _v.c.phone_consent,
        _text(_v.c.id_method),
        _text(_v.c.group),
        _s.c.code.label("service_code"),
        _s.c.name_th.label("service_name_th"),
        _s.c.name_en.label("service_name_en"),
        _s.c.owner_th,
        _text(_v.c.status),
        _text(_v.c.result),
        _v.c.result_reason,
        _o.c.name.label("officer_name"),
        _v.c.note,
        _text(_v.c.called_at),
        _text(_v.c.finished_at),
        _text(_v.c.survey_slip_printed_at),
        _v.c.survey_answered,
        _v.c.rating_score,
        _v.c.rating_max,
        _text(_v.c.rated_at),
        _text(_v.c.purged_at),
        _text(_v.c.updated_at),
    )
    .select_from(_v.join(_s, _v.c.service_id == _s.c.id).outerjoin(_o, _v.c.officer_id == _o.c.id))
    .outerjoin(_t, _t.c.visit_id == _v.c.id)
    .where(_v.c.version > _v.c.synced_version)
    .order_by(_v.c.id)
)

# An id as the register keeps it (see _text), given back in a statement.
_kept_id = type_coerce(_v.c.id, Uuid(as_uuid=False))

# Acknowledge exactly the version that was sent: a change made meanwhile keeps the row pending.
_ACK = (
    update(_v)
    .where(_kept_id == bindparam("b_id"), _v.c.version == bindparam("b_version"))
    .values(synced_version=bindparam("b_version"))
)


# A batch travels by COPY into a temporary table of the hub connection (emptied at each commit),
# then one upsert moves it into hub_visit: COPY is the cheapest way into PostgreSQL, and the
# upsert keeps the rules of the hub (hub schema 4 lets the stations make temporary tables).
_SENT = tuple(c.name for c in hub_visit.columns if c.name != "received_at")
_STAGE = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS sync_batch ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(_SENT)} FROM hub_visit WITH NO DATA"
)
_COPY = f"COPY sync_batch ({', '.join(_SENT)}) FROM STDIN"
_sent_values = operator.itemgetter(*_SENT)  # a hub row's values in COPY's order


def _upsert_visits() -> str:
    names = ", ".join(_SENT)
    # A ticket number is never taken back; a kiosk that lacks one (a visit pulled back after its
    # number was given again, kiosk.sync.restore) keeps the hub's.
    keep = {
        "ticket": "COALESCE(NULLIF(EXCLUDED.ticket, ''), hub_visit.ticket)",
        "lane": "COALESCE(EXCLUDED.lane, hub_visit.lane)",
    }
    changes = ", ".join(f"{c} = {keep.get(c, f'EXCLUDED.{c}')}" for c in _SENT if c != "id")
    return (
        f"INSERT INTO hub_visit ({names}) SELECT {names} FROM sync_batch "
        f"ON CONFLICT (id) DO UPDATE SET {changes}, received_at = now() "
        "WHERE hub_visit.version < EXCLUDED.version"  # an older copy never overwrites a newer one
    )


_UPSERT_VISITS = _upsert_visits()

# After the upsert, in its transaction: the rows of the batch the hub does not hold at the version
# sent, and whether it holds a newer one (or, should anything else have happened, none). Normally
# there are none: the answer is a few rows, not the batch's ids.
_NOT_HELD = (
    "SELECT replace(b.id::text, '-', ''), h.version > b.version FROM sync_batch b LEFT JOIN hub_visit h ON h.id = b.id "
    "WHERE h.version IS DISTINCT FROM b.version"
)


@dataclass(frozen=True)
class _Answer:
    applied: int  # rows the hub took as new or newer
    not_held: frozenset[str]  # rows the hub does not hold at the version sent (ids as 32 hex digits)
    newer: tuple[str, ...]  # those of them it holds at a higher version: the register is behind


def _send(hub: Connection, batch: Sequence[dict[str, Any]]) -> _Answer:
    """The batch into hub_visit in the hub connection's open transaction, and what the hub holds now.

    COPY goes through psycopg itself (SQLAlchemy has no COPY): its errors are psycopg's, which
    :func:`sync_to_district` maps like SQLAlchemy's.
    """
    hub.exec_driver_sql(_STAGE)
    driver: Any = hub.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(_COPY) as copy:
        for row in batch:
            copy.write_row(_sent_values(row))
    applied = hub.exec_driver_sql(_UPSERT_VISITS).rowcount
    not_held = hub.exec_driver_sql(_NOT_HELD).all()
    return _Answer(
        applied=applied,
        not_held=frozenset(row_id for row_id, _ in not_held),
        newer=tuple(row_id for row_id, newer in not_held if newer),
    )


def _hex(visit_id: str | uuid.UUID) -> str:
    """An id as its 32 hex digits, whether SQLite's text or PostgreSQL's UUID."""
    return visit_id if isinstance(visit_id, str) else visit_id.hex


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


# Columns a visit has under the same name and type in the register and at the hub; the rest
# (ticket and lane, visitor group, service, officer, enums) are translated by hub_row and, the
# other way, by kiosk.sync.restore.
SHARED_COLUMNS = (
    "id",
    "station_id",
    "version",
    "created_at",
    "local_day",
    "full_name",
    "national_id",
    "phone",
    "phone_consent",
    "result_reason",
    "note",
    "called_at",
    "finished_at",
    "survey_slip_printed_at",
    "survey_answered",
    "rating_score",
    "rating_max",
    "rated_at",
    "purged_at",
    "updated_at",
)


def hub_row(row: RowMapping) -> dict[str, Any]:
    """A local visit (joined with its service, officer and ticket) as the hub stores it."""
    lane = _enum_value(row["lane"])
    return {
        **{c: row[c] for c in SHARED_COLUMNS},
        "ticket": f"{lane}{row['number']:03d}" if lane else "",
        "lane": lane,
        "id_method": _enum_value(row["id_method"]),
        "visitor_group": _enum_value(row["group"]),
        "service_code": row["service_code"],
        "service_name_th": row["service_name_th"],
        "service_name_en": row["service_name_en"],
        "owner_th": row["owner_th"],
        "status": _enum_value(row["status"]),
        "result": _enum_value(row["result"]),
        "officer_name": row["officer_name"],
    }


@dataclass(frozen=True)
class SyncResult:
    started_at: dt.datetime
    finished_at: dt.datetime
    sent: int  # rows sent (a re-sent batch counts again)
    applied: int  # rows the hub took as new or newer
    batches: int
    pending: int  # still pending after the run (changed meanwhile, or cancelled)
    cancelled: bool
    warnings: tuple[str, ...] = ()

    @property
    def already_there(self) -> int:
        """Rows the hub already had at this version or a newer one."""
        return self.sent - self.applied


@dataclass(frozen=True)
class SyncPlan:
    """What a run would do: ``kiosk sync --dry-run``."""

    pending: int
    batches: int
    hub_rows: int  # rows of this station the hub holds now
    hub: str  # the URL without its password
    warnings: tuple[str, ...] = ()


def _read_batch(db: Database, after: Any, limit: int) -> Sequence[RowMapping]:
    query = _PENDING if after is None else _PENDING.where(_kept_id > after)
    with db.read() as session:
        return session.execute(query.limit(limit)).mappings().all()


@contextlib.contextmanager
def _read_ahead(db: Database, batch_size: int) -> Iterator[Iterator[list[dict[str, Any]]]]:
    """The pending visits in batches, in order of id, as the hub stores them; each batch is read on a
    thread of its own while the one before it is at the hub (whose answer the run waits for anyway).

    Reading ahead changes nothing of what is acknowledged: a batch starts after the last id of the
    one before, whatever the acknowledgement of that one did, and a row changed after it was read
    keeps its newer version pending as before.
    """
    ready: queue.Queue[list[dict[str, Any]] | BaseException] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item: list[dict[str, Any]] | BaseException) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        after: Any = None
        try:
            while True:
                batch = [hub_row(r) for r in _read_batch(db, after, batch_size)]
                if not hand_over(batch) or not batch:
                    return
                after = batch[-1]["id"]
        except BaseException as exc:  # the run raises it where it waits for the batch
            hand_over(exc)

    def batches() -> Iterator[list[dict[str, Any]]]:
        while True:
            item = ready.get()
            if isinstance(item, BaseException):
                raise item
            if not item:
                return
            yield item

    reader = threading.Thread(target=read, name="sync-read-ahead", daemon=True)
    reader.start()
    try:
        yield batches()
    finally:
        stop.set()
        reader.join()


def _push_services(hub: Connection, db: Database, station_id: str) -> None:
    with db.read() as session:
        services = session.execute(select(Service)).scalars().all()
        rows = [
            {
                "station_id": station_id,
                "code": s.code,
                "name_th": s.name_th,
                "name_en": s.name_en,
                "owner_th": s.owner_th,
                "url": s.url,
                "active": s.active,
                "display_order": s.display_order,
                "updated_at": s.updated_at,
            }
            for s in services
        ]
    if not rows:
        return
    stmt = pg_insert(hub_service)
    hub.execute(
        stmt.on_conflict_do_update(
            index_elements=[hub_service.c.station_id, hub_service.c.code],
            set_={
                **{c: stmt.excluded[c] for c in ("name_th", "name_en", "owner_th", "url", "active", "display_order")},
                "updated_at": stmt.excluded.updated_at,
                "received_at": func.now(),
            },
        ),
        rows,
    )


def _acknowledge(db: Database, sent: Sequence[dict[str, Any]]) -> None:
    if not sent:
        return
    db.write_with(lambda session: session.execute(_ACK, [{"b_id": r["id"], "b_version": r["version"]} for r in sent]))


@contextlib.contextmanager
def _acknowledging(db: Database) -> Iterator[Callable[[Sequence[dict[str, Any]]], None]]:
    """Acknowledge batches in order on a thread of its own, each while the next one is at the hub.

    A batch is handed over only once the hub has committed it, as before; one acknowledgement at
    most is in flight, and the run neither ends nor counts what is left pending before the last
    one is written, whether it ends well or not. One that fails leaves its rows pending (the next
    run sends them again) and stops the run.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-acknowledge") as writer:
        in_flight: Future[None] | None = None

        def acknowledge(rows: Sequence[dict[str, Any]]) -> None:
            nonlocal in_flight
            if in_flight is not None:
                in_flight.result()
            in_flight = writer.submit(_acknowledge, db, rows)

        yield acknowledge
        if in_flight is not None:
            in_flight.result()


def _record_skip(db: Database, station: Station, busy: SyncBusy) -> None:
    """Count a skipped run; skips that last become the station's last error (staff banner, ``--status``)."""
    try:
        db.write_with(lambda session: record_skip(session, at=station.now(), reason=busy.en))
    except SQLAlchemyError:
        log.exception("could not record the skipped sync locally")


def _no_import_running(db: Database) -> None:
    from kiosk.register_import import import_running, recover_interrupted_import

    recover_interrupted_import(db)  # one cut off by a crash is undone first: its rows never leave
    with db.read() as session:
        running = import_running(session)
    if running:
        raise SyncBusy(
            "sync_import_running",
            "กำลังนำเข้าทะเบียนอยู่ จะส่งข้อมูลเมื่อเสร็จ",
            "a register import is being written: its rows go to the district once the whole file is in; "
            "this sync sent nothing",
        )


def _record(db: Database, station: Station, outcome: SyncResult | SyncError) -> None:
    """Keep the outcome for the staff screen; a failure to write it must not hide the sync's own."""
    try:

        def keep(session: Session) -> None:
            if isinstance(outcome, SyncError):
                record_failure(session, at=station.now(), code=outcome.code, en=outcome.en, th=outcome.th)
            else:
                record_success(session, at=outcome.finished_at, rows_sent=outcome.sent)

        db.write_with(keep)
    except SQLAlchemyError:
        log.exception("could not record the sync outcome locally")


def sync_to_district(
    db: Database,
    station: Station,
    url: str,
    *,
    sync: SyncConfig | None = None,
    hub: Engine | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """Send what changed since the last acknowledged sync; raise :class:`SyncError` on failure.

    ``hub`` lets a caller (or a test) bring its own engine; otherwise one is made from ``url``
    with the TLS settings of ``sync`` and disposed of at the end. ``cancel`` (or a progress
    callback raising :class:`SyncCancelled`) stops the run after the batch in flight is
    acknowledged. The outcome is recorded in the local settings for :func:`sync_status`.
    """
    sync = sync or SyncConfig()
    started = station.now()
    engine = hub
    try:
        _no_import_running(db)
        engine = engine or connect_hub(url, sync=sync)
        result = _run(db, station, engine, sync.batch_size, progress, cancel, started)
    except SyncBusy as exc:
        log.info("sync to %s skipped: %s", redact(url), exc.en)
        _record_skip(db, station, exc)
        raise  # not a failure: the run that holds the lock records its own outcome
    except SyncError as exc:
        _record(db, station, exc)
        raise
    except (SQLAlchemyError, psycopg.Error, OSError, ValueError) as exc:
        error = map_error(exc, url)
        log.warning("sync to %s failed: %s", redact(url), error.en)
        _record(db, station, error)
        raise error from None
    finally:
        if hub is None and engine is not None:
            engine.dispose()
    _record(db, station, result)
    log.info(
        "sync to %s: %d sent, %d applied, %d pending%s",
        redact(url),
        result.sent,
        result.applied,
        result.pending,
        " (cancelled)" if result.cancelled else "",
    )
    return result


def _run(
    db: Database,
    station: Station,
    engine: Engine,
    batch_size: int,
    progress: Progress | None,
    cancel: threading.Event | None,
    started: dt.datetime,
) -> SyncResult:
    with db.read() as session:
        total = pending_count(session)
    sent = applied = batches = 0
    cancelled = False
    behind: list[str] = []
    # The first batch is read while the hub is reached and checked (reading changes nothing); one
    # connection for the run, one transaction per batch.
    with _read_ahead(db, batch_size) as pending, _one_run_per_station(engine, station.id), engine.connect() as hub:
        warnings = _identity_warnings(hub, station.id)
        _refuse_without_temporary_tables(hub)
        _refuse_if_behind(hub, db, station.id)
        with hub.begin():
            _push_services(hub, db, station.id)
        with _acknowledging(db) as acknowledge:
            for batch in pending:
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    break
                with hub.begin():
                    # The acknowledgement below relies on this commit being durable, whatever the server's default.
                    hub.exec_driver_sql("SET LOCAL synchronous_commit = on")
                    hub.exec_driver_sql("SET LOCAL TimeZone = 'UTC'")  # the register's timestamps are text in UTC
                    answer = _send(hub, batch)
                applied += answer.applied
                # A row is acknowledged only when the hub now holds exactly the version sent; one the hub
                # holds newer stays pending here and stops the run (the register is behind the hub).
                acknowledged = [r for r in batch if _hex(r["id"]) not in answer.not_held]
                behind += answer.newer
                acknowledge(acknowledged)
                sent += len(batch)
                batches += 1
                if progress is not None:
                    try:
                        progress(sent, max(total, sent))
                    except SyncCancelled:
                        cancelled = True
                        break
            # The run's log row goes to the hub while the last acknowledgement is written here.
            finished = station.now()
            with hub.begin():
                hub.execute(
                    hub_sync_log.insert(),
                    {
                        "station_id": station.id,
                        "started_at": started,
                        "finished_at": finished,
                        "rows_sent": sent,
                        "rows_applied": applied,
                        "client": CLIENT,
                    },
                )
    if behind:
        raise _behind_error(station.id, len(behind), "held newer at the hub than here, left pending")
    with db.read() as session:
        left = pending_count(session)
    return SyncResult(
        started_at=started,
        finished_at=finished,
        sent=sent,
        applied=applied,
        batches=batches,
        pending=left,
        cancelled=cancelled,
        warnings=warnings,
    )


def _behind_error(station_id: str, count: int, what: str) -> SyncError:
    return SyncError(
        "register_behind",
        "ทะเบียนในเครื่องเก่ากว่าข้อมูลที่อำเภอ (อาจกู้คืนจากสำรอง) กรุณาให้ผู้ดูแลดึงข้อมูลกลับก่อนส่ง",
        f"the register is behind what the district holds of station {station_id} ({count} visit(s) {what}: "
        "restored from a backup, emptied, or its clock was behind); nothing of them was sent: "
        "run `kiosk sync --pull`, then `kiosk sync`",
    )


def _hex_id(column: Any, dialect: str) -> ColumnElement[str]:
    """A UUID column as 32 lower-case hex digits, as SQLite keeps it and PostgreSQL can write it."""
    if dialect == "postgresql":
        return func.replace(column.cast(String), "-", "")
    return type_coerce(column, String)


# A summary of this station's versions: a row count and the sum of the versions, in two parts so that
# SQLite's 64-bit sum cannot overflow (a version is about 2**51, microseconds since 1970).
_SPLIT = 2**24


def _summary(version: Any) -> tuple[Any, ...]:
    return (func.count(), func.coalesce(func.sum(version // _SPLIT), 0), func.coalesce(func.sum(version % _SPLIT), 0))


def _acknowledged_here(db: Database) -> tuple[int, ...]:
    """How many visits the hub has acknowledged here, and the sum of the versions acknowledged.

    All of them, not only this station's: the index on the versions answers alone, and a register
    that also holds another station's (its station renamed) is merely compared row by row.
    """
    query = select(*_summary(_v.c.synced_version)).where(_v.c.synced_version > 0)
    with db.read() as session:
        return tuple(int(n) for n in session.execute(query).one())


def _held_at_hub(hub: Connection, station_id: str) -> tuple[int, ...]:
    """How many visits of this station the hub holds, and the sum of their versions."""
    query = select(*_summary(hub_visit.c.version)).where(hub_visit.c.station_id == station_id)
    summary = tuple(int(n) for n in hub.execute(query).one())
    hub.rollback()
    return summary


def _refuse_if_behind(hub: Connection, db: Database, station_id: str) -> None:
    """Refuse to send from a register that lacks, or holds older, what the hub has of this station.

    Three cases, found by comparing ids and versions (a few thousand rows a year): a visit the
    hub has and the register lacks (restored or emptied), one the hub holds at a higher version
    (restored, or the clock was behind), and one changed here since its last acknowledged
    version while the hub received a later one it never acknowledged here (a restore, then a
    correction of another field: sending it would overwrite the hub's). ``kiosk sync --pull``
    merges all three.

    Most runs find the hub holding exactly what the register last acknowledged, and a summary of
    each side shows it without reading every row: the hub never deletes a station's visit (the
    stations may not) nor lowers its version (the upsert only raises it), and held each version
    acknowledged here when it was acknowledged, so every visit acknowledged here is at the hub at
    that version or a newer one. Equal counts then mean the same visits, and equal sums the same
    versions: nothing missing, newer or changed on both sides. Any other hub, ahead by an
    acknowledgement lost in a crash as well as behind, is compared row by row.
    """
    if _acknowledged_here(db) == _held_at_hub(hub, station_id):
        return
    # Ids compared as their 32 hex digits on both sides: a UUID object per row and side cost more than the rest.
    with db.read() as session:
        local = {
            visit_id: (int(version), int(synced))
            for visit_id, version, synced in session.execute(
                select(_hex_id(_v.c.id, session.get_bind().dialect.name), _v.c.version, _v.c.synced_version).where(
                    _v.c.station_id == station_id
                )
            ).all()
        }
    missing = newer = diverged = 0
    query = select(_hex_id(hub_visit.c.id, "postgresql"), hub_visit.c.version).where(
        hub_visit.c.station_id == station_id
    )
    for visit_id, hub_version in hub.execute(query).all():
        mine = local.get(visit_id)
        if mine is None:
            missing += 1
        elif hub_version > mine[0]:
            newer += 1
        elif mine[0] > mine[1] and mine[1] < hub_version < mine[0]:
            diverged += 1
    hub.rollback()
    if missing or newer or diverged:
        parts = [
            f"{n} {what}"
            for n, what in (
                (missing, "missing here"),
                (newer, "newer at the hub"),
                (diverged, "changed here and at the hub"),
            )
            if n
        ]
        raise _behind_error(station_id, missing + newer + diverged, ", ".join(parts))


def _identity_warnings(hub: Connection, station_id: str) -> tuple[str, ...]:
    """Warn when the URL is not the station's own role: a superuser or the owner bypasses row-level security."""
    row = hub.execute(
        select(
            func.current_user(),
            text("(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"),
            select(hub_station.c.role_name).where(hub_station.c.station_id == station_id).scalar_subquery(),
        )
    ).one()
    hub.rollback()
    user, superuser, own_role = row
    warnings = []
    if superuser:
        warnings.append(
            f"connected to the hub as superuser {user!r}: row-level security does not protect the other stations' "
            f"rows; use station {station_id}'s own connection settings (`kiosk district init --station {station_id}`)"
        )
    elif own_role is not None and user != own_role:
        warnings.append(
            f"connected to the hub as {user!r}, not station {station_id}'s own role {own_role!r}: "
            "use the station's own connection settings"
        )
    for warning in warnings:
        log.warning("%s", warning)
    return tuple(warnings)


@contextlib.contextmanager
def _one_run_per_station(engine: Engine, station_id: str) -> Iterator[None]:
    """Hold this station's row of ``hub_sync_lock`` for the run, or raise :class:`SyncBusy`.

    Two runs at once would only send the same rows twice (the upserts are idempotent), but the
    second would wait on the first's row locks and report a muddle; it stops at once instead.
    The row lock is held by a connection of its own, idle in its transaction for the run: a run
    that dies lets go with its connection, and one that hangs loses it to the server's
    ``idle_in_transaction_session_timeout``. Row-level security shows a station its own row
    only, so no other station can take it (an advisory lock could be taken by any role).
    """
    with engine.connect() as conn:
        conn.begin()
        try:
            row = conn.execute(
                select(hub_sync_lock.c.station_id)
                .where(hub_sync_lock.c.station_id == station_id)
                .with_for_update(nowait=True)
            ).first()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", "") == "42P01":  # no hub_sync_lock: a hub of schema 1 or 2
                raise _hub_outdated("it has no hub_sync_lock") from None
            if getattr(exc.orig, "sqlstate", "") == "55P03":  # lock_not_available
                raise SyncBusy(
                    "sync_busy",
                    "กำลังส่งข้อมูลไปอำเภออยู่แล้ว กรุณารอสักครู่",
                    f"another sync of station {station_id} is running now (the kiosk's own or the systemd timer's); "
                    "this one sent nothing",
                ) from None
            raise
        if row is None:
            raise _unregistered(conn, station_id)
        try:
            yield
        finally:
            if not conn.closed and not conn.invalidated:
                try:
                    conn.rollback()
                except SQLAlchemyError:  # the connection is going: the lock goes with it; keep the run's own error
                    log.debug("could not release the sync lock of %s", station_id, exc_info=True)


def _refuse_without_temporary_tables(hub: Connection) -> None:
    """A batch is copied into a temporary table: a hub of schema 1–3 does not let the stations make one."""
    allowed = hub.scalar(text("SELECT has_database_privilege(current_database(), 'TEMPORARY')"))
    hub.rollback()
    if not allowed:
        raise _hub_outdated("its stations may not make the temporary table a batch is copied into")


def _hub_outdated(lacks: str) -> SyncError:
    return SyncError(
        "hub_outdated",
        "ฐานข้อมูลของอำเภอต้องปรับรุ่นก่อน กรุณาติดต่อผู้ดูแลระบบของอำเภอ",
        f"the district hub's schema is older than this kiosk's ({lacks}): ask the district "
        "to run `kiosk district init --url ADMIN_URL`, which migrates it in place; nothing was sent",
    )


def _unregistered(conn: Connection, station_id: str) -> SyncError:
    server = conn.engine.url
    return SyncError(
        "station_unknown",
        "เครื่องนี้ยังไม่ได้ลงทะเบียนกับอำเภอ กรุณาติดต่อผู้ดูแลระบบของอำเภอ",
        f"station {station_id} is not registered at the district hub {server.host}:{server.port or 5432}/"
        f"{server.database} (or the hub's schema is older than this kiosk's): ask the district to run "
        f"`kiosk district init --url ADMIN_URL --station {station_id}` and use the settings it prints",
    )


def plan_sync(db: Database, station: Station, url: str, *, sync: SyncConfig | None = None) -> SyncPlan:
    """Count what a run would send and check that the hub answers, changing nothing anywhere."""
    sync = sync or SyncConfig()
    with db.read() as session:
        pending = pending_count(session)
    engine: Engine | None = None
    try:
        engine = connect_hub(url, sync=sync)
        with engine.connect() as hub:
            if hub.scalar(select(hub_sync_lock.c.station_id).where(hub_sync_lock.c.station_id == station.id)) is None:
                raise _unregistered(hub, station.id)
            warnings = _identity_warnings(hub, station.id)
            hub_rows = int(
                hub.scalar(select(func.count()).select_from(hub_visit).where(hub_visit.c.station_id == station.id)) or 0
            )
            _refuse_if_behind(hub, db, station.id)
    except SyncError:
        raise
    except (SQLAlchemyError, OSError, ValueError) as exc:
        raise map_error(exc, url) from None
    finally:
        if engine is not None:
            engine.dispose()
    return SyncPlan(
        pending=pending,
        batches=-(-pending // sync.batch_size),
        hub_rows=hub_rows,
        hub=redact(url),
        warnings=warnings,
    )


# Checking that both sides agree -------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    local_rows: int
    hub_rows: int
    local_checksum: str
    hub_checksum: str

    @property
    def agree(self) -> bool:
        return self.local_rows == self.hub_rows and self.local_checksum == self.hub_checksum


def checksum(pairs: Iterable[tuple[uuid.UUID, int]]) -> tuple[int, str]:
    """Count and SHA-256 over ``id:version`` lines in order of id: equal on both sides when in sync."""
    digest = hashlib.sha256()
    count = 0
    for visit_id, version in sorted((str(i), int(v)) for i, v in pairs):
        digest.update(f"{visit_id}:{version}\n".encode())
        count += 1
    return count, digest.hexdigest()


def compare_with_hub(session: Session, hub: Engine | Connection, station_id: str) -> Agreement:
    """Row-for-row comparison of this station's visits, local and at the hub (ids and versions)."""
    local = session.execute(select(Visit.id, Visit.version).where(Visit.station_id == station_id))
    local_rows, local_sum = checksum(local)
    query = select(hub_visit.c.id, hub_visit.c.version).where(hub_visit.c.station_id == station_id)
    if isinstance(hub, Engine):
        with hub.connect() as conn:
            remote = list(conn.execute(query))
    else:
        remote = list(hub.execute(query))
    hub_rows, hub_sum = checksum(remote)
    return Agreement(local_rows=local_rows, hub_rows=hub_rows, local_checksum=local_sum, hub_checksum=hub_sum)
