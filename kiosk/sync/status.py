"""What the staff screen shows about the sync: last success, rows pending, last error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Setting, Visit

KEY_LAST_SUCCESS = "sync.last_success_at"
KEY_LAST_ATTEMPT = "sync.last_attempt_at"
KEY_LAST_ROWS = "sync.last_rows_sent"
KEY_ERROR_CODE = "sync.last_error_code"
KEY_ERROR_EN = "sync.last_error"
KEY_ERROR_TH = "sync.last_error_th"
KEY_SKIPPED_SINCE = "sync.skipped_since"
KEY_SKIPS = "sync.skips"
KEYS = (
    KEY_LAST_SUCCESS,
    KEY_LAST_ATTEMPT,
    KEY_LAST_ROWS,
    KEY_ERROR_CODE,
    KEY_ERROR_EN,
    KEY_ERROR_TH,
    KEY_SKIPPED_SINCE,
    KEY_SKIPS,
)
# Skips (another run holds the station's lock) are normal for a moment; these long, they are an alarm.
SKIP_ALERT_AFTER = dt.timedelta(hours=1)
SKIP_ALERT_COUNT = 3


@dataclass(frozen=True)
class SyncStatus:
    """The station's sync state; ``last_error`` is empty after a success."""

    last_success_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    pending: int
    last_rows_sent: int
    last_error_code: str
    last_error: str
    last_error_th: str
    skipped_since: dt.datetime | None = None  # the first of the runs skipped in a row since the last success
    skips: int = 0

    @property
    def ok(self) -> bool:
        return not self.last_error_code


def pending_count(session: Session) -> int:
    """Visits changed since the district last acknowledged them."""
    return int(session.scalar(select(func.count()).select_from(Visit).where(Visit.version > Visit.synced_version)) or 0)


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def sync_status(session: Session) -> SyncStatus:
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(KEYS))).all())
    return SyncStatus(
        last_success_at=_moment(values.get(KEY_LAST_SUCCESS)),
        last_attempt_at=_moment(values.get(KEY_LAST_ATTEMPT)),
        pending=pending_count(session),
        last_rows_sent=int(values.get(KEY_LAST_ROWS) or 0),
        last_error_code=values.get(KEY_ERROR_CODE, ""),
        last_error=values.get(KEY_ERROR_EN, ""),
        last_error_th=values.get(KEY_ERROR_TH, ""),
        skipped_since=_moment(values.get(KEY_SKIPPED_SINCE)),
        skips=int(values.get(KEY_SKIPS) or 0),
    )


def _put(session: Session, key: str, value: str, now: dt.datetime) -> None:
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value, updated_at=now))
    else:
        setting.value = value
        setting.updated_at = now


def record_success(session: Session, *, at: dt.datetime, rows_sent: int) -> None:
    for key, value in (
        (KEY_LAST_SUCCESS, at.isoformat()),
        (KEY_LAST_ATTEMPT, at.isoformat()),
        (KEY_LAST_ROWS, str(rows_sent)),
        (KEY_ERROR_CODE, ""),
        (KEY_ERROR_EN, ""),
        (KEY_ERROR_TH, ""),
        (KEY_SKIPPED_SINCE, ""),
        (KEY_SKIPS, "0"),
    ):
        _put(session, key, value, at)


def record_skip(session: Session, *, at: dt.datetime, reason: str) -> None:
    """Count a run that stepped aside; once skips last (an hour, or three in a row) they become the last error."""
    values = dict(session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(KEYS))).all())
    since = _moment(values.get(KEY_SKIPPED_SINCE)) or at
    skips = int(values.get(KEY_SKIPS) or 0) + 1
    _put(session, KEY_SKIPPED_SINCE, since.isoformat(), at)
    _put(session, KEY_SKIPS, str(skips), at)
    _put(session, KEY_LAST_ATTEMPT, at.isoformat(), at)
    if skips >= SKIP_ALERT_COUNT or at - since >= SKIP_ALERT_AFTER:
        record_failure(
            session,
            at=at,
            code="sync_skipped",
            en=f"{skips} sync runs skipped since {since.isoformat(timespec='minutes')}: {reason}; if no sync is "
            "running, a stuck one holds the lock: it is released when its connection ends (at most 10 minutes "
            "idle at the hub)",
            th=f"ส่งข้อมูลไปอำเภอไม่ได้ {skips} ครั้งติดกัน (มีการส่งข้อมูลค้างอยู่) กรุณาแจ้งผู้ดูแลระบบ",
        )


def record_failure(session: Session, *, at: dt.datetime, code: str, en: str, th: str) -> None:
    for key, value in (
        (KEY_LAST_ATTEMPT, at.isoformat()),
        (KEY_ERROR_CODE, code),
        (KEY_ERROR_EN, en),
        (KEY_ERROR_TH, th),
    ):
        _put(session, key, value, at)
