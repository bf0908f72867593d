"""``kiosk session``: what the kiosk's systemd unit runs around ``kiosk run`` (stop it cleanly, record how it ended)."""

from __future__ import annotations

import argparse
import os
import signal
import time
from pathlib import Path
from typing import Any

from kiosk.config import default_home
from kiosk.lastrun import boot_id, pid_alive, read_marker, record_service_exit


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "session", help="used by the kiosk's systemd unit (packaging/systemd/kiosk-session.service)"
    )
    sub = parser.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    stop = sub.add_parser(
        "stop",
        help="ask the running kiosk to exit cleanly (SIGTERM) and wait for it (the unit's ExecStop=)",
        description="cage, the compositor around the kiosk, aborts on SIGTERM (cage-kiosk/cage#339): the unit "
        "stops the kiosk first, and cage ends by itself when its only client has gone.",
    )
    stop.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default 10)")
    stop.set_defaults(func=_stop)
    exited = sub.add_parser(
        "exited",
        help="record systemd's $SERVICE_RESULT/$EXIT_CODE/$EXIT_STATUS for the staff alert (the unit's ExecStopPost=)",
    )
    exited.set_defaults(func=_exited)


def _home(args: argparse.Namespace) -> Path:
    # Not load_config(): these run while the kiosk stops and must not write a default kiosk.toml.
    return Path(args.home) if getattr(args, "home", None) else default_home()


def _is_kiosk(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"kiosk" in cmdline


def _stop(args: argparse.Namespace) -> int:
    marker = read_marker(_home(args))
    if marker is None or not marker.pid or marker.boot_id != boot_id() or not pid_alive(marker.pid):
        print("kiosk session stop: no kiosk running")
        return 0
    if not _is_kiosk(marker.pid):
        print(f"kiosk session stop: process {marker.pid} is not a kiosk; left alone")
        return 0
    try:
        os.kill(marker.pid, signal.SIGTERM)
    except ProcessLookupError:
        return 0
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if not pid_alive(marker.pid):
            print(f"kiosk session stop: kiosk {marker.pid} exited")
            return 0
        time.sleep(0.1)
    print(f"kiosk session stop: kiosk {marker.pid} still running after {args.timeout:g} s; systemd will end it")
    return 0


def _exited(args: argparse.Namespace) -> int:
    record = record_service_exit(_home(args), os.environ)
    print(f"kiosk session exited: {record.result} ({record.exit_code} {record.exit_status})")
    return 0
