"""Issue 2 targets (medians, 2-core machine): register ≤ 5 ms, day log ≤ 20 ms, name search ≤ 50 ms,
a month's counts per service ≤ 100 ms — on a register of 250,000 visits."""

from __future__ import annotations

import datetime as dt

from pytest_benchmark.fixture import BenchmarkFixture

from benchmarks.conftest import BUSY_DAY, BUSY_DAY_VISITS, VISITS
from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.register import VisitorDetails, counts_per_service, day_log, register_visit, search
from kiosk.station import Station
from kiosk.validation import VisitorGroup


def test_register_one_visit(benchmark: BenchmarkFixture, big_db: Database, bench_station: Station) -> None:
    def register() -> str:
        with big_db.write() as session:
            return register_visit(
                session,
                bench_station,
                service_code="thaid",
                group=VisitorGroup.ELDERLY,
                id_method=IdMethod.TYPED,
                details=VisitorDetails(full_name="ปิ่น รักไทย", national_id="1101700203727"),
            ).label

    label = benchmark.pedantic(register, rounds=200, warmup_rounds=5)
    assert label.startswith("P")


def test_day_log_of_300_out_of_250000(benchmark: BenchmarkFixture, big_db: Database) -> None:
    def log() -> int:
        with big_db.read() as session:
            return len(day_log(session, BUSY_DAY))

    assert benchmark.pedantic(log, rounds=50, warmup_rounds=2) >= BUSY_DAY_VISITS


def test_search_by_name(benchmark: BenchmarkFixture, big_db: Database) -> None:
    def find() -> int:
        with big_db.read() as session:
            return len(search(session, name="ปิ่น ศรีสุข"))

    assert benchmark.pedantic(find, rounds=30, warmup_rounds=2) > 0


def test_search_by_rare_name_scans_everything(benchmark: BenchmarkFixture, big_db: Database) -> None:
    def find() -> int:
        with big_db.read() as session:
            return len(search(session, name="ไม่มีชื่อนี้"))

    assert benchmark.pedantic(find, rounds=20, warmup_rounds=1) == 0


def test_month_counts_per_service(benchmark: BenchmarkFixture, big_db: Database) -> None:
    def counts() -> int:
        with big_db.read() as session:
            return sum(c.count for c in counts_per_service(session, dt.date(2026, 2, 26), dt.date(2026, 3, 25)))

    total = benchmark.pedantic(counts, rounds=30, warmup_rounds=2)
    assert 0 < total < VISITS
