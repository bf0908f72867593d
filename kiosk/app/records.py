"""Records and corrections: one entry with its trail, corrections, the day's review and closing, search, purge."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import register, retention
from kiosk.app.context import Context, Job, Work, operation
from kiosk.models import Setting, Visit, VisitStatus
from kiosk.register import AuditRecord, RegisterError, VisitRecord
from kiosk.staff import StaffSession
from kiosk.station import Station
from kiosk.validation import VisitorGroup

if TYPE_CHECKING:
    from kiosk.register_import import ImportResult


@dataclass(frozen=True)
class VisitDetail:
    """One register entry with its audit trail, for the correction screen."""

    visit: VisitRecord
    trail: tuple[AuditRecord, ...]


@dataclass(frozen=True)
class DayClosure:
    """The record that a day's log was closed: who, when, and what was left open."""

    day: dt.date
    at: dt.datetime
    actor: str
    visits: int
    marked_no_show: int


@dataclass(frozen=True)
class DayReview:
    day: dt.date
    visits: tuple[VisitRecord, ...]
    closed: DayClosure | None


@dataclass(frozen=True)
class Totals:
    """Counts of a list of register entries by service, visitor group and outcome."""

    total: int
    by_service: tuple[tuple[str, int], ...]  # Thai service name, count; most first
    by_group: tuple[tuple[VisitorGroup, int], ...]  # in the enum's order, zeros left out
    by_outcome: tuple[tuple[str, int], ...]  # outcome key (see OUTCOME_KEYS), count


# An outcome of a visit as the day review groups them: the result when there is one, else the state.
OUTCOME_KEYS = ("success", "failed", "referred", "no_show", "open")


def outcome_key(visit: VisitRecord) -> str:
    if visit.result is not None:
        return visit.result.value
    if visit.status is VisitStatus.NO_SHOW:
        return "no_show"
    return "open"


def totals(visits: Iterable[VisitRecord]) -> Totals:
    """Count entries by service, group and outcome (the day review's totals, for any filter)."""
    items = list(visits)
    services = Tally(v.service_name_th for v in items)
    groups = Tally(v.group for v in items)
    outcomes = Tally(outcome_key(v) for v in items)
    return Totals(
        total=len(items),
        by_service=tuple(sorted(services.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_group=tuple((g, groups[g]) for g in VisitorGroup if groups[g]),
        by_outcome=tuple((k, outcomes[k]) for k in OUTCOME_KEYS if outcomes[k]),
    )


# Closing a day --------------------------------------------------------------------------

_CLOSED_KEY = "day.closed."


def day_closure(session: Session, day: dt.date) -> DayClosure | None:
    setting = session.get(Setting, _CLOSED_KEY + day.isoformat())
    if setting is None or not setting.value:
        return None
    data = json.loads(setting.value)
    return DayClosure(
        day=day,
        at=dt.datetime.fromisoformat(data["at"]),
        actor=data["actor"],
        visits=int(data["visits"]),
        marked_no_show=int(data["marked_no_show"]),
    )


def close_day_log(session: Session, station: Station, day: dt.date, *, actor: str) -> DayClosure:
    """Close a day's log: tickets still waiting or called become no-shows; the trail keeps who closed it.

    A day with a visitor still being served cannot be closed: the officer records the outcome first.
    """
    open_visits = session.execute(
        select(Visit.id, Visit.status).where(
            Visit.local_day == day,
            Visit.status.in_([VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING]),
        )
    ).all()
    serving = [vid for vid, status in open_visits if status is VisitStatus.SERVING]
    if serving:
        raise RegisterError(
            "day.serving",
            f"ยังมีผู้รับบริการ {len(serving)} รายที่ยังไม่ได้บันทึกผล กรุณาบันทึกผลก่อนปิดวัน",
            f"{len(serving)} visit(s) still being served: record their outcome before closing the day",
        )
    for vid, _status in open_visits:
        register.mark_no_show(session, station, vid)
    visits = len(register.day_log(session, day))
    now = station.now()
    closure = DayClosure(day=day, at=now, actor=actor, visits=visits, marked_no_show=len(open_visits))
    value = json.dumps(
        {"at": now.isoformat(), "actor": actor, "visits": visits, "marked_no_show": len(open_visits)},
        ensure_ascii=False,
    )
    key = _CLOSED_KEY + day.isoformat()
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value, updated_at=now))
    else:
        setting.value = value
        setting.updated_at = now
    register.audit(
        session,
        station,
        actor=actor,
        action="close_day",
        entity="day",
        entity_id=day.isoformat(),
        details={"visits": visits, "marked_no_show": len(open_visits)},
    )
    session.flush()
    return closure


# Operations -------------------------------------------------------------------------------


@operation(Work.WRITE)
def visit(app: Context, visit_id: uuid.UUID) -> VisitDetail:
    with app.db.read() as session:
        record = register.get_visit(session, visit_id)
        trail = register.audit_trail(session, visit_id)
    return VisitDetail(visit=record, trail=tuple(trail))


@operation(Work.WRITE)
def correct(
    app: Context, who: StaffSession, visit_id: uuid.UUID, changes: dict[str, Any], *, from_card: bool = False
) -> VisitDetail:
    """Change fields of an entry; returns it with its audit trail, the change included."""

    def change(session: Session) -> VisitDetail:
        record = register.correct_visit(
            session, app.station, visit_id, actor=who.name, changes=changes, from_card=from_card
        )
        return VisitDetail(visit=record, trail=tuple(register.audit_trail(session, visit_id)))

    return app.write(change)


@operation(Work.WRITE)
def day_review(app: Context, day: dt.date | None = None) -> DayReview:
    day = day or app.station.today()
    with app.db.read() as session:
        visits = register.day_log(session, day)
        closed = day_closure(session, day)
    return DayReview(day=day, visits=tuple(visits), closed=closed)


@operation(Work.WRITE)
def close_day(app: Context, who: StaffSession, day: dt.date | None = None) -> DayClosure:
    when = day or app.station.today()
    return app.write(lambda session: close_day_log(session, app.station, when, actor=who.name))


@operation(Work.WRITE)
def search(
    app: Context,
    *,
    name: str | None = None,
    id_digits: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[VisitRecord]:
    return app.read(
        lambda session: register.search(session, name=name, id_digits=id_digits, date_from=date_from, date_to=date_to)
    )


@operation(Work.WRITE)
def purge_if_due(app: Context) -> retention.PurgeResult | None:
    """The daily retention purge in a transaction of its own; None when it already ran today."""
    from kiosk.housekeeping import purge_if_due as purge

    return purge(app.db, app.station, retention_days=app.config.privacy.retention_days)


@operation(Work.LONG_READ)
def import_paper_register(
    app: Context, source: Path, *, encoding: str = "auto", job: Job | None = None, actor: str = "kiosk register import"
) -> ImportResult:
    """A paper register from CSV, all rows or none (``kiosk register import``).

    The whole file is checked first in read transactions, then written in short writes of about
    30 ms each on the writer, so registrations go on meanwhile (:mod:`kiosk.register_import`).
    """
    from kiosk.register_import import import_file

    job = job or Job()
    return import_file(app.db, app.station, source, encoding=encoding, actor=actor, progress=job.report)
