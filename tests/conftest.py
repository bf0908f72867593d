"""Shared fixtures: a real SQLite register in a temporary directory, a station with a set clock.

The fakes and builders they hand out are in :mod:`tests.helpers`.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from pathlib import Path

# Without a display Qt aborts the whole process: choose offscreen before any QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# python-escpos leaves a temporary directory per import unless told where to keep its cache.
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(__file__).parent.parent / ".pytest_cache" / "escpos"))

import pytest

from kiosk.app import Context
from kiosk.config import Config, PrivacyConfig, SurveyConfig
from kiosk.db import Database
from kiosk.staff import fast_hasher
from kiosk.station import Station
from tests.helpers import BANGKOK, FakeClock, copied_register, flush_deferred_deletes, new_register

__all__ = ["BANGKOK", "FakeClock", "new_register"]  # also importable from here, as before

# pg_server, pg_database: a real PostgreSQL server; any_db: a test on SQLite and on PostgreSQL;
# pcscd: a private pcscd with the vpcd virtual reader, for an emulated ID card
pytest_plugins = ["tests.pg", "tests.databases", "tests.pcsc"]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Cyclic garbage is collected on the main thread only, between tests (see ui/garbage.py).

    What the imports made is frozen out of the collector's way; after each test the young
    generations are collected (what the test made), the whole heap after every tenth.
    """
    gc.collect()
    gc.freeze()
    gc.disable()


@pytest.fixture(autouse=True)
def _garbage_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("gui") is not None:
        from ui.garbage import collect_on_main_thread

        collect_on_main_thread(request.getfixturevalue("qapp"))  # while the test waits, as the kiosk does
    yield
    flush_deferred_deletes()  # the widgets the test gave to deleteLater(), deleted here, not in the next test
    gc.collect(2 if gc.get_count()[2] >= gc.get_threshold()[2] else 1)


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


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A migrated SQLite register with the default catalogue (a copy of the session's template)."""
    with copied_register(db_path) as database:
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
