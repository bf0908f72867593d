"""Issue 6 targets (medians, 2-core machine, PostgreSQL on loopback with fsync on): 10,000 pending visits
synced ≤ 5 s; a normal night of 300 visits ≤ 1 s — from a register that already holds 250,000 synced visits."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import insert, select

from kiosk.config import SyncConfig
from kiosk.db import Database, upgrade
from kiosk.district import init_hub
from kiosk.models import IdMethod, Service, Visit, VisitStatus
from kiosk.station import Station
from kiosk.sync import SyncResult, pending_count, sync_to_district
from kiosk.validation import VisitorGroup
from tests.pg import PgServer, running_server

NIGHT = 300
BACKLOG = 10_000


@pytest.fixture(scope="module")
def durable_pg() -> Iterator[PgServer]:
    """A server that really fsyncs, unlike the fast one of the tests."""
    with running_server(durable=True) as server:
        yield server


@pytest.fixture(scope="module")
def station_url(durable_pg: PgServer) -> str:
    admin = durable_pg.create_database("district")
    result = init_hub(admin, stations=["KIOSK-01"])
    (cred,) = result.credentials
    return durable_pg.url(cred.database, user=cred.role, password=cred.password)


@pytest.fixture(scope="module")
def synced_register(big_register_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Our own copy of the 250,000-visit register, every visit already at the district."""
    path = tmp_path_factory.mktemp("bench-sync") / "register.sqlite3"
    shutil.copy(big_register_path, path)
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)  # a cache made before migration 0003 lacks the index of pending visits
    yield db
    db.dispose()


def add_pending(db: Database, station: Station, count: int) -> None:
    now = station.now()
    with db.write() as session:
        services = list(session.scalars(select(Service.id)))
        session.execute(
            insert(Visit),
            [
                {
                    "id": uuid.uuid4(),
                    "station_id": station.id,
                    "created_at": now + dt.timedelta(seconds=i),
                    "local_day": station.today(),
                    "full_name": f"ผู้มาติดต่อ {i}",
                    "national_id": "1101700230708",
                    "id_suffix": "0708",
                    "id_method": IdMethod.TYPED,
                    "group": VisitorGroup.GENERAL,
                    "service_id": services[i % len(services)],
                    "status": VisitStatus.DONE,
                    "updated_at": now,
                }
                for i in range(count)
            ],
        )


def run(benchmark: BenchmarkFixture, db: Database, station: Station, url: str, count: int, rounds: int) -> SyncResult:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        add_pending(db, station, count)
        return (), {}

    def sync() -> SyncResult:
        return sync_to_district(db, station, url, sync=SyncConfig())

    result: SyncResult = benchmark.pedantic(sync, setup=setup, rounds=rounds, warmup_rounds=0)
    assert (result.sent, result.applied, result.pending) == (count, count, 0)
    with db.read() as session:
        assert pending_count(session) == 0
    return result


def test_sync_10000_pending_visits(
    benchmark: BenchmarkFixture, synced_register: Database, bench_station: Station, station_url: str
) -> None:
    run(benchmark, synced_register, bench_station, station_url, BACKLOG, rounds=5)
    assert benchmark.stats is not None and benchmark.stats.stats.median <= 5.0


def test_sync_a_normal_night(
    benchmark: BenchmarkFixture, synced_register: Database, bench_station: Station, station_url: str
) -> None:
    run(benchmark, synced_register, bench_station, station_url, NIGHT, rounds=15)
    assert benchmark.stats is not None and benchmark.stats.stats.median <= 1.0


def test_pull_the_station_back_onto_a_new_disk(
    benchmark: BenchmarkFixture,
    synced_register: Database,
    bench_station: Station,
    station_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """``kiosk sync --pull`` into an empty register: every visit this station has at the hub (no target named)."""
    from kiosk.catalogue import seed_defaults
    from kiosk.sync.restore import PullResult, pull_from_district

    add_pending(synced_register, bench_station, BACKLOG)  # at least this many at the hub, whatever ran before
    sync_to_district(synced_register, bench_station, station_url)
    blanks: list[Database] = []

    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        db = Database(f"sqlite:///{tmp_path_factory.mktemp('new-disk') / 'register.sqlite3'}")
        upgrade(db.engine)
        with db.write() as session:
            seed_defaults(session)
        blanks.append(db)
        return (db,), {}

    def pull(db: Database) -> PullResult:
        return pull_from_district(db, bench_station, station_url)

    try:
        result: PullResult = benchmark.pedantic(pull, setup=setup, rounds=3, warmup_rounds=0)
    finally:
        for db in blanks:
            db.dispose()
    assert result.added == result.hub_rows >= BACKLOG
    median = benchmark.stats.stats.median if benchmark.stats is not None else 0.0
    benchmark.extra_info["visits"] = result.hub_rows
    print(f"\npulled {result.hub_rows} visits in {median:.2f} s ({result.hub_rows / median:,.0f} visits/s)")
