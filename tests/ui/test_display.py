"""``kiosk display``: calls made by other processes reach the screen within a second, and are announced."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Queue

import pytest
from pytestqt.qtbot import QtBot

from kiosk.announce import Announcement
from kiosk.app import Context, queue
from kiosk.board import LocalFeed, RemoteFeed
from kiosk.config import Config, config_from_dict
from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.conftest import BANGKOK, FakeClock, new_register
from tests.helpers import visitor
from tests.kiosk.test_app import add_officer
from tests.kiosk.test_board import call_from_another_process, desk_at
from ui.display import app as display_app
from ui.display.app import Display
from ui.resources import load_fonts
from ui.window import KioskWindow

# From the moment the other process has committed the call to the moment the label shows it.
WITHIN_MS = 1000


class FakeAnnouncer:
    def __init__(self) -> None:
        self.calls: list[Announcement] = []

    def announce(self, call: Announcement) -> None:
        self.calls.append(call)

    def close(self) -> None:
        pass


def display_config(home: Path, **display: object) -> Config:
    return config_from_dict(
        {"station": {"centre_name": "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร", "district": "เมืองสกลนคร"}, "display": display},
        home=home,
    )


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[list[Display]]:
    """Displays made by a test, closed at its end."""
    load_fonts()
    made: list[Display] = []
    yield made
    for display in made:
        display.close()


def start(
    shown: list[Display], qtbot: QtBot, config: Config, feed: object, **kwargs: object
) -> tuple[Display, FakeAnnouncer]:
    announcer = FakeAnnouncer()
    display = display_app.build(config, feed, announcer=announcer, **kwargs)  # type: ignore[arg-type]
    shown.append(display)
    qtbot.addWidget(display.window)
    display.window.resize(1280, 720)
    display.window.show()
    display.start()
    return display, announcer


def live(qtbot: QtBot, display: Display) -> None:
    qtbot.waitUntil(lambda: not display.window.connection.isVisible(), timeout=10_000)


@pytest.fixture
def real_station() -> Station:
    """The real clock: another process has no other."""
    return Station(id="KIOSK-01", zone=BANGKOK, centre_name="ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร")


def test_a_call_made_in_another_process_shows_on_the_display_of_this_machine_within_a_second(
    qtbot: QtBot, shown: list[Display], db: Database, db_path: Path, tmp_path: Path, real_station: Station
) -> None:
    officer = add_officer(db, real_station, "สมศรี ตั้งใจ")
    visitor(db, real_station)
    display, announcer = start(shown, qtbot, display_config(tmp_path), LocalFeed(db, real_station))
    live(qtbot, display)
    assert display.window.ticket.text() == "–"

    assert call_from_another_process(db_path, officer, desk="4") == "A001"  # returns once committed

    qtbot.waitUntil(lambda: display.window.ticket.text() == "A001", timeout=WITHIN_MS)
    assert display.window.desk.text() == "เชิญที่ช่องบริการ 4"
    assert display.window.desk_en.text() == "Please go to counter 4"
    assert display.window.officer.text() == "เจ้าหน้าที่ สมศรี ตั้งใจ"
    assert display.window.recent_tickets[0].text() == "A001"
    assert announcer.calls == [Announcement("A001", "4")]


def read_line(stream: object, timeout: float) -> str:
    lines: Queue[str] = Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()  # type: ignore[attr-defined]
    return lines.get(timeout=timeout)


@pytest.fixture
def board_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``kiosk board serve`` in a process of its own, on a free port: its URL and its register."""
    home = tmp_path / "kiosk-home"
    home.mkdir()
    (home / "kiosk.toml").write_text('[station]\ncentre_name = "ศูนย์ดำรงธรรมอำเภอทดสอบ"\n', encoding="utf-8")
    with new_register(home / "register.sqlite3"):
        pass
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--home", str(home), "board", "serve", "--listen", "127.0.0.1:0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = read_line(proc.stderr, timeout=60)
        assert "serving http://127.0.0.1:" in line, line
        yield line.split("serving ", 1)[1].split()[0], home / "register.sqlite3"
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
        assert code == 0  # SIGTERM: the board stops cleanly


def test_a_call_made_in_another_process_reaches_a_display_on_another_pc_within_a_second(
    qtbot: QtBot, shown: list[Display], tmp_path: Path, board_server: tuple[str, Path], real_station: Station
) -> None:
    url, register = board_server
    db = Database(f"sqlite:///{register}")
    try:
        officer = add_officer(db, real_station, "สมชาย ขยัน")
        visitor(db, real_station)
        visitor(db, real_station)
    finally:
        db.dispose()
    display, announcer = start(shown, qtbot, display_config(tmp_path, url=url), RemoteFeed(url))
    live(qtbot, display)
    qtbot.waitUntil(lambda: "รอ 2 คน" in display.window.lanes[next(iter(display.window.lanes))].text(), timeout=5000)
    assert display.window.centre.text() == "ศูนย์ดำรงธรรมอำเภอทดสอบ"  # the kiosk machine's name, not this PC's

    assert call_from_another_process(register, officer, desk="2") == "A001"

    qtbot.waitUntil(lambda: display.window.ticket.text() == "A001", timeout=WITHIN_MS)
    assert display.window.desk.text() == "เชิญที่ช่องบริการ 2"
    assert "รอ 1 คน" in display.window.lanes[next(iter(display.window.lanes))].text()
    assert announcer.calls == [Announcement("A001", "2")]


def test_recalls_are_announced_again_no_shows_are_shown_not_said_and_old_calls_are_not_said(
    qtbot: QtBot, shown: list[Display], db: Database, station: Station, clock: FakeClock, tmp_path: Path
) -> None:
    officer: StaffSession = add_officer(db, station, "สมศรี ตั้งใจ")
    desk = desk_at(db, station, "1")
    for _ in range(3):
        visitor(db, station)
    before = queue.call_next(desk, officer)  # called before the display started: shown, not said
    assert before is not None
    display, announcer = start(shown, qtbot, display_config(tmp_path), LocalFeed(db, station, poll_s=0.02), clock=clock)
    live(qtbot, display)
    qtbot.waitUntil(lambda: display.window.ticket.text() == "A001")
    assert announcer.calls == []

    clock.advance(minutes=2)
    queue.no_show(desk, before.id)
    qtbot.waitUntil(lambda: display.window.recent_where[0].text().startswith("ไม่มาแสดงตน"))
    assert display.window.ticket.text() == "–" and announcer.calls == []

    nxt = queue.call_next(desk, officer)
    assert nxt is not None
    qtbot.waitUntil(lambda: display.window.ticket.text() == "A002")
    clock.advance(minutes=1)
    queue.recall(desk, nxt.id)
    qtbot.waitUntil(lambda: len(announcer.calls) == 2)
    assert announcer.calls == [Announcement("A002", "1"), Announcement("A002", "1")]
    assert [t.text() for t in display.window.recent_tickets[:3]] == ["A002", "A002", "A001"]


def test_the_display_says_it_is_connecting_until_the_board_comes(
    qtbot: QtBot, shown: list[Display], tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = display_config(tmp_path, url=f"http://127.0.0.1:{port}")
    display, _ = start(shown, qtbot, config, display_app.feed_for(config, None))
    qtbot.waitUntil(lambda: "refused" in display.window.connection.toolTip().lower(), timeout=5000)
    assert display.window.connection.isVisible()
    assert display.window.connection.text() == "กำลังเชื่อมต่อ…   ·   Connecting…"
    assert display.window.centre.text() == "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"  # this PC's setting meanwhile


def test_a_sound_problem_is_a_small_note_for_staff(qtbot: QtBot, shown: list[Display], tmp_path: Path) -> None:
    config = display_config(tmp_path)
    display, _ = start(shown, qtbot, config, RemoteFeed("http://127.0.0.1:9"))
    assert not display.window.sound_note.isVisible()
    display.report_sound_problem("aplay exit 1: audio open error: No such file or directory")  # from its thread
    qtbot.waitUntil(display.window.sound_note.isVisible)
    assert display.window.sound_note.text() == "เสียงประกาศใช้ไม่ได้ เจ้าหน้าที่โปรดตรวจลำโพง / no sound"
    assert display.window.sound_note.toolTip() == "aplay exit 1: audio open error: No such file or directory"


def test_thai_only_when_english_is_off(qtbot: QtBot, shown: list[Display], tmp_path: Path) -> None:
    display, _ = start(shown, qtbot, display_config(tmp_path, english=False), RemoteFeed("http://127.0.0.1:9"))
    window = display.window
    assert window.serving_caption.text() == "กำลังให้บริการ"
    assert window.connection.text() == "กำลังเชื่อมต่อ…"
    assert all("waiting" not in label.text() for label in window.lanes.values())


def test_the_kiosks_now_serving_tile_follows_the_board_not_its_30_second_timer(
    qtbot: QtBot, window: KioskWindow, app: Context, db: Database, station: Station, tmp_path: Path
) -> None:
    """A call made at ``kiosk desk`` (another process) used to reach the welcome screen's tile ~45 s later."""
    from ui.app import publish_board

    officer = add_officer(db, station, "สมศรี ตั้งใจ")
    visitor(db, station)
    config = display_config(tmp_path, listen="")  # published by another process, or not at all: still followed
    follower = publish_board(config, app, window=window)
    assert follower is not None and not follower.serving
    try:
        qtbot.waitUntil(lambda: window.welcome.waiting_value.text() == "1", timeout=5000)
        assert window.welcome.serving_value.text() == "–"
        queue.call_next(desk_at(db, station, "1"), officer)  # another connection, as another process
        qtbot.waitUntil(lambda: window.welcome.serving_value.text() == "A001", timeout=WITHIN_MS)
    finally:
        follower.close()


def test_kiosk_desk_takes_its_desk_number_on_the_command_line_and_checks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    assert main(["--home", str(tmp_path), "desk", "--desk", "ช่อง 2"]) == 2
    assert "station.desk: must be the desk's number" in capsys.readouterr().err


def test_kiosk_display_starts_windowed_and_keeps_trying_a_board_that_is_not_there(tmp_path: Path) -> None:
    """The command itself: a window, the feed on its thread, no sound asked for; stopped by SIGTERM."""
    command = ["display", "--windowed", "--mute", "--url", "http://127.0.0.1:9"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "-v", "--home", str(tmp_path), *command],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"},
    )
    try:
        tries = 0
        while tries < 2:  # the first try and a retry: it carries on after a refusal
            line = read_line(proc.stderr, timeout=60)
            assert line, "kiosk display ended"
            if "queue board 127.0.0.1:9" in line and "refused" in line.lower():
                tries += 1
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
