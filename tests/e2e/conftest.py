"""The end-to-end suite's fixtures: one Xvfb for the session, a kiosk process per test on it.

Design (why a child process): the kiosk must run on Qt's xcb platform against the X server the
test taps on, while the rest of the suite's QApplication runs offscreen and a process has only
one platform. So the kiosk is a child (``tests.e2e.kiosk_main``, the composition root as
``kiosk run`` uses it) with a read-only probe on two pipes, and the test process holds no Qt
application at all: it reads the screen through the probe and acts only through XTEST.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.db import Database
from kiosk.models import Role
from kiosk.staff import create_officer, fast_hasher
from kiosk.station import Station
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import HEIGHT, OFFICER, OFFICER_PIN, WIDTH
from tests.helpers import copied_register, visitor
from tests.xserver import XServer, xvfb


@dataclass(frozen=True)
class Settings:
    """What a test changes in the kiosk's ``[ui]`` (the rest is a district's ordinary configuration)."""

    idle_seconds: int = 120
    countdown_seconds: int = 10
    waiting: tuple[str, ...] = ()  # names of visitors already in the queue when the kiosk starts
    extra: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def xserver() -> Iterator[XServer]:
    with xvfb(WIDTH, HEIGHT) as x:
        yield x


@pytest.fixture
def settings() -> Settings:
    return Settings()


def kiosk_toml(home: Path, settings: Settings) -> str:
    return (
        '[station]\nid = "E2E-01"\ncentre_name = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"\n'
        'district = "เมืองสกลนคร"\nprovince = "สกลนคร"\n'
        f'[printer]\nuri = "preview://{home.as_posix()}/slips"\n'
        '[survey]\nurl = "https://example.org/survey"\nquick_rating = true\n'
        '[privacy]\nnotice_url = "https://example.org/privacy"\n'
        f"[ui]\nidle_seconds = {settings.idle_seconds}\ncountdown_seconds = {settings.countdown_seconds}\n"
        "card_reader = false\n"
        '[display]\nlisten = ""\n'
    )


@dataclass
class Home:
    """The kiosk's data directory: its configuration and register, the officer who can sign in."""

    path: Path
    db: Database
    station: Station
    officer: uuid.UUID
    waiting: list[uuid.UUID]


@pytest.fixture
def home(tmp_path: Path, settings: Settings) -> Iterator[Home]:
    path = tmp_path / "home"
    path.mkdir()
    (path / "kiosk.toml").write_text(kiosk_toml(path, settings))
    config = load_config(path)
    station = Station.from_config(config)
    with copied_register(path / "register.sqlite3") as db:
        with db.write() as session:
            info = create_officer(
                session, station, name=OFFICER, role=Role.OFFICER, pin=OFFICER_PIN, actor="test", hasher=fast_hasher()
            )
        waiting = [visitor(db, station, name=name) for name in settings.waiting]
        yield Home(path=path, db=db, station=station, officer=info.id, waiting=waiting)


@pytest.fixture
def kiosk(xserver: XServer, home: Home, tmp_path: Path) -> Iterator[KioskProcess]:
    """The kiosk started on the Xvfb, on its welcome screen with everything loaded."""
    with KioskProcess(xserver, home.path, log=tmp_path / "kiosk.log") as process:
        process.wait_ready()
        yield process
