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
KEYS = (KEY_LAST_SUCCESS, KEY_LAST_ATTEMPT, KEY_LAST_ROWS, KEY_ERROR_CODE, KEY_ERROR_EN, KEY_ERROR_TH)


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
    ):
        _put(session, key, value, at)


def record_failure(session: Session, *, at: dt.datetime, code: str, en: str, th: str) -> None:
    for key, value in (
        (KEY_LAST_ATTEMPT, at.isoformat()),
        (KEY_ERROR_CODE, code),
        (KEY_ERROR_EN, en),
        (KEY_ERROR_TH, th),
    ):
        _put(session, key, value, at)
