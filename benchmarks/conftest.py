"""Benchmark data: a generated register of 250,000 visits, about ten years of a busy district."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import insert, select

from kiosk.catalogue import seed_defaults
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod, Officer, Service, Visit, VisitResult, VisitStatus
from kiosk.station import Station
from kiosk.validation import VisitorGroup, national_id_check_digit

# pcscd: a private pcscd with the vpcd virtual reader (the ID-card benchmark puts an emulated card in it)
pytest_plugins = ["tests.pcsc"]

BANGKOK = ZoneInfo("Asia/Bangkok")
CACHE = Path(__file__).resolve().parent.parent / ".bench-data"
VISITS = 250_000
BUSY_DAY = dt.date(2026, 3, 16)  # the day that gets 300 visits
BUSY_DAY_VISITS = 300
FIRST = [
    "สมชาย",
    "สมหญิง",
    "ปิ่น",
    "มาลี",
    "บุญมี",
    "ทองดี",
    "ประเสริฐ",
    "วันเพ็ญ",
    "อำนาจ",
    "สุดา",
    "ณัฐพล",
    "กนกวรรณ",
    "ธนากร",
    "พิมพ์ใจ",
    "ศักดิ์ชัย",
    "อรุณี",
    "ชัยวัฒน์",
    "จันทร์เพ็ญ",
    "วิไล",
    "สมศักดิ์",
]
LAST = [
    "ใจดี",
    "รักไทย",
    "ศรีสุข",
    "ทองคำ",
    "แก้วมณี",
    "บุญมา",
    "สุขสวัสดิ์",
    "พรหมมา",
    "ศรีวงศ์",
    "จันทร์หอม",
    "มั่นคง",
    "วงศ์สวัสดิ์",
    "ภูมิใจ",
    "สายทอง",
    "คำแก้ว",
    "อินทร์แก้ว",
    "ปัญญาดี",
    "ศรีประเสริฐ",
]


def _generate(path: Path) -> None:
    rng = random.Random(2567)
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.write() as session:
        seed_defaults(session)
        services = list(session.scalars(select(Service.id)))
        officers = [uuid.uuid4() for _ in range(6)]
        session.execute(insert(Officer), [{"id": o, "name": f"เจ้าหน้าที่ {i}"} for i, o in enumerate(officers)])
    start = dt.date(2016, 12, 1)
    days = (dt.date(2026, 11, 20) - start).days
    groups = list(VisitorGroup)
    results = list(VisitResult)
    rows = []
    day_of = [start + dt.timedelta(days=rng.randrange(days)) for _ in range(VISITS - BUSY_DAY_VISITS)]
    day_of += [BUSY_DAY] * BUSY_DAY_VISITS
    for day in sorted(day_of):
        created = dt.datetime.combine(day, dt.time(8, 30), tzinfo=BANGKOK) + dt.timedelta(
            seconds=rng.randrange(10 * 3600)
        )
        first12 = "".join(rng.choice("0123456789") for _ in range(12))
        nid = first12 + str(national_id_check_digit(first12))
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)),
                "station_id": "KIOSK-01",
                "created_at": created,
                "local_day": day,
                "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "national_id": nid,
                "id_suffix": nid[-4:],
                "phone": None,
                "phone_consent": False,
                "id_method": IdMethod.TYPED,
                "group": rng.choice(groups),
                "service_id": rng.choice(services),
                "status": VisitStatus.DONE,
                "result": rng.choice(results),
                "result_reason": "",
                "officer_id": rng.choice(officers),
                "note": "",
                "finished_at": created + dt.timedelta(minutes=15),
                "survey_answered": False,
                "updated_at": created,
                "version": 1,
                "synced_version": 1,
            }
        )
        if len(rows) == 20_000:
            with db.write() as session:
                session.execute(insert(Visit), rows)
            rows = []
    if rows:
        with db.write() as session:
            session.execute(insert(Visit), rows)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    db.dispose()


@pytest.fixture(autouse=True)
def _widgets_application(qapp: object) -> object:
    """pytest-qt's QApplication before any printer benchmark makes a bare QGuiApplication
    (tests/printers/conftest.py does the same for the tests)."""
    return qapp


@pytest.fixture(scope="session")
def big_register_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the cached 250,000-visit register (generated once, about 30 s)."""
    cached = CACHE / f"register-{VISITS}.sqlite3"
    if not cached.exists():
        CACHE.mkdir(exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _generate(partial)
        partial.rename(cached)
    target = tmp_path_factory.mktemp("bench") / "register.sqlite3"
    shutil.copy(cached, target)
    return target


@pytest.fixture(scope="session")
def big_db(big_register_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{big_register_path}")
    yield db
    db.dispose()


@pytest.fixture
def bench_station() -> Station:
    return Station(id="KIOSK-01", zone=BANGKOK, centre_name="ศูนย์ดำรงธรรมอำเภอ")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Issue 17's table: each figure beside its floor from the same run (benchmarks/floors.py)."""
    from benchmarks.floors import table

    lines = table()
    if len(lines) > 2:
        terminalreporter.section("product beside the floor, same run (medians)")
        for line in lines:
            terminalreporter.write_line(line)
