"""How the kiosk's previous run ended: a marker while it runs, systemd's verdict when it stopped.

``kiosk run`` writes ``kiosk.running`` into the data directory at start and removes it when it
exits cleanly. A marker still there at the next start means the last run never got to exit:
a crash, a hang the watchdog killed, or the power going off. The kiosk's unit records systemd's
own verdict (``$SERVICE_RESULT``, ``$EXIT_CODE``, ``$EXIT_STATUS``, see systemd.exec(5)) with
``kiosk session exited`` after every stop, which names the cause; cage, the compositor between
systemd and the kiosk, exits 0 whatever its client did, so the marker is what tells a crash.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)

RUN_MARKER = "kiosk.running"
LAST_EXIT = "kiosk.last-exit.json"
BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


@dataclass(frozen=True)
class RunMarker:
    pid: int
    boot_id: str
    started: dt.datetime


@dataclass(frozen=True)
class ServiceExit:
    """systemd's words for how the unit's last run ended (systemd.exec(5), "Environment variables")."""

    result: str  # success, exit-code, signal, core-dump, watchdog, timeout, start-limit-hit, …
    exit_code: str  # exited, killed, dumped
    exit_status: str  # a number, or a signal name
    at: dt.datetime


@dataclass(frozen=True)
class PreviousRun:
    """An unclean end of the previous run, as the staff should hear of it."""

    marker: RunMarker
    service_exit: ServiceExit | None  # systemd's record, when it stopped the run we are told about
    same_boot: bool

    @property
    def cause(self) -> str:
        """``watchdog``, ``crash`` or ``power`` (the machine went off without shutting down)."""
        if self.service_exit is not None and self.service_exit.result == "watchdog":
            return "watchdog"
        if self.service_exit is None and not self.same_boot:
            return "power"
        return "crash"

    def alert(self, zone: ZoneInfo) -> str:
        """The staff's line, in Thai: what happened and when (:meth:`log_line` is the technician's)."""
        th = {
            "watchdog": "หน้าจอค้างจนระบบต้องเริ่มตู้ใหม่",
            "power": "เครื่องถูกปิดโดยไม่ได้ปิดระบบ (ไฟดับหรือกดปิดเครื่อง)",
        }.get(self.cause, "โปรแกรมหยุดทำงานผิดปกติและเริ่มใหม่เอง")
        return f"ตู้เริ่มใหม่: {th} (รอบที่เริ่มเมื่อ {self._when(zone)})"

    def log_line(self, zone: ZoneInfo) -> str:
        """What happened, in English, and where to look: for the log."""
        if self.cause == "watchdog":
            en = "the screen stopped responding and the watchdog restarted the kiosk"
        elif self.cause == "power":
            en = "the machine went off without shutting down (power cut or power button)"
        else:
            en = "the kiosk stopped unexpectedly and was restarted"
            if self.service_exit is not None and self.service_exit.result != "success":
                en += f" ({self.service_exit.result}: {self.service_exit.exit_code} {self.service_exit.exit_status})"
        return f"{en} (run started {self._when(zone)}); journalctl -b -u kiosk-session"

    def _when(self, zone: ZoneInfo) -> str:
        return self.marker.started.astimezone(zone).strftime("%d/%m %H:%M")


def boot_id() -> str:
    try:
        return BOOT_ID.read_text(encoding="ascii").strip()
    except OSError:
        return ""


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (a zombie waiting for its parent has)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc: trust kill()
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the kiosk's user only."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    partial.replace(path)


def read_marker(home: Path) -> RunMarker | None:
    try:
        data = json.loads((home / RUN_MARKER).read_text(encoding="utf-8"))
        return RunMarker(int(data["pid"]), str(data["boot_id"]), dt.datetime.fromisoformat(data["started"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("run marker unreadable, taken as an unclean exit: %s", exc)
        return RunMarker(0, "", dt.datetime.fromtimestamp(0, dt.UTC))


def read_service_exit(home: Path) -> ServiceExit | None:
    try:
        data = json.loads((home / LAST_EXIT).read_text(encoding="utf-8"))
        return ServiceExit(
            str(data["result"]), str(data["exit_code"]), str(data["exit_status"]), dt.datetime.fromisoformat(data["at"])
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s unreadable: %s", home / LAST_EXIT, exc)
        return None


def begin_run(home: Path, *, pid: int | None = None, now: dt.datetime | None = None) -> PreviousRun | None:
    """Mark this run as started; return the previous run when it did not end cleanly."""
    pid = os.getpid() if pid is None else pid
    boot = boot_id()
    previous = read_marker(home)
    found: PreviousRun | None = None
    if previous is not None and previous.pid != pid:
        if previous.boot_id == boot and previous.pid and pid_alive(previous.pid):
            log.warning("another kiosk (pid %s) runs on this data directory", previous.pid)
        else:
            record = read_service_exit(home)
            if record is not None and record.at < previous.started:
                record = None  # an older run's stop
            found = PreviousRun(previous, record, same_boot=bool(boot) and previous.boot_id == boot)
    started = now or dt.datetime.now(dt.UTC)
    _write_private(home / RUN_MARKER, json.dumps({"pid": pid, "boot_id": boot, "started": started.isoformat()}) + "\n")
    return found


def end_run(home: Path, *, pid: int | None = None) -> None:
    """This run ends cleanly: remove its marker (not another process's)."""
    marker = read_marker(home)
    if marker is not None and marker.pid == (os.getpid() if pid is None else pid):
        (home / RUN_MARKER).unlink(missing_ok=True)


def record_service_exit(home: Path, env: Mapping[str, str], *, now: dt.datetime | None = None) -> ServiceExit:
    """Keep systemd's verdict on the run that just stopped (called by the unit's ExecStopPost=)."""
    record = ServiceExit(
        env.get("SERVICE_RESULT", "unknown"),
        env.get("EXIT_CODE", ""),
        env.get("EXIT_STATUS", ""),
        now or dt.datetime.now(dt.UTC),
    )
    _write_private(
        home / LAST_EXIT,
        json.dumps(
            {
                "result": record.result,
                "exit_code": record.exit_code,
                "exit_status": record.exit_status,
                "at": record.at.isoformat(),
            }
        )
        + "\n",
    )
    return record
