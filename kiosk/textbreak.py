"""Thai word boundaries from the system's libthai, for breaking lines only between words.

Thai is written without spaces between words, and reportlab breaks such text anywhere,
which splits words and can lose a shaped tone mark. libthai (Debian ``libthai0``, with its
dictionary in ``libthai-data``) knows where the words are; it is loaded through ctypes so
no compiled extension is needed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator
from functools import lru_cache

ZWSP = "\u200b"

_THAI_FIRST = 0x0E01
_THAI_LAST = 0x0E5B
_NO_LINE_START = frozenset("ๆฯ")


class ThaiBreakError(RuntimeError):
    """libthai is missing or cannot open its dictionary."""


class _LibThai:
    def __init__(self) -> None:
        name = ctypes.util.find_library("thai") or "libthai.so.0"
        try:
            lib = ctypes.CDLL(name)
        except OSError as exc:
            raise ThaiBreakError(
                f"cannot load libthai ({name}): install the Debian package libthai0 (and libthai-data)"
            ) from exc
        lib.th_brk_new.restype = ctypes.c_void_p
        lib.th_brk_new.argtypes = [ctypes.c_char_p]
        lib.th_brk_delete.restype = None
        lib.th_brk_delete.argtypes = [ctypes.c_void_p]
        lib.th_brk_find_breaks.restype = ctypes.c_int
        lib.th_brk_find_breaks.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_size_t,
        ]
        brk = lib.th_brk_new(None)  # NULL: the default dictionary of libthai-data
        if not brk:
            raise ThaiBreakError("libthai could not open its word-break dictionary: install libthai-data")
        self._lib = lib
        self._brk = brk
        # One ThBrk object is not safe to share between threads; exports may run on a worker.
        self._lock = threading.Lock()

    def breaks(self, text: str) -> list[int]:
        """Offsets in ``text`` where a line may break (TIS-620 is one byte per character)."""
        # Characters outside TIS-620 become "?" one for one, so byte offsets stay character offsets.
        data = text.encode("cp874", errors="replace")
        size = len(data) + 1
        positions = (ctypes.c_int * size)()
        with self._lock:
            count = self._lib.th_brk_find_breaks(self._brk, data, positions, size)
        return [positions[i] for i in range(max(count, 0))]


_instance: _LibThai | None = None
_instance_lock = threading.Lock()


def _libthai() -> _LibThai:
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = _LibThai()
        return _instance


def has_thai(text: str) -> bool:
    return any(_THAI_FIRST <= ord(ch) <= _THAI_LAST for ch in text)


@lru_cache(maxsize=4096)
def _thai_run_breaks(run: str) -> tuple[int, ...]:
    return tuple(_libthai().breaks(run))


def _runs(text: str) -> Iterator[tuple[bool, str]]:
    """Consecutive pieces of ``text`` that are Thai letters or not."""
    start = 0
    current: bool | None = None
    for i, ch in enumerate(text):
        thai = _THAI_FIRST <= ord(ch) <= _THAI_LAST
        if current is None:
            current = thai
        elif thai != current:
            yield current, text[start:i]
            start, current = i, thai
    if current is not None:
        yield current, text[start:]


def word_breaks(text: str) -> list[int]:
    """Every offset of ``text`` (0 < offset < len) where a line may break: between Thai words
    (found by libthai) and after white space."""
    offsets: set[int] = set()
    position = 0
    for thai, run in _runs(text):
        if thai:
            offsets.update(position + b for b in _thai_run_breaks(run))
        position += len(run)
        # between Thai and other text ("ThaID (บัตร") break only after a space
        if 0 < position < len(text) and text[position - 1].isspace():
            offsets.add(position)
    for i, ch in enumerate(text):
        if ch.isspace() and 0 < i + 1 < len(text):
            offsets.add(i + 1)
    # never start a line with a repetition or abbreviation mark (อื่น ๆ, กรุงเทพฯ)
    return sorted(o for o in offsets if 0 < o < len(text) and text[o] not in _NO_LINE_START)


def segments(text: str) -> list[str]:
    """``text`` cut at every allowed break; joining the pieces gives ``text`` back."""
    pieces: list[str] = []
    previous = 0
    for offset in word_breaks(text):
        pieces.append(text[previous:offset])
        previous = offset
    pieces.append(text[previous:])
    return [p for p in pieces if p]


def insert_zwsp(text: str) -> str:
    """``text`` with a zero-width space at every Thai word boundary (for Qt or HTML)."""
    return ZWSP.join(segments(text)).replace(" " + ZWSP, " ")
