"""The Thai input-sequence check of WTT 2.0: which character may follow which as a person types.

WTT 2.0 (Wing Thai Technical Standard 2.0, TIS-620 based, Thai API Consortium / NECTEC 1991)
sorts every character into 17 classes and gives, for each pair (leading class, following class),
an operation: CP (composes into the same cell: accept), XC (not displayed: accept), AC (accept,
next cell), RJ (reject) or SR (reject in strict mode only). Thai keyboards (Windows' Thai sequence
check, libthai's ``th_isaccept`` used by the GTK, IBus and Fcitx Thai input methods) apply this
table to every key: a key whose pair with the character before the cursor is rejected is ignored,
so ``ค`` + ``ำ`` + ``ี`` gives ``คำ``, never the malformed ``คำี``.

The class table and the check table below are WTT 2.0's Table 1 and Table 2, as libthai has them
(``src/thctype/wtt.c``: ``TACchtype_`` and ``TACio_op_``; ``src/thinp/thinp.c``: ``th_isaccept``).
Code points outside Thai are classed as libthai classes their TIS-620 bytes: controls are CTRL,
everything else printable is NON.
"""

from __future__ import annotations

import unicodedata
from enum import Enum, IntEnum


class WttClass(IntEnum):
    """WTT 2.0's character classes, in the order of the table's rows and columns."""

    CTRL = 0  # control characters
    NON = 1  # non-composibles: digits, punctuation, Latin letters, ฯ ๆ ฿ and Thai digits
    CONS = 2  # consonants
    LV = 3  # leading vowels เ แ โ ใ ไ
    FV1 = 4  # following vowels ะ า ำ
    FV2 = 5  # ๅ (lakkhangyao)
    FV3 = 6  # ฤ ฦ (vowels that also take a following vowel)
    BV1 = 7  # below vowel ุ
    BV2 = 8  # below vowel ู
    BD = 9  # below diacritic ฺ (phinthu)
    TONE = 10  # tone marks ่ ้ ๊ ๋
    AD1 = 11  # above diacritics ์ ํ
    AD2 = 12  # above diacritic ็ (maitaikhu)
    AD3 = 13  # above diacritic ๎ (yamakkan)
    AV1 = 14  # above vowel ิ
    AV2 = 15  # above vowels ั ึ
    AV3 = 16  # above vowels ี ื


class Op(Enum):
    """What WTT 2.0 says to do with the following character."""

    CP = "composible"  # shown in the leading character's cell: accept
    XC = "non-display"  # accept
    AC = "accept"  # accept, shown in the next cell
    RJ = "reject"
    SR = "strict reject"  # reject in strict mode only


_C = WttClass
_THAI: dict[str, WttClass] = {
    "\u0e24": _C.FV3,  # ฤ
    "\u0e26": _C.FV3,  # ฦ
    "\u0e2f": _C.NON,  # ฯ
    "\u0e30": _C.FV1,  # ะ
    "\u0e31": _C.AV2,  # ั
    "\u0e32": _C.FV1,  # า
    "\u0e33": _C.FV1,  # ำ
    "\u0e34": _C.AV1,  # ิ
    "\u0e35": _C.AV3,  # ี
    "\u0e36": _C.AV2,  # ึ
    "\u0e37": _C.AV3,  # ื
    "\u0e38": _C.BV1,  # ุ
    "\u0e39": _C.BV2,  # ู
    "\u0e3a": _C.BD,  # ฺ
    "\u0e40": _C.LV,  # เ
    "\u0e41": _C.LV,  # แ
    "\u0e42": _C.LV,  # โ
    "\u0e43": _C.LV,  # ใ
    "\u0e44": _C.LV,  # ไ
    "\u0e45": _C.FV2,  # ๅ
    "\u0e46": _C.NON,  # ๆ
    "\u0e47": _C.AD2,  # ็
    "\u0e48": _C.TONE,  # ่
    "\u0e49": _C.TONE,  # ้
    "\u0e4a": _C.TONE,  # ๊
    "\u0e4b": _C.TONE,  # ๋
    "\u0e4c": _C.AD1,  # ์
    "\u0e4d": _C.AD1,  # ํ
    "\u0e4e": _C.AD3,  # ๎
}

_CP, _XC, _AC, _RJ, _SR = Op.CP, Op.XC, Op.AC, Op.RJ, Op.SR
# WTT 2.0 Table 2: row = the leading (previous) character's class, column = the following one's.
# fmt: off
_TABLE: tuple[tuple[Op, ...], ...] = (
    # CTRL NON  CONS LV   FV1  FV2  FV3  BV1  BV2  BD   TONE AD1  AD2  AD3  AV1  AV2  AV3
    (_XC, _AC, _AC, _AC, _AC, _AC, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # CTRL
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # NON
    (_XC, _AC, _AC, _AC, _AC, _SR, _AC, _CP, _CP, _CP, _CP, _CP, _CP, _CP, _CP, _CP, _CP),  # CONS
    (_XC, _SR, _AC, _SR, _SR, _SR, _SR, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # LV
    (_XC, _AC, _AC, _AC, _AC, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # FV1
    (_XC, _AC, _AC, _AC, _AC, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # FV2
    (_XC, _AC, _AC, _AC, _SR, _AC, _SR, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # FV3
    (_XC, _AC, _AC, _AC, _AC, _SR, _AC, _RJ, _RJ, _RJ, _CP, _CP, _RJ, _RJ, _RJ, _RJ, _RJ),  # BV1
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _CP, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # BV2
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # BD
    (_XC, _AC, _AC, _AC, _AC, _AC, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # TONE
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # AD1
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # AD2
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # AD3
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _CP, _CP, _RJ, _RJ, _RJ, _RJ, _RJ),  # AV1
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _CP, _RJ, _RJ, _RJ, _RJ, _RJ, _RJ),  # AV2
    (_XC, _AC, _AC, _AC, _SR, _SR, _AC, _RJ, _RJ, _RJ, _CP, _RJ, _CP, _RJ, _RJ, _RJ, _RJ),  # AV3
)
# fmt: on


def char_class(char: str) -> WttClass:
    """The WTT class of one character; the start of the text ("") counts as CTRL, as in libthai."""
    if not char:
        return WttClass.CTRL
    if len(char) != 1:
        raise ValueError(f"one character expected, got {char!r}")
    if "\u0e01" <= char <= "\u0e2e":
        return _THAI.get(char, WttClass.CONS)
    found = _THAI.get(char)
    if found is not None:
        return found
    if unicodedata.category(char) == "Cc":
        return WttClass.CTRL
    return WttClass.NON


def operation(previous: str, char: str) -> Op:
    """WTT 2.0's operation for ``char`` typed after ``previous`` ("" at the start of the text)."""
    return _TABLE[char_class(previous)][char_class(char)]


def accepts(previous: str, char: str, *, strict: bool = True) -> bool:
    """Whether a Thai keyboard takes ``char`` after ``previous`` (libthai's ``th_isaccept``).

    ``strict`` (ISC_STRICT) also refuses the SR pairs, e.g. a second leading vowel (เเ for แ),
    a space after a leading vowel, or ๅ after a consonant; otherwise (ISC_BASICCHECK) only RJ.
    """
    op = operation(previous, char)
    return op is not Op.RJ and not (strict and op is Op.SR)


def filter_insert(before: str, inserted: str, after: str = "", *, strict: bool = True) -> str:
    """What is left of ``inserted`` (typed, committed or pasted) between ``before`` and ``after``.

    Each character must be accepted after the one kept before it, as if typed one by one; the
    first character is checked against the last of ``before`` (the start of the text when empty).
    A character that would leave the next character of ``after`` stranded (a vowel typed between
    a consonant and its tone mark) is dropped too; that check is the basic one, since a leading
    vowel typed in front of a space awaits its consonant.
    """
    kept: list[str] = []
    previous = before[-1:]
    for char in inserted:
        if accepts(previous, char, strict=strict):
            kept.append(char)
            previous = char
    if after:
        while kept and not accepts(kept[-1], after[0], strict=False):
            kept.pop()
    return "".join(kept)


def first_rejected(text: str, *, strict: bool = True) -> int | None:
    """The index of the first character a Thai keyboard would not have taken, or None."""
    previous = ""
    for index, char in enumerate(text):
        if not accepts(previous, char, strict=strict):
            return index
        previous = char
    return None
