"""Storage faults said in one line: a damaged register, a read-only folder, a full disk.

SQLite and the operating system report these as exceptions with terse texts
(``database disk image is malformed``, ``[Errno 28] No space left on device``); this module
turns each into a :class:`~kiosk.errors.KioskError` that names the file and says what to do.
"""

from __future__ import annotations

import errno
import getpass
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from kiosk.errors import KioskError, RegisterDamaged, StorageError, escape_control

RESTORE = (
    "restore the newest backup over it (packaging/README.md, 'When a kiosk's disk dies'), then run `kiosk sync --pull`"
)

_DAMAGED = (
    "database disk image is malformed",
    "file is not a database",
    "file is encrypted",
    "malformed database schema",
    "database corrupt",
    "no such table",  # a register whose tables are gone: emptied or not a kiosk register
)


def damaged(path: Path | str, why: str) -> RegisterDamaged:
    return RegisterDamaged(
        "register.damaged",
        "ฐานข้อมูลทะเบียนเสียหาย กรุณาติดต่อผู้ดูแลระบบ",
        f"the register {path} is damaged ({why}): nothing was changed; keep the file aside and {RESTORE}",
    )


def read_only(path: Path | str, why: str) -> StorageError:
    folder = Path(path).parent
    return StorageError(
        "storage.read_only",
        "บันทึกข้อมูลไม่ได้ (พื้นที่จัดเก็บเป็นแบบอ่านอย่างเดียว) กรุณาติดต่อผู้ดูแลระบบ",
        f"cannot write {path} ({why}): nothing was changed; make {folder} and its files writable by user "
        f"{_user()} (is the disk mounted read-only?), then run the command again",
    )


def disk_full(path: Path | str) -> StorageError:
    folder = Path(path).parent
    return StorageError(
        "storage.full",
        "พื้นที่จัดเก็บข้อมูลเต็ม กรุณาติดต่อผู้ดูแลระบบ",
        f"the disk holding {path} is full: nothing was changed; free space there (df -h {folder}) "
        "and run the command again",
    )


def missing_folder(register: Path) -> StorageError:
    return StorageError(
        "storage.missing",
        "ไม่พบที่เก็บข้อมูลของเครื่อง กรุณาติดต่อผู้ดูแลระบบ",
        f"cannot open the register {register}: its folder {register.parent} does not exist "
        "(is the data disk mounted? is --home or $KIOSK_HOME right?)",
    )


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def _nearly_full(folder: Path) -> bool:
    """Less free space than SQLite needs for a few pages (a 'disk I/O error' is then a full disk)."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def explain(exc: BaseException, *, register: Path | None) -> KioskError | None:
    """The one-line fault for ``exc``, or None when it is not a storage fault (a bug: let it show)."""
    if isinstance(exc, KioskError):
        return exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.Error):
        return _sqlite(exc, register)
    if isinstance(exc, OSError):
        return _os(exc, register)
    return None


def _sqlite(exc: sqlite3.Error, register: Path | None) -> KioskError | None:
    text = str(exc).strip()
    lowered = text.lower()
    where: Path | str = register if register is not None else "(the register)"
    if any(mark in lowered for mark in _DAMAGED):
        return damaged(where, text)
    if "readonly" in lowered or "read-only" in lowered:
        return read_only(where, text)
    if "disk is full" in lowered or getattr(exc, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
        return disk_full(where)
    if "unable to open database file" in lowered:
        if register is not None and not register.parent.exists():
            return missing_folder(register)
        if register is not None and not _writable(register.parent):
            return read_only(where, f"{text}; the folder is not writable")
        return read_only(where, text)
    if "disk i/o error" in lowered:
        if register is not None and _nearly_full(register.parent):  # SQLite says ENOSPC on its WAL this way
            return disk_full(where)
        return StorageError(
            "storage.io",
            "อ่านหรือเขียนข้อมูลไม่ได้ กรุณาติดต่อผู้ดูแลระบบ",
            f"the disk failed reading or writing {where} ({text}): nothing was changed; check the disk "
            "(journalctl -k) before running again",
        )
    if "database is locked" in lowered or "database is busy" in lowered:
        return KioskError(
            "register.busy",
            "ระบบกำลังบันทึกข้อมูลอื่นอยู่ กรุณาลองใหม่",
            f"the register {where} stayed busy for more than 10 s (another program holds its writer): "
            "nothing was changed; run the command again",
        )
    return None


def _os(exc: OSError, register: Path | None) -> KioskError | None:
    if (
        exc.errno in (errno.ENOENT, errno.ENOTDIR)
        and register is not None
        and isinstance(exc.filename, str | bytes)
        and Path(os.fsdecode(exc.filename)) in register.parents
        and not register.parent.is_dir()
    ):
        return missing_folder(register)  # the register's folder cannot be made: a data disk not mounted
    path: Path | str = exc.filename if exc.filename else (register or "(a file)")
    path = escape_control(str(path), limit=300)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return disk_full(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only(path, exc.strerror or "permission denied")
    if exc.errno == errno.EISDIR:
        return KioskError("file.directory", "ไฟล์ไม่ถูกต้อง", f"{path} is a directory, not a file: give the path of a file")
    if exc.errno == errno.ENOTDIR:
        return KioskError(
            "file.not_directory", "ไฟล์ไม่ถูกต้อง", f"a part of {path} is a file, not a directory: check the path"
        )
    if exc.errno == errno.ENOENT:
        return KioskError("file.missing", "ไม่พบไฟล์", f"no such file or directory: {path}")
    if exc.errno == errno.EIO:
        return StorageError(
            "storage.io",
            "อ่านหรือเขียนข้อมูลไม่ได้ กรุณาติดต่อผู้ดูแลระบบ",
            f"the disk failed reading or writing {path}: check the disk (journalctl -k) before running again",
        )
    return None
