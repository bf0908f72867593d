"""The kiosk's own housekeeping without Qt: sync when due, purge once a local day."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.config import SyncConfig
from kiosk.db import Database
from kiosk.housekeeping import SyncOutcome, purge_if_due, sync_if_due
from kiosk.retention import last_run
from kiosk.station import Station
from kiosk.sync import SyncError, SyncResult, sync_status
from kiosk.sync.status import record_success
from tests.conftest import BANGKOK, FakeClock

HUB = "postgresql://kiosk01:secret@hub.example/district"


class Runs:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, db: Database, station: Station, url: str, *, sync: SyncConfig | None = None) -> SyncResult:
        self.urls.append(url)
        now = station.now()
        with db.write() as session:
            record_success(session, at=now, rows_sent=0)
        return SyncResult(started_at=now, finished_at=now, sent=0, applied=0, batches=0, pending=0, cancelled=False)


def test_no_url_means_no_sync(db: Database, station: Station) -> None:
    runs = Runs()
    check = sync_if_due(db, station, SyncConfig(), url=lambda: "", run=runs)
    assert check.outcome is SyncOutcome.NOT_CONFIGURED and check.next_run is None
    assert runs.urls == []


def test_due_runs_then_says_when_next(db: Database, station: Station) -> None:
    runs = Runs()
    check = sync_if_due(db, station, SyncConfig(time="20:00"), url=HUB, run=runs)
    assert check.outcome is SyncOutcome.SYNCED and runs.urls == [HUB]
    assert check.next_run == dt.datetime(2026, 11, 24, 20, 0, tzinfo=BANGKOK)
    again = sync_if_due(db, station, SyncConfig(time="20:00"), url=HUB, run=runs)
    assert again.outcome is SyncOutcome.NOT_DUE and runs.urls == [HUB]


def test_a_failure_propagates(db: Database, station: Station) -> None:
    def failing(db: Database, station: Station, url: str, *, sync: SyncConfig | None = None) -> SyncResult:
        raise SyncError("unreachable", "ติดต่อไม่ได้", "could not reach hub.example:5432/district")

    with pytest.raises(SyncError, match="could not reach"):
        sync_if_due(db, station, SyncConfig(), url=HUB, run=failing)
    with db.read() as session:
        assert sync_status(session).last_success_at is None


def test_purge_once_per_local_day(db: Database, station: Station, clock: FakeClock) -> None:
    first = purge_if_due(db, station, retention_days=30)
    assert first is not None and first.visits == 0
    assert purge_if_due(db, station, retention_days=30) is None
    with db.read() as session:
        assert last_run(session) == dt.date(2026, 11, 24)
    clock.set(dt.datetime(2026, 11, 25, 0, 5, tzinfo=BANGKOK).astimezone(dt.UTC))  # just after local midnight
    assert purge_if_due(db, station, retention_days=30) is not None
