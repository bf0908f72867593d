"""The systemd units shipped for the nightly sync run a command the CLI accepts."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from kiosk.cli import build_parser

UNITS = Path(__file__).resolve().parents[3] / "packaging" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def test_the_service_runs_kiosk_sync_if_due() -> None:
    service = unit("kiosk-sync.service")
    command = shlex.split(service["Service"]["ExecStart"])
    assert command[0].endswith("/bin/kiosk")
    args = build_parser().parse_args(command[1:])
    assert args.command == "sync" and args.if_due and not args.dry_run
    assert service["Service"]["Type"] == "oneshot"
    assert "network-online.target" in service["Unit"]["After"]


def test_the_timer_wakes_the_service_often_enough_to_retry_and_catch_up() -> None:
    timer = unit("kiosk-sync.timer")
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:00/15:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
