"""The staff day view opens in ≤ 200 ms (median) with a day of 300 visits in a register of 25,000.

"Opens" is what the officer waits for after tapping the tab: the day's log read on the database
worker (``kiosk.app.records.day_review``), the page built, the table model filled, totals counted and the page
laid out and painted once.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytest_benchmark.fixture import BenchmarkFixture

from kiosk.app import Context, queue, records
from kiosk.catalogue import seed_defaults
from kiosk.config import Config
from kiosk.db import Database, upgrade
from kiosk.station import Station
from tests.kiosk.exports.bulk import insert_visits
from ui.resources import load_fonts
from ui.staff.common import StaffContext, staff_style
from ui.staff.daylog import DayLogPage
from ui.staff.queue import QueuePage
from ui.tasks import TaskManager
from ui.theme import Theme

VISITS = 25_000
BUSY_DAY = dt.date(2026, 3, 16)  # a Monday
BUSY_DAY_VISITS = 300
STATION = Station(id="KIOSK-01", zone=ZoneInfo("Asia/Bangkok"), centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร")


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("bench-staff") / "register.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.write() as session:
        seed_defaults(session)
        insert_visits(session, count=VISITS - BUSY_DAY_VISITS, start=BUSY_DAY + dt.timedelta(days=1), per_day=95)
        insert_visits(session, count=BUSY_DAY_VISITS, start=BUSY_DAY, per_day=BUSY_DAY_VISITS, seed=7)
    yield db
    db.dispose()


def test_staff_day_view_opens(benchmark: BenchmarkFixture, qapp: QApplication, year_db: Database) -> None:
    load_fonts()
    desk = Context(db=year_db, station=STATION, config=Config(home=Path(tempfile.gettempdir())))
    manager = TaskManager()
    theme = Theme()
    theme.set(scale=1.0)
    ctx = StaffContext(app=desk, tasks=manager, theme=theme)
    style = staff_style(theme)
    pages: list[DayLogPage] = []

    def open_day() -> int:
        review = records.day_review(desk, BUSY_DAY)  # on the database worker in the kiosk
        page = DayLogPage(ctx)
        page.setProperty("role", "staff")
        page.setStyleSheet(style)
        page.resize(1920, 1000)
        page.show_review(review)
        page.show()
        page.grab()  # laid out and painted once
        pages.append(page)
        return page.proxy.rowCount()

    def cleanup() -> None:
        for page in pages:
            page.close()
            page.deleteLater()
        pages.clear()
        QApplication.processEvents()

    rows = benchmark.pedantic(open_day, rounds=20, warmup_rounds=2, teardown=cleanup)
    assert rows == BUSY_DAY_VISITS
    manager.shutdown()


def test_staff_queue_view_opens(benchmark: BenchmarkFixture, qapp: QApplication, year_db: Database) -> None:
    """The officer's queue of that day (300 lines in the lists), read and shown."""
    load_fonts()
    moment = dt.datetime.combine(BUSY_DAY, dt.time(16, 0), tzinfo=STATION.zone).astimezone(dt.UTC)
    station = Station(id=STATION.id, zone=STATION.zone, centre_name=STATION.centre_name, clock=lambda: moment)
    desk = Context(db=year_db, station=station, config=Config(home=Path(tempfile.gettempdir())))
    manager = TaskManager()
    theme = Theme()
    ctx = StaffContext(app=desk, tasks=manager, theme=theme)
    style = staff_style(theme)
    pages: list[QueuePage] = []

    def open_queue() -> int:
        view = queue.view(desk)
        page = QueuePage(ctx)
        page.setProperty("role", "staff")
        page.setStyleSheet(style)
        page.resize(1920, 1000)
        page.show_view(view)
        page.show()
        page.grab()
        pages.append(page)
        return page.lists["done"].count()

    def cleanup() -> None:
        for page in pages:
            page.close()
            page.deleteLater()
        pages.clear()
        QApplication.processEvents()

    assert benchmark.pedantic(open_queue, rounds=20, warmup_rounds=2, teardown=cleanup) == BUSY_DAY_VISITS
    manager.shutdown()
