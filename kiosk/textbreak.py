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
from collections.abc import Callable, Iterator
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


# Where a line of a screen may end -----------------------------------------------------------------
#
# libthai finds words, and Qt breaks a wrapped label at every one of them: "ลง / ทะเบียน",
# "(บัตร / ประชาชนดิจิทัล)", an orphan "ไว้" on the last line. Thai readers expect a line to end at a
# space (Thai puts spaces between phrases) and, where a phrase is longer than the line, between words
# that do not belong together. :func:`wrap` lays out lines by that rule; ui.widgets.thailabel shows them.

WORD_JOINER = "\u2060"  # no break on either side
NO_BREAK_SPACE = "\u00a0"
# Words libthai splits in two that a reader takes as one, and words that bind to the next one.
_COMPOUNDS = (
    "ลงทะเบียน",
    "ขึ้นทะเบียน",
    "บัตรประชาชน",
    "ประจำตัว",
    "เจ้าหน้าที่",
    "ดิจิทัล",
    "แอปพลิเคชัน",
    "แห่งชาติ",
    "หลักประกัน",
)
_BINDS_TO_NEXT = ("ผู้", "ความ", "การ", "นัก")
# Thai marks drawn above or below their letter: never the first character of a piece.
_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_SPACES = frozenset(" \t")


def _protected(text: str) -> set[int]:
    """Offsets inside a parenthesised phrase, a compound, after a binding word, or beside a word joiner."""
    inside: set[int] = set()
    depth, opened = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inside.update(range(opened + 1, i + 1))
    for word in _COMPOUNDS:
        start = text.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    for word in _BINDS_TO_NEXT:
        start = text.find(word)
        while start >= 0:
            inside.add(start + len(word))
            start = text.find(word, start + 1)
    for i, ch in enumerate(text):
        if ch == WORD_JOINER:
            inside.update((i, i + 1))
        elif ch == NO_BREAK_SPACE:
            inside.add(i + 1)
    return inside


def line_breaks(text: str) -> tuple[list[int], list[int]]:
    """Where a line of ``text`` may end: after a space (preferred), and between Thai words that may part."""
    protected = _protected(text)
    strong: list[int] = []
    weak: list[int] = []
    for offset in word_breaks(text):
        if text[offset - 1] in _SPACES:
            strong.append(offset)
        elif offset not in protected and text[offset] != WORD_JOINER:
            weak.append(offset)
    return strong, weak


def _fit(text: str, start: int, ends: list[int], width: float, measure: Callable[[str], float]) -> int:
    """The furthest of ``ends`` after ``start`` whose line fits ``width``; 0 when none does."""
    best = 0
    for end in ends:
        if end <= start:
            continue
        if measure(text[start:end].rstrip()) > width:
            break
        best = end
    return best


def _clusters(text: str, start: int, stop: int, width: float, measure: Callable[[str], float]) -> int:
    """As many whole letters (a Thai letter with its marks) as fit, at least one: for a word wider than the line."""
    end = start + 1
    for i in range(start + 1, stop + 1):
        if i < stop and text[i] in _MARKS:
            continue
        if measure(text[start:i]) > width:
            break
        end = i
    while end < stop and text[end] in _MARKS:
        end += 1
    return end


def _wrap_paragraph(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    strong, weak = line_breaks(text)
    both = sorted({*strong, *weak})
    lines: list[str] = []
    start = 0
    while start < len(text):
        if measure(text[start:].rstrip()) <= width:
            lines.append(text[start:])
            break
        at_space = _fit(text, start, strong, width, measure)
        anywhere = _fit(text, start, both, width, measure)
        # a space is where a Thai line ends, unless it would leave most of the line empty
        if at_space and (at_space == anywhere or measure(text[start:at_space].rstrip()) >= 0.5 * width):
            end = at_space
        elif anywhere:
            end = anywhere
        else:  # a phrase wider than the line: its first word on a line of its own, or cut between letters
            nxt = next((b for b in both if b > start), len(text))
            end = nxt if measure(text[start:nxt].rstrip()) <= width else _clusters(text, start, nxt, width, measure)
        lines.append(text[start:end])
        start = end
    _no_orphan(text, lines, both, width, measure)
    return [line.rstrip().replace(WORD_JOINER, "") for line in lines]


def _no_orphan(text: str, lines: list[str], breaks: list[int], width: float, measure: Callable[[str], float]) -> None:
    """A last line of one short word takes the previous line's last word with it ("…เก็บ / ไว้" → "…/ เก็บไว้")."""
    if len(lines) < 2:
        return
    last_start = len(text) - len(lines[-1])
    prev_start = last_start - len(lines[-2])
    if any(last_start < b < len(text) for b in breaks) or measure(lines[-1].rstrip()) > width / 4:
        return
    inner = [b for b in breaks if prev_start < b < last_start]
    if not inner or measure(text[inner[-1] :].rstrip()) > width:
        return
    lines[-2:] = [text[prev_start : inner[-1]], text[inner[-1] :]]


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` as lines no wider than ``width`` (as ``measure`` says), each ending where a Thai line may end.

    A line ends after a space where it can, else between Thai words — never inside a parenthesised phrase,
    a compound such as ลงทะเบียน, or beside a word joiner (U+2060); a last line of one short word takes
    the word before it along. Line feeds in ``text`` are kept.
    """
    return [line for paragraph in text.split("\n") for line in _wrap_paragraph(paragraph, width, measure) or [""]]
