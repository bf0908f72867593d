"""The run marker and systemd's stop record: which restarts the staff hear about."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import lastrun
from kiosk.cli import main

BANGKOK = ZoneInfo("Asia/Bangkok")
T0 = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)


def test_a_clean_exit_leaves_nothing_to_report(tmp_path: Path) -> None:
    assert lastrun.begin_run(tmp_path, now=T0) is None
    marker = tmp_path / lastrun.RUN_MARKER
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert json.loads(marker.read_text())["pid"] == os.getpid()
    lastrun.end_run(tmp_path)
    assert not marker.exists()
    assert lastrun.begin_run(tmp_path, now=T0) is None


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_watchdog_kill_recorded_by_systemd_becomes_the_staff_alert(tmp_path: Path) -> None:
    lastrun.begin_run(tmp_path, pid=_dead_pid(), now=T0)  # the run the watchdog killed
    lastrun.record_service_exit(
        tmp_path,
        {"SERVICE_RESULT": "watchdog", "EXIT_CODE": "dumped", "EXIT_STATUS": "ABRT"},
        now=T0 + dt.timedelta(hours=1),
    )
    previous = lastrun.begin_run(tmp_path, now=T0 + dt.timedelta(hours=1, seconds=3))
    assert previous is not None and previous.cause == "watchdog"
    assert previous.alert(BANGKOK) == "ตู้เริ่มใหม่: หน้าจอค้างจนระบบต้องเริ่มตู้ใหม่ (รอบที่เริ่มเมื่อ 02/12 10:00)"
    assert previous.log_line(BANGKOK) == (
        "the screen stopped responding and the watchdog restarted the kiosk (run started 02/12 10:00); "
        "journalctl -b -u kiosk-session"
    )


def test_a_crash_is_told_even_though_cage_exits_0(tmp_path: Path) -> None:
    lastrun.begin_run(tmp_path, pid=_dead_pid(), now=T0)
    # cage's exit status, whatever its client did: systemd calls the run a success
    lastrun.record_service_exit(
        tmp_path, {"SERVICE_RESULT": "success", "EXIT_CODE": "exited", "EXIT_STATUS": "0"}, now=T0 + dt.timedelta(1)
    )
    previous = lastrun.begin_run(tmp_path, now=T0 + dt.timedelta(1))
    assert previous is not None and previous.cause == "crash"
    assert "โปรแกรมหยุดทำงานผิดปกติ" in previous.alert(BANGKOK)


def test_a_marker_from_another_boot_without_a_stop_record_is_a_power_cut(tmp_path: Path) -> None:
    (tmp_path / lastrun.RUN_MARKER).write_text(
        json.dumps({"pid": 1, "boot_id": "an-older-boot", "started": T0.isoformat()})
    )
    old = lastrun.record_service_exit(tmp_path, {"SERVICE_RESULT": "watchdog"}, now=T0 - dt.timedelta(days=3))
    assert old.result == "watchdog"  # a stop before that run: not its cause
    previous = lastrun.begin_run(tmp_path, now=T0 + dt.timedelta(days=1))
    assert previous is not None and previous.cause == "power"
    assert previous.service_exit is None


def test_a_kiosk_still_running_on_the_same_data_is_not_an_unclean_exit(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lastrun.begin_run(tmp_path, pid=sleeper.pid, now=T0)
        assert lastrun.begin_run(tmp_path, now=T0) is None
    finally:
        sleeper.kill()
        sleeper.wait()


def test_end_run_leaves_another_process_s_marker(tmp_path: Path) -> None:
    lastrun.begin_run(tmp_path, pid=1, now=T0)
    lastrun.end_run(tmp_path)
    assert (tmp_path / lastrun.RUN_MARKER).exists()


def test_kiosk_session_exited_records_what_systemd_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SERVICE_RESULT", "watchdog")
    monkeypatch.setenv("EXIT_CODE", "dumped")
    monkeypatch.setenv("EXIT_STATUS", "ABRT")
    assert main(["--home", str(tmp_path), "session", "exited"]) == 0
    assert capsys.readouterr().out == "kiosk session exited: watchdog (dumped ABRT)\n"
    record = lastrun.read_service_exit(tmp_path)
    assert record is not None and (record.result, record.exit_code, record.exit_status) == (
        "watchdog",
        "dumped",
        "ABRT",
    )
    assert not (tmp_path / "kiosk.toml").exists()  # a stopping unit writes no default configuration


def test_kiosk_session_stop_ends_the_running_kiosk_with_sigterm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stand-in whose command line names the kiosk and which exits on SIGTERM, as `kiosk run` does.
    script = tmp_path / "kiosk-standin.py"
    script.write_text(
        "import signal, sys, time\nsignal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n"
        "print('ready', flush=True)\ntime.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    try:
        lastrun.begin_run(tmp_path, pid=child.pid, now=T0)
        assert main(["--home", str(tmp_path), "session", "stop", "--timeout", "20"]) == 0
        assert capsys.readouterr().out == f"kiosk session stop: kiosk {child.pid} exited\n"
        assert child.wait(timeout=5) == 0
        assert main(["--home", str(tmp_path), "session", "stop"]) == 0
        assert capsys.readouterr().out == "kiosk session stop: no kiosk running\n"
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
