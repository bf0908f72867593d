"""What the running kiosk does by itself: the nightly sync when it is due, the daily retention purge."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk import retention
from kiosk.config import SyncConfig
from kiosk.db import Database
from kiosk.station import Station
from kiosk.sync import SyncResult, due, next_run, sync_status, sync_to_district


class SyncRunner(Protocol):
    """:func:`kiosk.sync.sync_to_district`, or a stand-in with its signature (tests)."""

    def __call__(self, db: Database, station: Station, url: str, *, sync: SyncConfig | None = None) -> SyncResult: ...


class SyncOutcome(enum.Enum):
    NOT_CONFIGURED = "not_configured"  # no hub URL: the kiosk does not sync by itself
    NOT_DUE = "not_due"
    SYNCED = "synced"


@dataclass(frozen=True)
class SyncCheck:
    """What one look at the schedule did; ``next_run`` (UTC) is None when no hub is configured."""

    outcome: SyncOutcome
    result: SyncResult | None = None
    next_run: dt.datetime | None = None


def sync_if_due(
    db: Database,
    station: Station,
    sync: SyncConfig,
    *,
    url: str | Callable[[], str],
    run: SyncRunner = sync_to_district,
) -> SyncCheck:
    """Sync to the district when the schedule says so (``sync.time`` tonight, or catch-up after a day).

    ``url`` may be a function so that resolving it (the environment, then ``sync.url``) happens
    here, on the caller's worker. Raises :class:`kiosk.sync.SyncError` when the sync fails; the
    failure is recorded for the staff screen by the sync itself.
    """
    hub = url() if callable(url) else url
    if not hub:
        return SyncCheck(SyncOutcome.NOT_CONFIGURED)
    with db.read() as session:
        status = sync_status(session)
    if not due(station, status, at=sync.time):
        return SyncCheck(SyncOutcome.NOT_DUE, next_run=next_run(station, status, at=sync.time))
    result = run(db, station, hub, sync=sync)
    with db.read() as session:
        status = sync_status(session)
    return SyncCheck(SyncOutcome.SYNCED, result=result, next_run=next_run(station, status, at=sync.time))


def purge_if_due(db: Database, station: Station, *, retention_days: int) -> retention.PurgeResult | None:
    """The daily retention purge in a transaction of its own; None when it already ran today."""
    with db.read() as session:
        if retention.last_run(session) == station.today():
            return None  # most checks end here, without taking the writer's lock
    with db.write() as session:
        return retention.purge_if_due(session, station, retention_days=retention_days)
