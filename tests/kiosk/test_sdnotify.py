"""The sd_notify datagrams, sent to a real unix datagram socket as systemd's would be."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sdnotify import Notifier, Supervision, supervision_from


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(5)
    yield sock, str(path)
    sock.close()


def test_ready_watchdog_status_and_stopping_arrive_as_systemd_reads_them(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    notifier = Notifier.from_environment({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000"})
    assert notifier is not None and notifier.watchdog_enabled
    assert notifier.supervision.ping_interval_s == 15.0
    assert notifier.ready(status="welcome screen shown")
    assert sock.recv(4096) == b"READY=1\nSTATUS=welcome screen shown"
    notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"
    notifier.status("ลงทะเบียนแล้ว")
    assert sock.recv(4096) == "STATUS=ลงทะเบียนแล้ว".encode()
    notifier.stopping()
    assert sock.recv(4096) == b"STOPPING=1"
    notifier.close()


def test_an_abstract_socket_name_starting_with_at_is_reached() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(b"\0" + name.encode())
    sock.settimeout(5)
    try:
        notifier = Notifier.from_environment({"NOTIFY_SOCKET": f"@{name}"})
        assert notifier is not None
        assert notifier.ready()
        assert sock.recv(4096) == b"READY=1"
        notifier.close()
    finally:
        sock.close()


def test_no_socket_means_not_supervised_and_a_bad_one_is_ignored() -> None:
    assert supervision_from({}) is None
    assert supervision_from({"NOTIFY_SOCKET": "relative/name"}) is None


def test_the_watchdog_belongs_to_the_process_watchdog_pid_names() -> None:
    env = {"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "4242"}
    assert supervision_from(env, pid=4242) == Supervision("/run/x", 2_000_000)
    assert supervision_from(env, pid=4243) == Supervision("/run/x", 0)  # cage's child, when the pid is cage's
    without_pid = {"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "2000000"}
    assert supervision_from(without_pid) == Supervision("/run/x", 2_000_000)
    assert supervision_from({**without_pid, "WATCHDOG_PID": str(os.getpid())}) == Supervision("/run/x", 2_000_000)
    assert supervision_from({**without_pid, "WATCHDOG_USEC": "soon"}) == Supervision("/run/x", 0)


def test_a_socket_nobody_listens_on_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier(Supervision(str(tmp_path / "gone")))
    assert not notifier.ready()
    assert "not sent" in caplog.text
    notifier.close()
