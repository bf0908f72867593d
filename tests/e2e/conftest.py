"""The end-to-end suite's fixtures: one Xvfb for the session, a kiosk process per test on it.

Design (why a child process): the kiosk must run on Qt's xcb platform against the X server the
test taps on, while the rest of the suite's QApplication runs offscreen and a process has only
one platform. So the kiosk is a child (``tests.e2e.kiosk_main``, the composition root as
``kiosk run`` uses it) with a read-only probe on two pipes, and the test process holds no Qt
application at all: it reads the screen through the probe and acts only through XTEST.

A kiosk takes seconds to start, so a test may get the kiosk the test before it left, when that
one is back on its welcome screen as a new citizen would find it (Thai, the normal look, nothing
typed, no staff area, no countdown) and has the same settings; otherwise — and always after the
staff area was opened, which is exactly what may have changed the kiosk for good — it gets a new
kiosk process with a new data directory (a test of the staff area itself may take one whose staff
area was used).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
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


def make_home(path: Path, settings: Settings, stack: ExitStack) -> Home:
    path.mkdir()
    (path / "kiosk.toml").write_text(kiosk_toml(path, settings))
    config = load_config(path)
    station = Station.from_config(config)
    db = stack.enter_context(copied_register(path / "register.sqlite3"))
    with db.write() as session:
        info = create_officer(
            session, station, name=OFFICER, role=Role.OFFICER, pin=OFFICER_PIN, actor="test", hasher=fast_hasher()
        )
    waiting = [visitor(db, station, name=name) for name in settings.waiting]
    return Home(path=path, db=db, station=station, officer=info.id, waiting=waiting)


def pristine(kiosk: KioskProcess, *, after_staff: bool = False) -> bool:
    """Whether the kiosk is as a new citizen finds it (and, unless ``after_staff``, its staff area never opened)."""
    if (kiosk.dirty and not after_staff) or kiosk.process.poll() is not None:
        return False
    s = kiosk.state()
    return (
        s["ready"]
        and s["screen"] == "welcome"
        and s["staff"] is None
        and not (s["countdown"] or s["pin_pad"] or s["large_text"] or s["high_contrast"])
        and s["language"] == "th"
        and not any(s["fields"].values())
    )


class Kiosks:
    """The session's kiosk process: one at a time, since each fills the screen (and the topmost takes the taps)."""

    def __init__(self, x: XServer, factory: pytest.TempPathFactory) -> None:
        self.x = x
        self.factory = factory
        self.settings: Settings | None = None
        self.home: Home | None = None
        self.kiosk: KioskProcess | None = None
        self._stack = ExitStack()

    def get(self, settings: Settings, *, after_staff: bool = False) -> tuple[Home, KioskProcess]:
        """A kiosk with ``settings`` as a new citizen finds it (``after_staff``: its staff area may have been used)."""
        kiosk = self.kiosk
        if self.settings == settings and self.home is not None and kiosk and pristine(kiosk, after_staff=after_staff):
            kiosk.events()  # what happened before is not this test's
            return self.home, kiosk
        self.close()
        where = self.factory.mktemp("kiosk")
        self.home = make_home(where / "home", settings, self._stack)
        self.kiosk = self._stack.enter_context(KioskProcess(self.x, self.home.path, log=where / "kiosk.log"))
        self.settings = settings
        self.kiosk.wait_ready()
        return self.home, self.kiosk

    def close(self) -> None:
        self.settings = self.home = self.kiosk = None
        self._stack.close()


@pytest.fixture(scope="session")
def xserver() -> Iterator[XServer]:
    with xvfb(WIDTH, HEIGHT) as x:
        yield x


@pytest.fixture(scope="session")
def kiosks(xserver: XServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosks]:
    pool = Kiosks(xserver, tmp_path_factory)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def after_staff() -> bool:
    """Whether the test may have a kiosk whose staff area was opened before (a test of the staff area itself)."""
    return False


@pytest.fixture
def running(kiosks: Kiosks, settings: Settings, after_staff: bool) -> tuple[Home, KioskProcess]:
    return kiosks.get(settings, after_staff=after_staff)


@pytest.fixture
def home(running: tuple[Home, KioskProcess]) -> Home:
    return running[0]


@pytest.fixture
def kiosk(running: tuple[Home, KioskProcess]) -> KioskProcess:
    """The kiosk on the Xvfb, on its welcome screen with everything loaded, as a new citizen finds it."""
    return running[1]
