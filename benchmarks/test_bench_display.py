"""A call reaches the waiting-room display in ≤ 1 s (issue 16): here, its median.

Measured from the officer's call (``kiosk.app.queue.call_next``, its commit included) to the display's
label showing the number: the board's publisher notices the commit through ``PRAGMA
data_version`` (every 100 ms, as in the kiosk), reads the board, pushes it as a Server-Sent Event
over loopback to the display's feed, which hands it to the window on the main thread. The
publisher's connection sees commits of other processes the same way (tests/ui/test_display.py
makes the call in another process). Also: rendering an announcement (chime and espeak-ng).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytest_benchmark.fixture import BenchmarkFixture

from kiosk import announce
from kiosk.announce import Announcement, AnnounceOptions
from kiosk.app import queue
from kiosk.board import BoardPublisher, LocalFeed, RemoteFeed
from kiosk.config import config_from_dict
from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.conftest import new_register
from tests.helpers import visitor
from tests.kiosk.test_app import add_officer
from tests.kiosk.test_board import desk_at
from ui.display import app as display_app
from ui.resources import load_fonts

STATION = Station(id="KIOSK-01", zone=ZoneInfo("Asia/Bangkok"), centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร")


class Silent:
    def announce(self, call: Announcement) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Database]:
    with new_register(tmp_path / "register.sqlite3") as db:
        yield db


def test_a_call_reaches_the_display(
    benchmark: BenchmarkFixture, qapp: QApplication, register: Database, tmp_path: Path
) -> None:
    load_fonts()
    officer: StaffSession = add_officer(register, STATION, "สมศรี ตั้งใจ")
    desk = desk_at(register, STATION, "1")
    publisher = BoardPublisher(LocalFeed(register, STATION), "127.0.0.1:0")  # the kiosk's 100 ms poll
    publisher.start()
    config = config_from_dict({"display": {"url": f"http://127.0.0.1:{publisher.port}"}}, home=tmp_path)
    display = display_app.build(config, RemoteFeed(config.display.url), announcer=Silent())  # type: ignore[arg-type]
    window = display.window
    window.resize(1920, 1080)
    window.show()
    display.start()
    try:
        deadline = time.monotonic() + 10
        while window.connection.isVisible() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)

        def setup() -> None:
            visitor(register, STATION)  # someone to call; the board shows them waiting first
            time.sleep(0.3)
            QApplication.processEvents()

        def call_and_wait() -> str:
            called = queue.call_next(desk, officer)
            assert called is not None
            end = time.monotonic() + 5
            while window.ticket.text() != called.ticket:
                if time.monotonic() > end:
                    raise TimeoutError(f"{called.ticket} not shown within 5 s")
                QApplication.processEvents()
                time.sleep(0.002)
            queue.no_show(desk, called.id)  # out of "now serving" for the next round
            return called.ticket

        shown = benchmark.pedantic(call_and_wait, setup=setup, rounds=25, warmup_rounds=1)
        assert shown.startswith("A")
        assert benchmark.stats is None or benchmark.stats.stats.median < 1.0
    finally:
        display.close()
        publisher.close()
        window.close()


def test_an_announcement_is_rendered(benchmark: BenchmarkFixture) -> None:
    """What a display does before the chime sounds: the WAV of chime and voice (espeak-ng)."""
    data = benchmark.pedantic(
        lambda: announce.render(Announcement("A001", "1"), AnnounceOptions()), rounds=10, warmup_rounds=1
    )
    assert len(data) > announce.RATE * 2 * 5  # chime and voice: more than 5 s of sound
