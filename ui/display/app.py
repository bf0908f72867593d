"""``kiosk display``: the board window fed from the register here or from the kiosk machine's board.

The feed runs on a thread of its own and hands each board to the window through a queued
signal; new calls and recalls are announced (chime, then the number in Thai) by a
:class:`kiosk.announce.Announcer` on its own thread. Nothing here blocks the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from kiosk.announce import Announcement, AnnounceOptions, Announcer
from kiosk.board import Board, BoardCall, Feed, FeedState, LocalFeed, RemoteFeed
from kiosk.config import Config
from ui.display.window import BoardWindow

log = logging.getLogger(__name__)

ANNOUNCE_WITHIN = dt.timedelta(seconds=60)  # after a lost link, calls older than this are shown, not said


class FeedBridge(QObject):
    """Runs a feed on its thread; its boards and states arrive on the main thread as signals.

    Signals:
        board_arrived(Board): a new board.
        state_changed(str, str): a FeedState value and a detail for staff.
    """

    board_arrived = Signal(object)
    state_changed = Signal(str, str)

    def __init__(self, feed: Feed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._thread = threading.Thread(target=self.feed.run, args=(self,), name="board-feed", daemon=True)

    # BoardSink, called on the feed's thread: Qt queues the signals to this object's thread.
    def board(self, board: Board) -> None:
        self.board_arrived.emit(board)

    def state(self, state: FeedState, detail: str) -> None:
        self.state_changed.emit(state.value, detail)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.feed.stop()
        self._thread.join(timeout=5)


class CallWatcher:
    """Which calls of each board are new, for the chime and the voice: never the ones already there at start."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._seen: int | None = None
        self._clock = clock

    def new_calls(self, board: Board) -> list[BoardCall]:
        if self._seen is None:  # the first board: what was called before the display started is not said again
            self._seen = board.last_seq
            return []
        fresh = board.new_calls(self._seen)
        self._seen = max(self._seen, board.last_seq)
        now = self._clock()
        return [c for c in fresh if now - c.at <= ANNOUNCE_WITHIN]


class Display(QObject):
    """The window, its feed and its announcer, to be started and closed together.

    Boards reach ``_on_bridge_board`` on the main thread (queued from the feed's thread).
    """

    _sound_problem = Signal(str)

    def __init__(
        self,
        window: BoardWindow,
        bridge: FeedBridge,
        announcer: Announcer | None,
        watcher: CallWatcher,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.announcer = announcer
        self.watcher = watcher
        queued = Qt.ConnectionType.QueuedConnection
        bridge.board_arrived.connect(self._on_bridge_board, queued)
        bridge.state_changed.connect(self._on_bridge_state, queued)
        self._sound_problem.connect(self._on_sound_problem, queued)

    def report_sound_problem(self, text: str) -> None:
        """Any thread: a note about the sound for staff."""
        self._sound_problem.emit(text)

    def _on_bridge_board(self, board: Board) -> None:
        fresh = self.watcher.new_calls(board)
        self.window.show_board(board)
        if fresh:
            self.window.flash()
        if self.announcer is not None:
            for call in fresh:
                self.announcer.announce(Announcement(ticket=call.ticket, desk=call.desk))

    def _on_bridge_state(self, state: str, detail: str) -> None:
        self.window.set_state(FeedState(state), detail)

    def _on_sound_problem(self, text: str) -> None:
        self.window.set_sound_note(text)

    def start(self) -> None:
        self.bridge.start()

    def close(self) -> None:
        self.bridge.stop()
        if self.announcer is not None:
            self.announcer.close()


def feed_for(config: Config, url: str | None) -> Feed:
    """The board of ``url`` (or display.url) over the network, else the register of this machine."""
    target = url if url is not None else config.display.url
    if target:
        return RemoteFeed(target)
    from kiosk.db import Database
    from kiosk.station import Station

    return LocalFeed(Database(config.db_url), Station.from_config(config), recent=config.display.recent)


def announce_options(config: Config, *, sound: bool = True) -> AnnounceOptions:
    a = config.announce
    return AnnounceOptions(
        chime=a.chime and sound,
        voice=a.voice and sound,
        volume=a.volume,
        phrase=a.phrase,
        player=a.player if sound else "none",
    )


def build(
    config: Config,
    feed: Feed,
    *,
    sound: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    announcer: Announcer | None = None,
) -> Display:
    """The window wired to ``feed`` and the announcer; nothing started or shown yet."""
    now = clock or (lambda: dt.datetime.now(dt.UTC))
    window = BoardWindow(zone=config.zone, english=config.display.english, recent=config.display.recent, clock=clock)
    window.set_centre(config.station.centre_name, config.station.district)
    options = announce_options(config, sound=sound)
    display = Display(window, FeedBridge(feed, window), None, CallWatcher(now))
    if announcer is None and (options.chime or options.voice):
        announcer = Announcer(options, on_problem=display.report_sound_problem)
    display.announcer = announcer
    return display


def pick_screen(index: int) -> QScreen | None:
    screens = QGuiApplication.screens()
    if not screens:
        return None
    return screens[index] if -len(screens) <= index < len(screens) else screens[-1]


def run(
    config: Config, *, url: str | None = None, windowed: bool = False, screen: int | None = None, sound: bool = True
) -> int:
    """Show the display until it is closed (Ctrl+Q / Esc in a window; the session ends it fullscreen)."""
    from PySide6.QtGui import QKeySequence, QShortcut

    from ui import app as kiosk_app

    qapp = kiosk_app.application()
    display = build(config, feed_for(config, url), sound=sound)
    window = display.window
    target = pick_screen(config.display.screen if screen is None else screen)
    if windowed:
        window.resize(1280, 720)
        window.show()
        QShortcut(QKeySequence("Esc"), window, window.close)
    else:
        if target is not None:
            window.setGeometry(target.geometry())
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    QShortcut(QKeySequence("Ctrl+Q"), window, window.close)
    display.start()
    try:
        return qapp.exec()
    finally:
        display.close()
