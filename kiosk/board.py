"""The queue board of the waiting room: what is called where, read from the register and published over HTTP.

Why this mechanism: the register is SQLite on the kiosk machine and must never be opened over a
file share (its locks do not work there). So the kiosk machine publishes the board itself. Every
process that calls a ticket (the kiosk's staff area, ``kiosk desk``, the CLI) writes the call to
the register as before (``queue_call``); a :class:`LocalFeed` on that machine notices any commit
of any process within ~100 ms through ``PRAGMA data_version`` on its own read-only connection,
reads the board again and hands it on. A :class:`BoardPublisher` (stdlib HTTP, a worker thread
of the kiosk process) pushes each new board to the displays as Server-Sent Events; a display on
another PC of the office network follows it with a :class:`RemoteFeed`, reconnecting for ever. A
display on the kiosk machine itself reads the register directly with a :class:`LocalFeed`.
The board carries no personal data: ticket numbers, desks, officers' names and counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import parse_listen
from kiosk.db import Database
from kiosk.models import CallKind, Lane, Officer, QueueCall, QueueTicket, Visit, VisitStatus
from kiosk.register import queue_snapshot
from kiosk.station import Station

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
EVENTS_PATH = "/events"
BOARD_PATH = "/board"
KEEPALIVE_S = 10.0  # a comment line this often, so a dead connection shows within READ_TIMEOUT_S
READ_TIMEOUT_S = 25.0
FIRST_BOARD_WAIT_S = 3.0


@dataclass(frozen=True)
class BoardCall:
    """One call of a ticket to a desk, as the displays show it."""

    seq: int  # the queue_call row: later calls have higher numbers
    ticket: str  # "A001"
    kind: CallKind
    desk: str  # "1", or "" when unknown
    officer: str  # the officer's name, or ""
    at: dt.datetime  # UTC


@dataclass(frozen=True)
class LaneCount:
    lane: Lane
    waiting: int


@dataclass(frozen=True)
class Board:
    """The state of the day's queue for the waiting room."""

    centre_name: str
    district: str
    day: dt.date
    serving: tuple[BoardCall, ...]  # tickets called or being served now, latest call first, one per ticket
    recent: tuple[BoardCall, ...]  # the last calls, recalls and no-shows, latest first
    waiting: tuple[LaneCount, ...]  # every lane, in the order of Lane
    last_seq: int  # the latest call of the day, 0 when none

    def new_calls(self, after_seq: int) -> list[BoardCall]:
        """Calls and recalls later than ``after_seq``, oldest first: what is still to be announced."""
        fresh = [c for c in self.recent if c.seq > after_seq and c.kind is not CallKind.NO_SHOW]
        return sorted(fresh, key=lambda c: c.seq)


def read_board(session: Session, station: Station, *, recent: int = 5) -> Board:
    """The board of the station's local day."""
    day = station.today()
    snapshot = queue_snapshot(session, station)  # the kiosk's own counts: one query for both
    counts = {Lane.PRIORITY: snapshot.waiting_priority, Lane.NORMAL: snapshot.waiting - snapshot.waiting_priority}
    call_rows = session.execute(
        select(QueueCall, Officer.name)
        .outerjoin(Officer, QueueCall.officer_id == Officer.id)
        .where(QueueCall.local_day == day)
        .order_by(QueueCall.id.desc())
        .limit(200)  # a day's calls at a district counter; the serving tickets' latest calls are among them
    ).all()
    calls = [
        (
            row.visit_id,
            BoardCall(
                seq=row.id,
                ticket=row.ticket,
                kind=row.kind,
                desk=row.desk,
                officer=name or "",
                at=row.at,
            ),
        )
        for row, name in call_rows
    ]
    latest_by_visit: dict[Any, BoardCall] = {}
    for visit_id, call in calls:
        latest_by_visit.setdefault(visit_id, call)
    serving_rows = session.execute(
        select(Visit.id, QueueTicket.lane, QueueTicket.number, Visit.called_at, Officer.name)
        .join(QueueTicket)
        .outerjoin(Officer, Visit.officer_id == Officer.id)
        .where(QueueTicket.local_day == day, Visit.status.in_([VisitStatus.CALLED, VisitStatus.SERVING]))
    ).all()
    serving: list[BoardCall] = []
    for visit_id, lane, number, called_at, officer in serving_rows:
        latest = latest_by_visit.get(visit_id)
        if latest is not None and latest.kind is not CallKind.NO_SHOW:
            call = latest
        else:  # taken straight to service: no call to show
            call = BoardCall(
                seq=0,
                ticket=f"{lane.value}{number:03d}",
                kind=CallKind.CALL,
                desk="",
                officer=officer or "",
                at=called_at or station.now(),
            )
        serving.append(call)
    serving.sort(key=lambda c: (c.seq, c.at), reverse=True)
    return Board(
        centre_name=station.centre_name,
        district=station.district,
        day=day,
        serving=tuple(serving),
        recent=tuple(call for _vid, call in calls[:recent]),
        waiting=tuple(LaneCount(lane, counts[lane]) for lane in Lane),
        last_seq=calls[0][1].seq if calls else 0,
    )


# The board as JSON, for the displays on other PCs ---------------------------------------------


def _call_json(call: BoardCall) -> dict[str, Any]:
    return {
        "seq": call.seq,
        "ticket": call.ticket,
        "kind": call.kind.value,
        "desk": call.desk,
        "officer": call.officer,
        "at": call.at.isoformat(),
    }


def board_to_json(board: Board) -> dict[str, Any]:
    return {
        "v": FORMAT_VERSION,
        "centre_name": board.centre_name,
        "district": board.district,
        "day": board.day.isoformat(),
        "serving": [_call_json(c) for c in board.serving],
        "recent": [_call_json(c) for c in board.recent],
        "waiting": {c.lane.value: c.waiting for c in board.waiting},
        "last_seq": board.last_seq,
    }


def _call_from(data: Any) -> BoardCall:
    at = dt.datetime.fromisoformat(str(data["at"]))
    if at.tzinfo is None:
        raise ValueError("a call's time has no zone")
    return BoardCall(
        seq=int(data["seq"]),
        ticket=str(data["ticket"]),
        kind=CallKind(data["kind"]),
        desk=str(data["desk"]),
        officer=str(data["officer"]),
        at=at.astimezone(dt.UTC),
    )


def board_from_json(data: Any) -> Board:
    """The board sent by a publisher; ValueError when it is not one (of this format version)."""
    try:
        if data["v"] != FORMAT_VERSION:
            raise ValueError(f"board format {data['v']!r}, expected {FORMAT_VERSION}")
        waiting = data["waiting"]
        return Board(
            centre_name=str(data["centre_name"]),
            district=str(data["district"]),
            day=dt.date.fromisoformat(str(data["day"])),
            serving=tuple(_call_from(c) for c in data["serving"]),
            recent=tuple(_call_from(c) for c in data["recent"]),
            waiting=tuple(LaneCount(lane, int(waiting.get(lane.value, 0))) for lane in Lane),
            last_seq=int(data["last_seq"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a board: {exc!r}") from exc


# Feeds: where a display gets its boards from -----------------------------------------------------


class FeedState(StrEnum):
    CONNECTING = "connecting"  # no board yet, or the link is lost: the display says กำลังเชื่อมต่อ…
    LIVE = "live"


class BoardSink(Protocol):
    """Who receives a feed's boards; called on the feed's thread."""

    def board(self, board: Board) -> None: ...

    def state(self, state: FeedState, detail: str) -> None: ...


class Feed(Protocol):
    def run(self, sink: BoardSink) -> None:
        """Deliver boards to ``sink`` until :meth:`stop`; never raises for a lost link."""

    def stop(self) -> None: ...


class _DataVersion:
    """Tells whether any connection, of any process, committed to a SQLite file since the last look."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=5)
        self._conn.isolation_level = None  # autocommit: no read transaction left open between looks
        self._last: int | None = None

    def changed(self) -> bool:
        (version,) = self._conn.execute("PRAGMA data_version").fetchone()
        changed = version != self._last
        self._last = version
        return bool(changed)

    def close(self) -> None:
        self._conn.close()


class LocalFeed:
    """Boards read from the register on this machine, again whenever anyone commits to it.

    SQLite: ``PRAGMA data_version`` every ``poll_s`` on a private read-only connection (a few
    microseconds; it sees other processes' commits). Another database: the board itself is read
    every ``slow_poll_s`` and passed on when it differs. Either way the board is read again at
    least every ``refresh_s``, so the local day turns over at midnight.
    """

    def __init__(
        self,
        db: Database,
        station: Station,
        *,
        recent: int = 5,
        poll_s: float = 0.1,
        slow_poll_s: float = 0.5,
        refresh_s: float = 30.0,
    ) -> None:
        self.db = db
        self.station = station
        self.recent = recent
        self.poll_s = poll_s
        self.slow_poll_s = slow_poll_s
        self.refresh_s = refresh_s
        self._stop = threading.Event()

    def _sqlite_path(self) -> Path | None:
        url = self.db.engine.url
        if not self.db.is_sqlite or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    def read(self) -> Board:
        with self.db.read() as session:
            return read_board(session, self.station, recent=self.recent)

    def run(self, sink: BoardSink) -> None:
        path = self._sqlite_path()
        watcher: _DataVersion | None = None
        last: Board | None = None
        last_read = 0.0
        sink.state(FeedState.CONNECTING, "")
        while not self._stop.is_set():
            try:
                if path is not None and watcher is None:
                    watcher = _DataVersion(path)
                due = time.monotonic() - last_read >= self.refresh_s
                changed = watcher.changed() if watcher is not None else True
                if changed or due or last is None:
                    board = self.read()
                    last_read = time.monotonic()
                    if board != last:
                        if last is None:
                            sink.state(FeedState.LIVE, "")
                        last = board
                        sink.board(board)
            except Exception as exc:  # the register locked, moved or broken: say so and keep trying
                log.warning("queue board: cannot read the register: %s", exc)
                if watcher is not None:
                    watcher.close()
                    watcher = None
                if last is not None:
                    last = None
                sink.state(FeedState.CONNECTING, f"register: {exc}")
                self._stop.wait(1.0)
                continue
            self._stop.wait(self.poll_s if watcher is not None else self.slow_poll_s)
        if watcher is not None:
            watcher.close()

    def stop(self) -> None:
        self._stop.set()


def board_url(base: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path prefix)`` of a publisher's URL such as ``http://kiosk-01:8765``."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {base!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.scheme, parts.hostname, port, parts.path.rstrip("/")


def _sse_events(lines: Iterator[bytes]) -> Iterator[tuple[str, str]]:
    """``(event, data)`` pairs of a Server-Sent Events stream (comments skipped)."""
    event, data = "message", list[str]()
    for raw in lines:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)


class RemoteFeed:
    """Boards pushed by a :class:`BoardPublisher` on the kiosk machine; reconnects for ever.

    A lost link (kiosk restarted, cable out, Wi-Fi) shows as CONNECTING within ``READ_TIMEOUT_S``
    at worst (at once when the connection is refused or reset), and the next board arrives as
    soon as the link is back: retries start at 0.25 s and back off to ``max_backoff_s``.
    """

    def __init__(self, url: str, *, max_backoff_s: float = 3.0, connect_timeout_s: float = 3.0) -> None:
        self.scheme, self.host, self.port, self.prefix = board_url(url)
        self.max_backoff_s = max_backoff_s
        self.connect_timeout_s = connect_timeout_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None  # the open stream's socket, for stop() to close

    def _open(self) -> http.client.HTTPResponse:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=self.connect_timeout_s)
        conn.connect()
        sock = conn.sock
        assert sock is not None
        with self._lock:
            self._sock = sock
        if self._stop.is_set():
            raise ConnectionAbortedError("stopped")
        conn.request("GET", self.prefix + EVENTS_PATH, headers={"Accept": "text/event-stream"})
        response = conn.getresponse()  # the connection lets go of the socket: the response reads to its end
        if response.status != 200:
            response.close()
            raise ConnectionError(f"HTTP {response.status} from {self.host}:{self.port}")
        sock.settimeout(READ_TIMEOUT_S)
        return response

    def run(self, sink: BoardSink) -> None:
        backoff = 0.25
        sink.state(FeedState.CONNECTING, "")
        while not self._stop.is_set():
            response: http.client.HTTPResponse | None = None
            try:
                response = self._open()
                live = False
                for event, data in _sse_events(iter(response.readline, b"")):
                    if event != "board":
                        continue
                    board = board_from_json(json.loads(data))
                    if not live:
                        live = True
                        backoff = 0.25
                        sink.state(FeedState.LIVE, "")
                    sink.board(board)
                raise ConnectionError("the board closed the connection")
            except (OSError, http.client.HTTPException, ValueError) as exc:
                if self._stop.is_set():
                    break
                log.info("queue board %s:%s: %s", self.host, self.port, exc)
                sink.state(FeedState.CONNECTING, str(exc))
            finally:
                with self._lock:
                    sock, self._sock = self._sock, None
                if response is not None:
                    response.close()
                if sock is not None:
                    sock.close()
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff_s)

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            sock = self._sock
        if sock is not None:  # wake the reader blocked on the socket
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


# The publisher: the board over HTTP on a worker thread of the kiosk process -------------------


class _Latest:
    """The latest board as JSON text, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.text: str | None = None
        self.serial = 0
        self.closing = False

    def put(self, board: Board) -> None:
        text = json.dumps(board_to_json(board), ensure_ascii=False, separators=(",", ":"))
        with self.cond:
            self.text = text
            self.serial += 1
            self.cond.notify_all()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("queue board %s: " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        if path == EVENTS_PATH:
            self._events()
        elif path == BOARD_PATH:
            self._board()
        else:
            self._send(404, "text/plain; charset=utf-8", b"queue board: GET /events (Server-Sent Events) or /board\n")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _board(self) -> None:
        latest = self.server.latest
        with latest.cond:  # just started: the first board is being read
            latest.cond.wait_for(lambda: latest.text is not None or latest.closing, timeout=FIRST_BOARD_WAIT_S)
            text = latest.text
        if text is None:
            self._send(503, "text/plain; charset=utf-8", b"no board yet\n")
        else:
            self._send(200, "application/json; charset=utf-8", text.encode())

    def _events(self) -> None:
        latest = self.server.latest
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1

        def news() -> bool:
            return latest.closing or latest.serial != seen

        try:
            while True:
                with latest.cond:
                    latest.cond.wait_for(news, timeout=KEEPALIVE_S)
                    if latest.closing:
                        return
                    fresh = latest.serial != seen and latest.text is not None
                    seen, text = latest.serial, latest.text
                if fresh and text is not None:
                    self.wfile.write(f"event: board\ndata: {text}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the display went away
            return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], latest: _Latest) -> None:
        self.latest = latest
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, _Handler)


class BoardPublisher:
    """Serves the boards of a :class:`LocalFeed` to displays: ``/events`` (SSE) and ``/board`` (JSON).

    ``start()`` binds the port (OSError when another process of this machine already publishes
    there: that one serves the same register) and runs the feed and the server on daemon threads.
    With ``listen=None`` only the feed runs, for ``on_change``, which sees every new board on the
    feed's thread (the kiosk's own "now serving" tile follows it).
    """

    def __init__(
        self, feed: LocalFeed, listen: str | None, *, on_change: Callable[[Board], None] | None = None
    ) -> None:
        self.feed = feed
        self.address = parse_listen(listen) if listen else None
        self.on_change = on_change
        self._latest = _Latest()
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []

    @property
    def serving(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("not serving")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self.address[0] if self.address else ""
        shown = socket.gethostname() if host in ("0.0.0.0", "::") else host
        return f"http://{shown}:{self.port}"

    def start(self) -> None:
        if self.address is not None:
            self._server = _Server(self.address, self._latest)
        publisher = self

        class _Sink:
            def board(self, board: Board) -> None:
                publisher._latest.put(board)
                if publisher.on_change is not None:
                    publisher.on_change(board)

            def state(self, state: FeedState, detail: str) -> None:
                if detail:
                    log.warning("queue board: %s", detail)

        self._threads = [threading.Thread(target=self.feed.run, args=(_Sink(),), name="board-feed", daemon=True)]
        if self._server is not None:
            self._threads.append(
                threading.Thread(
                    target=self._server.serve_forever, kwargs={"poll_interval": 0.5}, name="board-http", daemon=True
                )
            )
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        self.feed.stop()
        with self._latest.cond:
            self._latest.closing = True
            self._latest.cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []


def start_publisher(
    db: Database,
    station: Station,
    listen: str,
    *,
    recent: int = 5,
    on_change: Callable[[Board], None] | None = None,
) -> BoardPublisher | None:
    """The board published at ``listen`` by this process and followed by ``on_change``.

    When ``listen`` is empty or its port is taken, the board is only followed (for ``on_change``),
    or None is returned when there is nothing to follow it for.
    """
    feed = LocalFeed(db, station, recent=recent)
    if listen:
        publisher = BoardPublisher(feed, listen, on_change=on_change)
        try:
            publisher.start()
        except OSError as exc:
            # Usually `kiosk run` and `kiosk desk` on one machine: the first one publishes for both.
            log.info("queue board not published at %s (%s); another process here may publish it", listen, exc)
        else:
            log.info("queue board published at %s", publisher.url)
            return publisher
    if on_change is None:
        return None
    follower = BoardPublisher(feed, None, on_change=on_change)
    follower.start()
    return follower
