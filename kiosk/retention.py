"""Retention (PDPA): remove visitors' personal fields after the configured days, keep what reports count."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import Session

from kiosk.models import AuditEvent, Setting, Visit, next_version_sql
from kiosk.register import audit
from kiosk.station import Station
from kiosk.validation import Problem, ValidationError, mask_national_id, validate_national_id

# The personal fields of a visit. Service, group, result, day, officer and rating stay:
# the monthly report and the province's statistics count them.
PERSONAL_FIELDS = ("full_name", "national_id", "id_suffix", "phone", "note")
SCRUBBED = "[ลบแล้ว]"
LAST_RUN_KEY = "retention.last_day"
_BATCH = 500


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.date  # visits of local days before this one were purged
    visits: int
    audit_events: int
    dry_run: bool


def cutoff_day(station: Station, retention_days: int) -> dt.date:
    """The first local day whose visits are kept in full."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    return station.today() - dt.timedelta(days=retention_days)


def _scrub(details: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    changed = False
    out = dict(details)
    for key in PERSONAL_FIELDS:
        if key not in out:
            continue
        value = out[key]
        new: Any
        if isinstance(value, dict):
            new = {k: (SCRUBBED if k in ("from", "to") and v not in (None, "") else v) for k, v in value.items()}
        else:
            new = SCRUBBED if value not in (None, "") else value
        if new != value:
            out[key] = new
            changed = True
    return out, changed


def _anonymise(session: Session, ids: list[uuid.UUID], now: dt.datetime) -> int:
    """Blank the personal fields of ``ids`` and scrub their audit trail; return the events scrubbed.

    Each visit gets ``purged_at`` and a new version, so the district's copy is purged at the
    next sync. On SQLite the freed pages are overwritten and the name index is merged, so the
    old names leave the file too.
    """
    events_scrubbed = 0
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and ids:
        # overwrite freed pages instead of leaving the old names in the file
        session.execute(text("PRAGMA secure_delete = ON"))
    for i in range(0, len(ids), _BATCH):
        batch = ids[i : i + _BATCH]
        session.execute(
            update(Visit)
            .where(Visit.id.in_(batch), Visit.purged_at.is_(None))
            .values(
                full_name=None,
                national_id=None,
                id_suffix=None,
                phone=None,
                phone_consent=False,
                note="",
                purged_at=now,
                updated_at=now,
                version=next_version_sql(Visit.version, now),
            )
            .execution_options(synchronize_session=False)
        )
        keys = [str(v) for v in batch]
        for event in session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "visit", AuditEvent.entity_id.in_(keys))
        ):
            try:
                details = json.loads(event.details or "{}")
            except ValueError:
                details = None
            if not isinstance(details, dict):
                event.details = json.dumps({"scrubbed": True})
                events_scrubbed += 1
                continue
            scrubbed, changed = _scrub(details)
            if changed:
                event.details = json.dumps(scrubbed, ensure_ascii=False)
                events_scrubbed += 1
    session.flush()
    session.expire_all()  # ORM objects loaded before the bulk update must not keep the names
    if sqlite and ids:
        # merge the name index's segments so the deleted names leave it too (migration 0002)
        has_fts = session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'visit_name_fts'"))
        if has_fts:
            session.execute(text("INSERT INTO visit_name_fts(visit_name_fts) VALUES ('optimize')"))
        session.execute(text("PRAGMA secure_delete = OFF"))
    return events_scrubbed


def purge_personal_data(
    session: Session,
    station: Station,
    *,
    retention_days: int,
    actor: str = "retention",
    dry_run: bool = False,
) -> PurgeResult:
    """Remove the personal fields of every visit older than ``retention_days``; idempotent.

    Each purged visit gets ``purged_at`` and a new version (so the district's copy is purged
    at the next sync); the audit trail of those visits loses the names, IDs, phones and notes
    it recorded in corrections. A dry run counts and changes nothing.
    """
    cutoff = cutoff_day(station, retention_days)
    due = select(Visit.id).where(Visit.purged_at.is_(None), Visit.local_day < cutoff)
    ids: list[uuid.UUID] = list(session.scalars(due.order_by(Visit.local_day)))
    events_scrubbed = 0
    if dry_run:
        for i in range(0, len(ids), _BATCH):
            keys = [str(v) for v in ids[i : i + _BATCH]]
            n = session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity == "visit", AuditEvent.entity_id.in_(keys))
            )
            events_scrubbed += int(n or 0)
        return PurgeResult(cutoff=cutoff, visits=len(ids), audit_events=events_scrubbed, dry_run=True)

    now = station.now()
    events_scrubbed = _anonymise(session, ids, now)
    _remember_run(session, station, now)
    if ids:
        audit(
            session,
            station,
            actor=actor,
            action="purge",
            entity="register",
            details={
                "before": cutoff.isoformat(),
                "retention_days": retention_days,
                "visits": len(ids),
                "audit_events": events_scrubbed,
            },
        )
    session.flush()
    return PurgeResult(cutoff=cutoff, visits=len(ids), audit_events=events_scrubbed, dry_run=False)


def _remember_run(session: Session, station: Station, now: dt.datetime) -> None:
    day = station.local(now).date().isoformat()
    setting = session.get(Setting, LAST_RUN_KEY)
    if setting is None:
        session.add(Setting(key=LAST_RUN_KEY, value=day, updated_at=now))
    else:
        setting.value = day
        setting.updated_at = now


def last_run(session: Session) -> dt.date | None:
    setting = session.get(Setting, LAST_RUN_KEY)
    if setting is None or not setting.value:
        return None
    return dt.date.fromisoformat(setting.value)


def purge_if_due(session: Session, station: Station, *, retention_days: int) -> PurgeResult | None:
    """The daily automatic run: purge once per local day, or return None when already done today."""
    if last_run(session) == station.today():
        return None
    return purge_personal_data(session, station, retention_days=retention_days, actor="retention (daily)")


@dataclass(frozen=True)
class ErasureResult:
    visits: int
    audit_events: int
    dry_run: bool


def erase_visitor(
    session: Session,
    station: Station,
    *,
    actor: str,
    national_id: str | None = None,
    visit_ids: Sequence[uuid.UUID] = (),
    dry_run: bool = False,
) -> ErasureResult:
    """An erasure request (PDPA s.33): remove now the personal data of one visitor's visits.

    The visits are found by the visitor's full national ID and/or listed by id (found first
    with a search in the staff area). What reports count stays. The request is audited with
    the masked ID only.
    """
    if not actor.strip():
        raise ValidationError(Problem("erase.actor", "actor", "ต้องระบุผู้ดำเนินการ", "an erasure needs who does it"))
    conditions = []
    nid = validate_national_id(national_id) if national_id else None
    if nid:
        conditions.append(Visit.national_id == nid)
    if visit_ids:
        conditions.append(Visit.id.in_(list(visit_ids)))
    if not conditions:
        raise ValidationError(
            Problem("erase.what", "national_id", "ต้องระบุเลขประจำตัวประชาชนหรือรายการ", "give a national ID or visit ids")
        )
    ids = list(session.scalars(select(Visit.id).where(or_(*conditions), Visit.purged_at.is_(None))))
    if dry_run:
        return ErasureResult(visits=len(ids), audit_events=0, dry_run=True)
    events = _anonymise(session, ids, station.now()) if ids else 0
    audit(
        session,
        station,
        actor=actor.strip(),
        action="erase",
        entity="register",
        details={"national_id": mask_national_id(nid), "visit_ids": [str(v) for v in visit_ids], "visits": len(ids)},
    )
    session.flush()
    return ErasureResult(visits=len(ids), audit_events=events, dry_run=False)
