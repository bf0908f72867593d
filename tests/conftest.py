"""Shared fixtures: a real SQLite register in a temporary directory, a station with a set clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

# Without a display Qt aborts the whole process: choose offscreen before any QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# python-escpos leaves a temporary directory per import unless told where to keep its cache.
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(__file__).parent.parent / ".pytest_cache" / "escpos"))

import pytest

from kiosk.app import Context
from kiosk.catalogue import seed_defaults
from kiosk.config import Config, PrivacyConfig, SurveyConfig
from kiosk.db import Database, upgrade
from kiosk.staff import fast_hasher
from kiosk.station import Station

BANGKOK = ZoneInfo("Asia/Bangkok")

# pg_server, pg_database: a real PostgreSQL server; any_db: a test on SQLite and on PostgreSQL
pytest_plugins = ["tests.pg", "tests.databases"]


class FakeClock:
    """A clock that stands still until moved: ``clock.advance(minutes=5)``."""

    def __init__(self, start: dt.datetime) -> None:
        self.moment = start

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment


@pytest.fixture
def clock() -> FakeClock:
    # 10:00 in Bangkok on a Tuesday (03:00 UTC)
    return FakeClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=BANGKOK).astimezone(dt.UTC))


@pytest.fixture
def station(clock: FakeClock) -> Station:
    return Station(
        id="KIOSK-01",
        zone=BANGKOK,
        centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร",
        district="เมืองสกลนคร",
        province="สกลนคร",
        clock=clock,
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@contextmanager
def new_register(path: Path) -> Iterator[Database]:
    """A migrated SQLite register with the default catalogue at ``path``, closed at the end."""
    database = Database(f"sqlite:///{path}")
    try:
        upgrade(database.engine)
        with database.write() as session:
            seed_defaults(session)
        yield database
    finally:
        database.dispose()


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A migrated SQLite register with the default catalogue."""
    with new_register(db_path) as database:
        yield database


def context_for(db: Database, station: Station, home: Path) -> Context:
    """The application context the operations run with: survey and privacy links set, a cheap PIN hasher."""
    config = Config(
        home=home,
        survey=SurveyConfig(url="https://example.org/survey"),
        privacy=PrivacyConfig(notice_url="https://example.org/privacy"),
    )
    return Context(db=db, station=station, config=config, hasher=fast_hasher())


@pytest.fixture
def app(db: Database, station: Station, tmp_path: Path) -> Context:
    """The application context on the test register (no printer until a test gives one)."""
    return context_for(db, station, tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()) or "qapp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
