"""The kiosk's refusals: a stable code, a Thai sentence for the screen, a precise English one for the log and CLI.

Each kind of refusal carries the exit code the ``kiosk`` command ends with (README, "Exit codes"):

====  ==============================================================================
0     done
1     refused or failed: bad input, a hub that would not take the sync; nothing changed
2     configuration: ``kiosk.toml``, an option or a URL is wrong
3     the register is damaged, empty or at another schema revision
4     storage: the data directory is read-only, the disk is full, a file cannot be written
130   interrupted (Ctrl-C)
====  ==============================================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_REGISTER = 3
EXIT_STORAGE = 4
EXIT_INTERRUPTED = 130


class KioskError(Exception):
    """Something asked of the kiosk that it cannot do. ``str()`` is the English message.

    ``exit_code`` is what a ``kiosk`` command ends with when it meets this refusal (the table above).
    """

    exit_code = EXIT_FAILED

    def __init__(self, code: str, th: str, en: str) -> None:
        self.code = code
        self.th = th
        self.en = en
        super().__init__(en)

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled with its three parts (an export rendered in a child process sends its refusal back).
        return (type(self), (self.code, self.th, self.en), self.__dict__)


class RegisterDamaged(KioskError):
    """The register file is not a usable SQLite database (corrupted, truncated, emptied)."""

    exit_code = EXIT_REGISTER


class StorageError(KioskError):
    """A file the kiosk must write cannot be written: read-only directory, full disk, no permission."""

    exit_code = EXIT_STORAGE


UNEXPECTED_TH = "ทำรายการไม่สำเร็จเพราะระบบขัดข้อง กรุณาลองใหม่ หรือแจ้งผู้ดูแลระบบ (รายละเอียดอยู่ในบันทึกของระบบ)"


def thai_message(error: BaseException) -> str:
    """What a screen says of ``error``: its Thai sentence, or a Thai "something went wrong" for an error
    that has none (its English and its type belong in the log, not on a screen)."""
    th = getattr(error, "th", "")
    return th if isinstance(th, str) and th else UNEXPECTED_TH


def escape_control(text: str, *, limit: int = 80) -> str:
    """``text`` safe to print on a terminal: control characters (NUL, ESC, …) as ``\\x00``, cut at ``limit``."""
    out = []
    for char in text[:limit]:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or char in "\u2028\u2029\ufeff":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > limit else "")


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written. (Here rather than in :mod:`kiosk.exports`
    so the command frame can catch it without importing the exports.)"""
