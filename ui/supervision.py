"""The kiosk under systemd: READY=1 once the welcome screen is up, WATCHDOG=1 from the event loop, a clean SIGTERM.

The watchdog ping comes from a QTimer on the UI thread, so it stops when the event loop stops:
a hung UI thread is killed and restarted by systemd, a busy worker thread is not. The run
marker (kiosk/lastrun.py) turns an unclean previous exit into a staff alert.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import lastrun
from kiosk.config import Config
from kiosk.sdnotify import Notifier

if TYPE_CHECKING:
    from ui.app import Kiosk

log = logging.getLogger(__name__)


class Supervision(QObject):
    """Reports the kiosk's life to systemd (when run by it) and keeps the run marker."""

    def __init__(self, kiosk: Kiosk, config: Config, notifier: Notifier | None) -> None:
        super().__init__(kiosk.window)
        self.kiosk = kiosk
        self.home = config.home
        self.notifier = notifier
        self.ready_sent = False
        self._closed = False
        self._ping = QTimer(self)
        self._ping.timeout.connect(self._on_ping_timeout)
        self._signal_pipe: tuple[socket.socket, socket.socket] | None = None
        self._signal_notifier: QSocketNotifier | None = None
        self._old_wakeup_fd = -1
        self._old_handler: Callable[[int, FrameType | None], Any] | int | signal.Handlers | None = None

    def start(self, config: Config) -> None:
        try:
            previous = lastrun.begin_run(self.home)
        except OSError as exc:  # a read-only or full data directory: the kiosk still runs
            log.error("run marker not written in %s: %s", self.home, exc)
            previous = None
        if previous is not None:
            log.warning("the previous run did not end cleanly: %s", previous.log_line(config.zone))
            self.kiosk.window.raise_staff_alert(previous.alert(config.zone))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.aboutToQuit.connect(self.close)
        window = self.kiosk.window.windowHandle()
        if window is not None and window.isExposed():
            QTimer.singleShot(0, self._send_ready)
        else:
            self.kiosk.window.installEventFilter(self)
        if self.notifier is not None or self.kiosk.window.options.kiosk_mode:
            # `systemctl stop`, or `kiosk session stop` by hand: a clean exit, not a run cut short
            self._catch_sigterm()
        if self.notifier is not None:
            faulthandler.enable()  # a watchdog's SIGABRT leaves the hung thread's stack in the journal

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.kiosk.window and event.type() == QEvent.Type.Paint:
            self.kiosk.window.removeEventFilter(self)
            QTimer.singleShot(0, self._send_ready)  # after this first paint has reached the screen
        return False

    def _send_ready(self) -> None:
        if self.ready_sent or self._closed:
            return
        self.ready_sent = True
        if self.notifier is not None:
            self.notifier.ready(status=f"welcome screen shown ({self.kiosk.window.current})")
            if self.notifier.watchdog_enabled:
                self.notifier.watchdog()
                interval_ms = max(1, int(self.notifier.supervision.ping_interval_s * 1000))
                self._ping.start(interval_ms)
                log.info("systemd watchdog: a ping every %d ms", interval_ms)

    def _on_ping_timeout(self) -> None:
        if self.notifier is not None:
            self.notifier.watchdog()

    def _catch_sigterm(self) -> None:
        """SIGTERM quits the event loop (Python runs signal handlers only between bytecodes:
        the wakeup socket makes the event loop notice at once)."""
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        self._signal_pipe = (reader, writer)
        self._old_wakeup_fd = signal.set_wakeup_fd(writer.fileno())
        self._old_handler = signal.signal(signal.SIGTERM, self._on_sigterm)
        self._signal_notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, self)
        self._signal_notifier.activated.connect(self._on_signal_pipe_activated)
        # A window destroyed without the application quitting (tests, a rebuilt kiosk) must not
        # leave the process's SIGTERM pointing at a socket that is gone.
        self.kiosk.window.destroyed.connect(lambda *_: self._restore_signals())

    def _on_signal_pipe_activated(self) -> None:
        if self._signal_pipe is not None:
            with contextlib.suppress(BlockingIOError):
                self._signal_pipe[0].recv(64)

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        log.info("SIGTERM: the kiosk quits")
        app = QApplication.instance()
        if app is not None:
            app.exit(0)  # not quit(): Qt 6 lets a window veto quit(), and the locked kiosk window refuses to close

    def close(self) -> None:
        """The kiosk exits cleanly: tell systemd, remove the marker, restore the signal handling."""
        if self._closed:
            return
        self._closed = True
        self._ping.stop()
        if self.notifier is not None:
            self.notifier.stopping()
            self.notifier.close()
        try:
            lastrun.end_run(self.home)
        except OSError as exc:
            log.error("run marker not removed: %s", exc)
        if self._signal_notifier is not None:
            self._signal_notifier.setEnabled(False)
        self._restore_signals()

    def _restore_signals(self) -> None:
        """Give SIGTERM back as it was (Python-level state only: Qt's objects may be gone)."""
        if self._signal_pipe is None:
            return
        signal.signal(signal.SIGTERM, self._old_handler or signal.SIG_DFL)
        signal.set_wakeup_fd(self._old_wakeup_fd)
        for end in self._signal_pipe:
            end.close()
        self._signal_pipe = None


def install(kiosk: Kiosk, config: Config) -> Supervision:
    """Call once the kiosk's window is shown (ui/app.py ``start``)."""
    supervision = Supervision(kiosk, config, Notifier.from_environment(os.environ))
    supervision.start(config)
    return supervision
