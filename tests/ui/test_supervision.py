"""The kiosk speaks systemd's notify protocol to a real NOTIFY_SOCKET: ready once the welcome screen
shows, watchdog pings from the event loop (none while it is blocked), stopping on exit."""

from __future__ import annotations

import itertools
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import lastrun
from kiosk.config import config_from_dict
from ui import app
from ui.supervision import Supervision, install


class NotifySocket:
    """systemd's end: a bound datagram socket; a thread stamps every message as it arrives."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.2)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def received(self, text: str) -> list[float]:
        return [at for at, message in list(self.messages) if text in message.split("\n")]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifySocket]:
    path = tmp_path / "notify"
    listener = NotifySocket(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "400000")  # WatchdogSec=0.4: a ping every 0.2 s
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield listener
    listener.close()


def test_ready_after_the_welcome_screen_then_pings_that_stop_while_the_event_loop_is_blocked(
    qtbot: QtBot, notify_socket: NotifySocket, tmp_path: Path
) -> None:
    config = config_from_dict({}, home=tmp_path)
    kiosk = app.build(config, kiosk_mode=False, keyboard=False, size=(1280, 720))
    supervision = install(kiosk, config)
    try:
        QApplication.processEvents()
        time.sleep(0.3)
        assert notify_socket.messages == []  # not shown yet: not ready, and no ping before READY
        kiosk.window.show()
        qtbot.waitUntil(lambda: bool(notify_socket.received("READY=1")), timeout=5000)
        assert kiosk.window.current == "welcome" and kiosk.window.isVisible()
        _first, text = notify_socket.messages[0]
        assert text == "READY=1\nSTATUS=welcome screen shown (welcome)"

        qtbot.waitUntil(lambda: len(notify_socket.received("WATCHDOG=1")) >= 4, timeout=5000)
        pings = notify_socket.received("WATCHDOG=1")
        gaps = [b - a for a, b in itertools.pairwise(pings)]
        assert min(gaps) > 0.12, gaps  # every 0.2 s (the first comes with READY)

        blocked_from = time.monotonic()
        time.sleep(1.2)  # the UI thread hangs: three timeouts' worth
        blocked_until = time.monotonic()
        QApplication.processEvents()
        time.sleep(0.05)  # the receiving thread stamps what was sent at the unblock
        during = [at for at in notify_socket.received("WATCHDOG=1") if blocked_from + 0.05 < at < blocked_until]
        assert during == []
        count = len(notify_socket.received("WATCHDOG=1"))
        qtbot.waitUntil(lambda: len(notify_socket.received("WATCHDOG=1")) >= count + 2, timeout=5000)

        assert (tmp_path / lastrun.RUN_MARKER).exists()
        supervision.close()  # what QApplication.aboutToQuit does
        qtbot.waitUntil(lambda: bool(notify_socket.received("STOPPING=1")), timeout=5000)
        assert not (tmp_path / lastrun.RUN_MARKER).exists()
        stopped = notify_socket.received("STOPPING=1")[0]
        time.sleep(0.5)
        QApplication.processEvents()
        assert [at for at in notify_socket.received("WATCHDOG=1") if at > stopped] == []
    finally:
        supervision.close()
        kiosk.window.unlock()
        kiosk.window.close()
        kiosk.shutdown()


def test_without_systemd_nothing_is_sent_but_an_unclean_last_run_reaches_the_staff_banner(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    (tmp_path / lastrun.RUN_MARKER).write_text(
        '{"pid": 1, "boot_id": "another boot", "started": "2026-12-02T03:00:00+00:00"}'
    )
    config = config_from_dict({}, home=tmp_path)
    kiosk = app.build(config, kiosk_mode=False, keyboard=False, size=(1280, 720))
    kiosk.window.show()
    supervision = install(kiosk, config)
    try:
        assert supervision.notifier is None
        assert kiosk.window.banner.isVisible()
        assert kiosk.window.staff_alert_text.startswith(
            "ตู้เริ่มใหม่: เครื่องถูกปิดโดยไม่ได้ปิดระบบ (ไฟดับหรือกดปิดเครื่อง) (รอบที่เริ่มเมื่อ 02/12 10:00)"
        )
        assert kiosk.window.findChild(Supervision) is supervision
        supervision.close()
        assert not (tmp_path / lastrun.RUN_MARKER).exists()
    finally:
        supervision.close()
        kiosk.window.unlock()
        kiosk.window.close()
        kiosk.shutdown()


def test_sigterm_ends_the_event_loop_of_a_locked_kiosk_cleanly(
    qtbot: QtBot, notify_socket: NotifySocket, tmp_path: Path
) -> None:
    """systemctl stop (the unit's ExecStop sends SIGTERM): the locked window refuses to close, and must
    not keep the kiosk running; the exit is clean (STOPPING=1, no marker left)."""
    config = config_from_dict({}, home=tmp_path)
    kiosk = app.build(config, kiosk_mode=True, keyboard=False, size=(1280, 720))
    kiosk.window.show()
    supervision = install(kiosk, config)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    try:
        qtbot.waitUntil(lambda: bool(notify_socket.received("READY=1")), timeout=5000)
        QTimer.singleShot(100, lambda: os.kill(os.getpid(), signal.SIGTERM))
        QTimer.singleShot(10_000, lambda: qapp.exit(3))  # only if SIGTERM failed to end the loop
        assert qapp.exec() == 0
        assert kiosk.window.isVisible()  # the window never agreed to close: the loop was ended
        qtbot.waitUntil(lambda: bool(notify_socket.received("STOPPING=1")), timeout=5000)
        assert not (tmp_path / lastrun.RUN_MARKER).exists()
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the process's handling is given back
    finally:
        supervision.close()
        kiosk.window.unlock()
        kiosk.window.close()
        kiosk.shutdown()
