"""The queue board: what the displays show, read from the register, published and followed over HTTP."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Queue

import pytest

from kiosk.app import Context, queue
from kiosk.board import (
    Board,
    BoardPublisher,
    FeedState,
    LocalFeed,
    RemoteFeed,
    board_from_json,
    board_to_json,
    read_board,
)
from kiosk.config import Config, StationConfig, parse_listen
from kiosk.db import Database
from kiosk.models import CallKind, Lane, QueueCall, VisitResult
from kiosk.staff import StaffSession
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.conftest import BANGKOK, FakeClock
from tests.helpers import visitor
from tests.kiosk.test_app import add_officer


class Collector:
    """A BoardSink that queues what it receives."""

    def __init__(self) -> None:
        self.boards: Queue[Board] = Queue()
        self.states: Queue[tuple[FeedState, str]] = Queue()

    def board(self, board: Board) -> None:
        self.boards.put(board)

    def state(self, state: FeedState, detail: str) -> None:
        self.states.put((state, detail))

    def board_where(self, check: object, timeout: float = 10.0) -> Board:
        """The first board for which ``check(board)`` holds (a deadline, not a speed figure)."""
        assert callable(check)
        while True:
            board = self.boards.get(timeout=timeout)
            if check(board):
                return board

    def state_is(self, wanted: FeedState, timeout: float = 10.0) -> str:
        while True:
            state, detail = self.states.get(timeout=timeout)
            if state is wanted:
                return detail


@pytest.fixture
def officer(db: Database, station: Station) -> StaffSession:
    return add_officer(db, station, "สมศรี ตั้งใจ")


def desk_at(db: Database, station: Station, number: str) -> Context:
    """The application context of a staff area that calls to desk ``number``."""
    return Context(db=db, station=station, config=Config(home=Path("."), station=StationConfig(desk=number)))


def test_the_board_shows_who_is_called_where_the_last_calls_and_the_waiting_per_lane(
    db: Database, station: Station, clock: FakeClock, officer: StaffSession
) -> None:
    for group in (VisitorGroup.GENERAL, VisitorGroup.GENERAL, VisitorGroup.ELDERLY, VisitorGroup.GENERAL):
        visitor(db, station, group)
    desk1, desk2 = desk_at(db, station, "1"), desk_at(db, station, "2")
    other = add_officer(db, station, "สมชาย ขยัน")

    first = queue.call_next(desk1, officer)  # the priority lane goes first
    clock.advance(minutes=1)
    second = queue.call_next(desk2, other)
    assert first is not None and second is not None
    assert (first.ticket, second.ticket) == ("P001", "A001")
    with db.read() as session:
        board = read_board(session, station, recent=5)

    assert board.centre_name == "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"
    assert board.day == dt.date(2026, 11, 24)
    assert [(c.ticket, c.desk, c.officer) for c in board.serving] == [
        ("A001", "2", "สมชาย ขยัน"),
        ("P001", "1", "สมศรี ตั้งใจ"),
    ]
    assert [c.ticket for c in board.recent] == ["A001", "P001"]
    assert {c.lane: c.waiting for c in board.waiting} == {Lane.NORMAL: 2, Lane.PRIORITY: 0}
    assert board.last_seq == board.recent[0].seq > board.recent[1].seq

    # A recall is a new call (announced again); a no-show leaves "now serving" and shows as such.
    clock.advance(minutes=1)
    queue.recall(desk1, first.id)
    clock.advance(minutes=1)
    queue.no_show(desk2, second.id)
    queue.finish(desk1, officer, first.id, result=VisitResult.SUCCESS)
    with db.read() as session:
        later = read_board(session, station, recent=5)
    assert [(c.ticket, c.kind) for c in later.recent] == [
        ("A001", CallKind.NO_SHOW),
        ("P001", CallKind.RECALL),
        ("A001", CallKind.CALL),
        ("P001", CallKind.CALL),
    ]
    assert later.serving == ()
    assert [(c.ticket, c.kind) for c in later.new_calls(board.last_seq)] == [("P001", CallKind.RECALL)]
    assert board_from_json(json.loads(json.dumps(board_to_json(later)))) == later


def test_a_visitor_taken_straight_to_service_shows_without_a_desk(
    db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station)
    queue.start(desk_at(db, station, "3"), officer, vid)
    with db.read() as session:
        board = read_board(session, station)
    assert [(c.ticket, c.desk, c.officer, c.seq) for c in board.serving] == [("A001", "", "สมศรี ตั้งใจ", 0)]
    assert board.recent == () and board.last_seq == 0


def test_only_a_called_ticket_leaves_a_no_show_on_the_board(
    db: Database, station: Station, officer: StaffSession
) -> None:
    """Closing the day marks the never-called as no-shows: they were never on the displays."""
    vid = visitor(db, station)
    queue.no_show(desk_at(db, station, "1"), vid)
    with db.read() as session:
        assert session.query(QueueCall).count() == 0


def test_yesterdays_calls_are_not_on_todays_board(
    db: Database, station: Station, clock: FakeClock, officer: StaffSession
) -> None:
    visitor(db, station)
    queue.call_next(desk_at(db, station, "1"), officer)
    clock.advance(days=1)
    with db.read() as session:
        board = read_board(session, station)
    assert (board.day, board.serving, board.recent, board.last_seq) == (dt.date(2026, 11, 25), (), (), 0)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"v": 99},
        {"v": 1, "centre_name": "x", "district": "", "day": "2026-11-24", "serving": [{"seq": 1}], "recent": []},
        {
            "v": 1,
            "centre_name": "x",
            "district": "",
            "day": "2026-11-24",
            "serving": [],
            "recent": [
                {"seq": 1, "ticket": "A001", "kind": "shout", "desk": "1", "officer": "", "at": "2026-11-24T03:00:00"}
            ],
            "waiting": {},
            "last_seq": 1,
        },
        [],
    ],
)
def test_what_is_not_a_board_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        board_from_json(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("127.0.0.1:8765", ("127.0.0.1", 8765)), ("0.0.0.0:0", ("0.0.0.0", 0)), (":9000", ("0.0.0.0", 9000))],
)
def test_listen_addresses(text: str, expected: tuple[str, int]) -> None:
    assert parse_listen(text) == expected


@pytest.mark.parametrize("text", ["8765", "host:", "host:port", "h:70000"])
def test_bad_listen_addresses_name_the_problem(text: str) -> None:
    with pytest.raises(ValueError, match=r"HOST:PORT|port"):
        parse_listen(text)


@pytest.fixture
def publisher(db: Database, station: Station) -> Iterator[BoardPublisher]:
    pub = BoardPublisher(LocalFeed(db, station, poll_s=0.02), "127.0.0.1:0")
    pub.start()
    yield pub
    pub.close()


@contextlib.contextmanager
def following(feed: LocalFeed | RemoteFeed) -> Iterator[Collector]:
    """``feed`` running on its thread for the block, delivering to the Collector yielded; stopped after."""
    sink = Collector()
    thread = threading.Thread(target=feed.run, args=(sink,), daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        feed.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_display_follows_the_published_board_and_sees_each_call(
    publisher: BoardPublisher, db: Database, station: Station, officer: StaffSession
) -> None:
    visitor(db, station)
    visitor(db, station)
    url = f"http://127.0.0.1:{publisher.port}"
    with following(RemoteFeed(url)) as sink:
        sink.state_is(FeedState.LIVE)
        first = sink.board_where(lambda b: b.waiting[0].waiting == 2)  # the publisher may have begun before them
        assert first.serving == ()

        queue.call_next(desk_at(db, station, "2"), officer)
        board = sink.board_where(lambda b: bool(b.serving))
        assert [(c.ticket, c.desk, c.kind) for c in board.serving] == [("A001", "2", CallKind.CALL)]
        assert board.waiting[0].waiting == 1

        with urllib.request.urlopen(url + "/board", timeout=5) as response:  # a plain look, for scripts
            assert board_from_json(json.loads(response.read())) == board


def test_a_display_reconnects_for_ever_and_says_so_meanwhile(
    db: Database, station: Station, officer: StaffSession
) -> None:
    with socket.socket() as probe:  # a port nobody listens on yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with following(RemoteFeed(f"http://127.0.0.1:{port}")) as sink:
        sink.state_is(FeedState.CONNECTING, timeout=5)  # at once, before any try
        assert "refused" in sink.state_is(FeedState.CONNECTING, timeout=5).lower()
        pub = BoardPublisher(LocalFeed(db, station, poll_s=0.02), f"127.0.0.1:{port}")
        pub.start()
        try:
            sink.state_is(FeedState.LIVE)
            sink.board_where(lambda b: True)
        finally:
            pub.close()  # the kiosk restarts
        sink.state_is(FeedState.CONNECTING)
        visitor(db, station)
        queue.call_next(desk_at(db, station, "1"), officer)  # called while the link was down
        pub = BoardPublisher(LocalFeed(db, station, poll_s=0.02), f"127.0.0.1:{port}")
        pub.start()
        try:
            sink.state_is(FeedState.LIVE)
            board = sink.board_where(lambda b: bool(b.serving))
            assert board.serving[0].ticket == "A001"
        finally:
            pub.close()


def test_a_second_publisher_on_the_same_port_steps_aside(publisher: BoardPublisher, db: Database) -> None:
    from kiosk.board import start_publisher

    assert start_publisher(db, publisher.feed.station, f"127.0.0.1:{publisher.port}") is None
    assert start_publisher(db, publisher.feed.station, "") is None


CALL_IN_ANOTHER_PROCESS = """
import sys, uuid
from kiosk.db import Database
from pathlib import Path
from kiosk.app import Context, queue
from kiosk.config import Config, StationConfig
from kiosk.staff import StaffSession
from kiosk.station import Station
from zoneinfo import ZoneInfo
from kiosk.models import Role
db = Database(sys.argv[1])
config = Config(home=Path("."), station=StationConfig(desk=sys.argv[3]))
app = Context(db=db, station=Station(id="KIOSK-01", zone=ZoneInfo("Asia/Bangkok")), config=config)
called = queue.call_next(app, StaffSession(uuid.UUID(sys.argv[2]), "x", Role.OFFICER))
print(called.ticket if called else "-", flush=True)
"""


def call_from_another_process(db_path: Path, officer: StaffSession, desk: str = "1") -> str:
    result = subprocess.run(
        [sys.executable, "-c", CALL_IN_ANOTHER_PROCESS, f"sqlite:///{db_path}", str(officer.id), desk],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_the_local_feed_sees_a_call_committed_by_another_process(db: Database, db_path: Path) -> None:
    station = Station(id="KIOSK-01", zone=BANGKOK)  # the real clock: the other process has no other
    officer = add_officer(db, station, "สมศรี ตั้งใจ")
    visitor(db, station)
    with following(LocalFeed(db, station, poll_s=0.02)) as sink:
        sink.state_is(FeedState.LIVE)
        assert sink.board_where(lambda b: True).serving == ()
        assert call_from_another_process(db_path, officer, desk="4") == "A001"
        board = sink.board_where(lambda b: bool(b.serving))
        assert [(c.ticket, c.desk, c.officer) for c in board.serving] == [("A001", "4", "สมศรี ตั้งใจ")]


def test_kiosk_board_show_prints_the_board_of_this_register_or_of_a_kiosk_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    home = tmp_path / "home"
    assert main(["--home", str(home), "db", "upgrade"]) == 0
    db = Database(f"sqlite:///{home / 'register.sqlite3'}")
    try:
        station = Station(id="KIOSK-01", zone=BANGKOK, centre_name="ศูนย์ดำรงธรรมอำเภอ")
        officer = add_officer(db, station, "สมศรี ตั้งใจ")
        visitor(db, station)
        visitor(db, station, VisitorGroup.ELDERLY)
        queue.call_next(desk_at(db, station, "3"), officer)
        capsys.readouterr()
        assert main(["--home", str(home), "board", "show"]) == 0
        out = capsys.readouterr().out
        assert "now serving P001  desk 3  สมศรี ตั้งใจ" in out
        assert "waiting     A: 1  P: 0" in out

        publisher = BoardPublisher(LocalFeed(db, station, poll_s=0.02), "127.0.0.1:0")
        publisher.start()
        try:
            url = f"http://127.0.0.1:{publisher.port}"  # asked at once: /board waits for the first board
            assert main(["--home", str(home), "board", "show", "--url", url, "--json"]) == 0
            data = json.loads(capsys.readouterr().out)
            assert data["serving"][0]["ticket"] == "P001" and data["waiting"] == {"A": 1, "P": 0}
        finally:
            publisher.close()
    finally:
        db.dispose()
    assert main(["--home", str(home), "board", "show", "--url", "http://127.0.0.1:9"]) == 1
    assert "cannot read the board at http://127.0.0.1:9" in capsys.readouterr().err


@pytest.mark.postgres
def test_on_postgresql_the_local_feed_reads_the_board_again_and_passes_on_what_changed(
    pg_database: str, station: Station, clock: FakeClock
) -> None:
    """A register on PostgreSQL (``database_url``) has no data_version: the board itself is compared."""
    from tests.databases import migrated

    db = migrated(pg_database)
    try:
        officer = add_officer(db, station, "สมศรี ตั้งใจ")
        visitor(db, station)
        with following(LocalFeed(db, station, slow_poll_s=0.05)) as sink:
            sink.state_is(FeedState.LIVE)
            assert sink.board_where(lambda b: True).serving == ()
            queue.call_next(desk_at(db, station, "2"), officer)
            board = sink.board_where(lambda b: bool(b.serving))
            assert [(c.ticket, c.desk) for c in board.serving] == [("A001", "2")]
            with pytest.raises(Empty):  # the same board is not passed on again
                sink.boards.get(timeout=0.3)
    finally:
        db.dispose()
