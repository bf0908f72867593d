"""Helpers of the fault-injection suite: run ``kiosk`` in-process, snapshot what it may touch, break disks."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def message(self) -> str:
        """The one line said on stderr (the suite's rule: exactly one, and no traceback)."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{self.err}"
        assert "Traceback" not in self.err
        return lines[0]


def run(capsys: pytest.CaptureFixture[str], home: Path, *args: str) -> Run:
    capsys.readouterr()
    code = main(["--home", str(home), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return Run(code, captured.out, captured.err)


def settle(path: Path) -> None:
    """Fold a register's WAL into its file, so a snapshot of the bytes means what is stored."""
    if path.exists() and path.stat().st_size:
        with contextlib.suppress(sqlite3.DatabaseError), contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (but SQLite's -wal/-shm companions) by content and mode."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = f"{digest} {path.stat().st_mode:o}"
        elif path.is_dir():
            found[str(path.relative_to(folder)) + "/"] = f"{path.stat().st_mode:o}"
    return found


def can_mount() -> bool:
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as probe:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", probe], check=True)
    return True


@contextlib.contextmanager
def small_disk(size: str) -> Iterator[Path]:
    """A real file system of ``size`` (tmpfs), for a full disk and a read-only mount: root only (CI is root)."""
    if not can_mount():
        pytest.skip("needs root and mount(8) for a small or read-only file system")
    with tempfile.TemporaryDirectory() as mountpoint:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", mountpoint], check=True)
        try:
            yield Path(mountpoint)
        finally:
            subprocess.run(["umount", "-l", mountpoint], check=True)


def remount_read_only(mountpoint: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mountpoint)], check=True)


def fill(folder: Path, *, leave: int = 0) -> None:
    """Fill the file system of ``folder`` to the last byte, then give back ``leave`` bytes."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        block = 1 << 16
        while block:
            try:
                os.write(fd, b"\0" * block)
            except OSError:
                block //= 2
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
