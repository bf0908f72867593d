"""Exports of one year of a busy district (25,000 visits): PDF ≤ 15 s, XLSX ≤ 5 s, CSV ≤ 1 s (median)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from kiosk.catalogue import seed_defaults
from kiosk.db import Database, upgrade
from kiosk.exports import export_register
from kiosk.station import Station
from tests.kiosk.exports.bulk import insert_visits

VISITS = 25_000
START = dt.date(2025, 10, 1)  # the Thai fiscal year 2569
END = dt.date(2026, 9, 30)
STATION = Station(
    id="KIOSK-01",
    zone=ZoneInfo("Asia/Bangkok"),
    centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร",
    district="เมืองสกลนคร",
    province="สกลนคร",
)


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("bench") / "register.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.write() as session:
        seed_defaults(session)
        insert_visits(session, count=VISITS, start=START, per_day=100)
    yield db
    db.dispose()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_export_year(benchmark: BenchmarkFixture, year_db: Database, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"register.{fmt}"

    def run() -> int:
        with year_db.read() as session:  # an export only reads; its audit line is kiosk.app.exports' job
            return export_register(
                session, STATION, date_from=START, date_to=END, fmt=fmt, path=path, actor="benchmark"
            ).rows

    rows = benchmark.pedantic(run, rounds=3, iterations=1)
    assert rows == VISITS
    assert path.stat().st_size > 0
