"""Bring a station's own visits back from the district hub: after a restore, or on a new disk.

The hub keeps every visit a station has sent, at the last version it received. When a kiosk's
register was restored from an older backup, or rebuilt on a new disk, :func:`pull_from_district`
copies back each of the station's visits that the register lacks or holds at an older version,
and nothing else: a visit changed here since then has a higher version, stays as it is and goes
up at the next sync as always. A pulled visit counts as acknowledged (the hub has it at that
version), keeps its ticket number, and today's queue numbering continues after it. Services and
officers the register does not know are added from the hub (inactive, officers without a PIN).

Nothing at the hub changes. The pull works in pages, one local transaction each, so a pull cut
off anywhere resumes when repeated, and a repeat finds nothing more to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.config import SyncConfig
from kiosk.db import Database
from kiosk.models import (
    AuditEvent,
    IdMethod,
    Lane,
    Officer,
    QueueCounter,
    QueueTicket,
    Service,
    Visit,
    VisitResult,
    VisitStatus,
    next_version,
)
from kiosk.register import audit
from kiosk.station import Station
from kiosk.sync.engine import SHARED_COLUMNS
from kiosk.sync.errors import SyncError, map_error, redact
from kiosk.sync.hub import connect_hub, hub_service, hub_visit
from kiosk.validation import VisitorGroup

log = logging.getLogger(__name__)

PAGE = 1000

PullProgress = Callable[[int, int], None]
"""``progress(read, total)`` after each page of the hub's rows."""


@dataclass
class PullResult:
    """What a pull found at the hub and did (or, with ``dry_run``, would do) to the register."""

    hub_rows: int = 0  # this station's visits at the hub
    added: int = 0  # visits the register lacked
    updated: int = 0  # visits it held at an older version
    kept: int = 0  # visits it holds at the same or a newer version: left as they are
    merged: int = 0  # visits changed both here and at the hub since they last agreed: merged field by field
    services_added: list[str] = field(default_factory=list)
    officers_added: list[str] = field(default_factory=list)
    # Pulled visits whose ticket number was given again here after the restore: kept without it.
    ticket_clashes: list[str] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False  # stopped between two pages when asked: what came back so far is kept

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.merged


def pull_from_district(
    db: Database,
    station: Station,
    url: str,
    *,
    sync: SyncConfig | None = None,
    hub: Engine | None = None,
    dry_run: bool = False,
    progress: PullProgress | None = None,
    cancel: threading.Event | None = None,
) -> PullResult:
    """Copy back this station's visits that the hub has newer or the register lacks; raise :class:`SyncError`.

    ``dry_run`` counts what would come back and changes nothing. ``hub`` lets a caller bring its
    own engine; otherwise one is made from ``url`` with the TLS settings of ``sync``.
    """
    engine = hub
    try:
        engine = engine or connect_hub(url, sync=sync or SyncConfig())
        with engine.connect() as conn:
            result = _pull(db, station, conn, dry_run=dry_run, progress=progress, cancel=cancel)
    except SyncError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        error = map_error(exc, url)
        log.warning("pull from %s failed: %s", redact(url), error.en)
        raise error from None
    finally:
        if hub is None and engine is not None:
            engine.dispose()
    if result.changed and not dry_run:
        db.write_with(
            lambda session: audit(
                session,
                station,
                actor="kiosk sync --pull",
                action="pull_from_district",
                entity="register",
                details={
                    "hub": redact(url),
                    "added": result.added,
                    "updated": result.updated,
                    "kept": result.kept,
                    "services_added": result.services_added,
                    "officers_added": result.officers_added,
                    "ticket_clashes": result.ticket_clashes,
                },
            )
        )
    log.info(
        "pull from %s: %d at the hub, %d added, %d updated, %d kept%s",
        redact(url),
        result.hub_rows,
        result.added,
        result.updated,
        result.kept,
        " (dry run)" if dry_run else "",
    )
    return result


def _pull(
    db: Database,
    station: Station,
    hub: Connection,
    *,
    dry_run: bool,
    progress: PullProgress | None,
    cancel: threading.Event | None = None,
) -> PullResult:
    mine = hub_visit.c.station_id == station.id
    result = PullResult(dry_run=dry_run)
    result.hub_rows = int(hub.scalar(select(func.count()).select_from(hub_visit).where(mine)) or 0)
    catalogue = {
        r["code"]: r for r in hub.execute(select(hub_service).where(hub_service.c.station_id == station.id)).mappings()
    }
    with db.read() as session:
        services = {code: service_id for code, service_id in session.execute(select(Service.code, Service.id))}
        officers = {name: officer_id for name, officer_id in session.execute(select(Officer.name, Officer.id))}
    after: uuid.UUID | None = None
    read = 0
    while True:
        if cancel is not None and cancel.is_set():  # each page is committed whole: stop between two
            result.cancelled = True
            break
        query = select(hub_visit).where(mine).order_by(hub_visit.c.id).limit(PAGE)
        rows = list(hub.execute(query if after is None else query.where(hub_visit.c.id > after)).mappings())
        if not rows:
            break
        after = rows[-1]["id"]
        if dry_run:
            with db.read() as session:
                _page(session, station, rows, result, services, officers, catalogue, write=False)
        else:
            db.write_with(
                functools.partial(
                    _page,
                    station=station,
                    rows=rows,
                    result=result,
                    services=services,
                    officers=officers,
                    catalogue=catalogue,
                    write=True,
                )
            )
        read += len(rows)
        if progress is not None:
            progress(read, max(result.hub_rows, read))
    return result


def _page(
    session: Session,
    station: Station,
    rows: Sequence[RowMapping],
    result: PullResult,
    services: dict[str, uuid.UUID],
    officers: dict[str, uuid.UUID],
    catalogue: dict[str, RowMapping],
    *,
    write: bool,
) -> None:
    """Decide, and with ``write`` apply, one page of the hub's rows in one local transaction.

    ``services`` and ``officers`` (name → id) are the register's, kept up to date across pages.
    """
    found = session.execute(
        select(Visit.id, Visit.version, Visit.synced_version).where(Visit.id.in_([r["id"] for r in rows]))
    )
    local = {visit_id: (version, synced) for visit_id, version, synced in found}
    new = [r for r in rows if r["id"] not in local]
    # Changed here since the hub last acknowledged it, and the hub holds a version this register never
    # saw (a restore, or a clock behind): neither copy is whole, so merge them field by field.
    diverged = [
        r
        for r in rows
        if r["id"] in local
        and local[r["id"]][0] > local[r["id"]][1]
        and local[r["id"]][1] < r["version"] != local[r["id"]][0]
    ]
    split = {r["id"] for r in diverged}
    newer = [r for r in rows if r["id"] in local and r["id"] not in split and local[r["id"]][0] < r["version"]]
    result.kept += len(rows) - len(new) - len(newer) - len(diverged)
    result.added += len(new)
    result.updated += len(newer)
    result.merged += len(diverged)
    for row in new + newer + diverged:
        code, name = row["service_code"], row["officer_name"]
        if code not in services:
            services[code] = _add_service(session, row, catalogue.get(code), write=write)
            result.services_added.append(code)
        if name and name not in officers:
            officers[name] = _add_officer(session, station, name, write=write)
            result.officers_added.append(name)
    tickets = _tickets(session, new, result)
    if not write:
        return
    if new:
        session.execute(insert(Visit), [_visit(r, services, officers) for r in new])
    if newer:
        session.execute(update(Visit), [_visit(r, services, officers) for r in newer])
    for row in diverged:
        _merge(session, station, row, local[row["id"]][1], services, officers)
    if tickets:
        session.execute(insert(QueueTicket), tickets)
        _continue_numbering(session, tickets)


def _visit(row: RowMapping, services: dict[str, uuid.UUID], officers: dict[str, uuid.UUID]) -> dict[str, Any]:
    """The register's columns of a hub row, at the hub's version, acknowledged."""
    try:
        national_id = row["national_id"]
        return {
            **{c: row[c] for c in SHARED_COLUMNS},
            "id_suffix": national_id[-4:] if national_id else None,
            "id_method": IdMethod(row["id_method"]),
            "group": VisitorGroup(row["visitor_group"]),
            "service_id": services[row["service_code"]],
            "status": VisitStatus(row["status"]),
            "result": VisitResult(row["result"]) if row["result"] else None,
            "officer_id": officers[row["officer_name"]] if row["officer_name"] else None,
            "synced_version": row["version"],
        }
    except ValueError as exc:  # a value this version of the kiosk does not know
        raise SyncError(
            "pull_unknown_value",
            "ข้อมูลจากอำเภออ่านไม่ได้ กรุณาติดต่อผู้ดูแลระบบ",
            f"visit {row['id']} at the hub has a value this kiosk does not know ({exc}); "
            "nothing of its page was pulled",
        ) from None


_STATUS_RANK = {
    VisitStatus.WAITING: 0,
    VisitStatus.CALLED: 1,
    VisitStatus.SERVING: 2,
    VisitStatus.NO_SHOW: 3,
    VisitStatus.DONE: 3,
}
_FILLED = ("called_at", "finished_at", "survey_slip_printed_at", "rating_score", "rating_max", "rated_at")


def _corrected_here(session: Session, visit_id: uuid.UUID, since_version: int) -> set[str]:
    """Fields of a visit corrected on this register after the version the hub last acknowledged."""
    since = dt.datetime.fromtimestamp(since_version / 1_000_000, dt.UTC)
    fields: set[str] = set()
    for details in session.scalars(
        select(AuditEvent.details).where(
            AuditEvent.entity == "visit",
            AuditEvent.entity_id == str(visit_id),
            AuditEvent.action == "correct",
            AuditEvent.at > since,
        )
    ):
        with contextlib.suppress(ValueError, TypeError):
            fields |= set(json.loads(details or "{}"))
    return fields


def _merge(
    session: Session,
    station: Station,
    row: RowMapping,
    synced: int,
    services: dict[str, uuid.UUID],
    officers: dict[str, uuid.UUID],
) -> None:
    """One visit changed here and at the hub: keep each field's later change.

    A field corrected here since the last acknowledged version keeps this register's value;
    every other correctable field takes the hub's (the change this register lost in a
    restore); the visit's progress keeps the furthest of the two; an erasure at the hub wins.
    The merged visit gets a version above both, so the next sync sends it whole.
    """
    visit = session.get(Visit, row["id"])
    assert visit is not None
    mine = _corrected_here(session, visit.id, synced)
    theirs = _visit(row, services, officers)
    taken: list[str] = []

    def take(field: str, *columns: str) -> None:
        if field in mine:
            return
        if any(getattr(visit, c) != theirs[c] for c in columns):
            taken.append(field)
            for c in columns:
                setattr(visit, c, theirs[c])

    if visit.purged_at is None:  # an erasure here wins over any personal field of the hub's
        take("full_name", "full_name")
        take("national_id", "national_id", "id_suffix")
        take("phone", "phone")
        take("note", "note")
    take("group", "group")
    take("service_code", "service_id")
    take("result", "result")
    take("result_reason", "result_reason")
    take("survey_answered", "survey_answered")
    if _STATUS_RANK[theirs["status"]] > _STATUS_RANK[visit.status]:
        visit.status = theirs["status"]
    for column in _FILLED:
        if getattr(visit, column) is None and theirs[column] is not None:
            setattr(visit, column, theirs[column])
    if theirs["purged_at"] is not None and visit.purged_at is None:  # an erasure reached the hub: it wins
        for column in ("purged_at", "full_name", "national_id", "id_suffix", "phone", "note"):
            setattr(visit, column, theirs[column])
    visit.version = next_version(max(visit.version, row["version"]), station.now())
    visit.synced_version = row["version"]
    visit.updated_at = station.now()
    audit(
        session,
        station,
        actor="kiosk sync --pull",
        action="pull_merge",
        entity="visit",
        entity_id=str(visit.id),
        details={"from_hub": taken, "kept_here": sorted(mine)},
    )
    session.flush()


def _add_service(session: Session, row: RowMapping, known: RowMapping | None, *, write: bool) -> uuid.UUID:
    """A service the register lacks: as the hub's catalogue of this station has it, else from the visit, inactive."""
    service_id = uuid.uuid4()
    if write:
        session.add(
            Service(
                id=service_id,
                code=row["service_code"],
                name_th=known["name_th"] if known else row["service_name_th"],
                name_en=known["name_en"] if known else row["service_name_en"],
                owner_th=known["owner_th"] if known else row["owner_th"],
                url=known["url"] if known else "",
                active=bool(known["active"]) if known else False,
                display_order=known["display_order"] if known else 999,
                verified=False,
            )
        )
        session.flush()
    return service_id


def _add_officer(session: Session, station: Station, name: str, *, write: bool) -> uuid.UUID:
    """An officer name the register lacks: added inactive and without a PIN, as an imported paper register does."""
    officer_id = uuid.uuid4()
    if write:
        session.add(Officer(id=officer_id, name=name, active=False, created_at=station.now()))
        session.flush()
    return officer_id


def _tickets(session: Session, new: Sequence[RowMapping], result: PullResult) -> list[dict[str, Any]]:
    """The queue tickets of the new visits, but for numbers given again here since the restore."""
    wanted = [(r, Lane(r["lane"]), int(r["ticket"][1:])) for r in new if r["ticket"] and r["lane"]]
    if not wanted:
        return []
    days = {r["local_day"] for r, _, _ in wanted}
    taken = {
        (day, lane, number)
        for day, lane, number in session.execute(
            select(QueueTicket.local_day, QueueTicket.lane, QueueTicket.number).where(QueueTicket.local_day.in_(days))
        )
    }
    tickets = []
    for row, lane, number in wanted:
        if (row["local_day"], lane, number) in taken:
            result.ticket_clashes.append(f"{row['local_day']} {row['ticket']}")
            continue
        tickets.append(
            {
                "id": uuid.uuid4(),
                "visit_id": row["id"],
                "local_day": row["local_day"],
                "lane": lane,
                "number": number,
                "issued_at": row["created_at"],
                "printed_at": None,  # the hub does not know; nothing reads it but the printing itself
            }
        )
    return tickets


def _continue_numbering(session: Session, tickets: Sequence[dict[str, Any]]) -> None:
    """Raise each day's counter to the highest number pulled, so the next ticket follows it."""
    highest: dict[tuple[dt.date, Lane], int] = {}
    for t in tickets:
        key = (t["local_day"], t["lane"])
        highest[key] = max(highest.get(key, 0), t["number"])
    for (day, lane), number in highest.items():
        counter = session.get(QueueCounter, (day, lane))
        if counter is None:
            session.add(QueueCounter(local_day=day, lane=lane, last_number=number))
        elif counter.last_number < number:
            counter.last_number = number
    session.flush()
