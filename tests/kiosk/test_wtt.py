"""The WTT 2.0 input-sequence check, against the standard's tables and real Thai text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.wtt import Op, WttClass, accepts, char_class, filter_insert, first_rejected, operation

ROOT = Path(__file__).resolve().parents[2]

# WTT 2.0 Table 1, written out again from the standard's TIS-620 chart (U+0E01 = 0xA1 ...),
# independently of kiosk.wtt's dictionary: every Thai character with its class.
TABLE_1 = {
    WttClass.CONS: "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    WttClass.FV3: "ฤฦ",
    WttClass.NON: "ฯๆ฿๏๐๑๒๓๔๕๖๗๘๙๚๛",
    WttClass.FV1: "ะาำ",
    WttClass.AV1: "\u0e34",  # ิ
    WttClass.AV2: "\u0e31\u0e36",  # ั ึ
    WttClass.AV3: "\u0e35\u0e37",  # ี ื
    WttClass.BV1: "\u0e38",  # ุ
    WttClass.BV2: "\u0e39",  # ู
    WttClass.BD: "\u0e3a",  # ฺ
    WttClass.LV: "เแโใไ",
    WttClass.FV2: "ๅ",
    WttClass.AD1: "\u0e4c\u0e4d",  # ์ ํ
    WttClass.AD2: "\u0e47",  # ็
    WttClass.AD3: "\u0e4e",  # ๎
    WttClass.TONE: "\u0e48\u0e49\u0e4a\u0e4b",  # ่ ้ ๊ ๋
}

# WTT 2.0 Table 2 as printed: row = leading class, column = following class, in the order
# CTRL NON CONS LV FV1 FV2 FV3 BV1 BV2 BD TONE AD1 AD2 AD3 AV1 AV2 AV3;
# X = non-display, A = accept, C = composible, R = reject, S = strict reject.
TABLE_2 = """
CTRL XAAAAAARRRRRRRRRR
NON  XAAASSARRRRRRRRRR
CONS XAAAASACCCCCCCCCC
LV   XSASSSSRRRRRRRRRR
FV1  XAAAASARRRRRRRRRR
FV2  XAAAASARRRRRRRRRR
FV3  XAAASASRRRRRRRRRR
BV1  XAAAASARRRCCRRRRR
BV2  XAAASSARRRCRRRRRR
BD   XAAASSARRRRRRRRRR
TONE XAAAAAARRRRRRRRRR
AD1  XAAASSARRRRRRRRRR
AD2  XAAASSARRRRRRRRRR
AD3  XAAASSARRRRRRRRRR
AV1  XAAASSARRRCCRRRRR
AV2  XAAASSARRRCRRRRRR
AV3  XAAASSARRRCRCRRRR
"""
LETTER = {"X": Op.XC, "A": Op.AC, "C": Op.CP, "R": Op.RJ, "S": Op.SR}
# One character of each class, to reach every cell of Table 2 through the public functions.
SAMPLE = {
    WttClass.CTRL: "\x07",
    WttClass.NON: "1",
    WttClass.CONS: "ก",
    WttClass.LV: "เ",
    WttClass.FV1: "า",
    WttClass.FV2: "ๅ",
    WttClass.FV3: "ฤ",
    WttClass.BV1: "\u0e38",
    WttClass.BV2: "\u0e39",
    WttClass.BD: "\u0e3a",
    WttClass.TONE: "\u0e48",
    WttClass.AD1: "\u0e4c",
    WttClass.AD2: "\u0e47",
    WttClass.AD3: "\u0e4e",
    WttClass.AV1: "\u0e34",
    WttClass.AV2: "\u0e31",
    WttClass.AV3: "\u0e35",
}


def table_2() -> dict[tuple[WttClass, WttClass], Op]:
    cells = {}
    for line in TABLE_2.strip().splitlines():
        row_name, ops = line.split()
        assert len(ops) == 17
        for column, letter in zip(WttClass, ops, strict=True):
            cells[WttClass[row_name], column] = LETTER[letter]
    return cells


def test_every_thai_character_has_its_wtt_class() -> None:
    listed = "".join(TABLE_1.values())
    assert len(listed) == len(set(listed)) == 87  # the assigned Thai block less ฺ-to-฿'s gap
    for cls, chars in TABLE_1.items():
        for ch in chars:
            assert char_class(ch) is cls, (ch, hex(ord(ch)))
    for ch in map(chr, range(0x0E01, 0x0E5C)):
        if ch not in listed:  # the unassigned U+0E3B–U+0E3E
            assert 0x0E3B <= ord(ch) <= 0x0E3E and char_class(ch) is WttClass.NON


def test_other_characters_are_control_or_non_composible() -> None:
    assert char_class("") is WttClass.CTRL  # the start of the text
    for ch in "\x00\t\n\x1f\x7f\x85":
        assert char_class(ch) is WttClass.CTRL
    for ch in " .-'A1zé(ñ\u00a0":
        assert char_class(ch) is WttClass.NON
    with pytest.raises(ValueError):
        char_class("กา")


def test_every_cell_of_the_check_table() -> None:
    expected = table_2()
    assert len(expected) == 17 * 17
    for (row, column), op in expected.items():
        assert operation(SAMPLE[row], SAMPLE[column]) is op, (row.name, column.name)
        assert accepts(SAMPLE[row], SAMPLE[column], strict=False) is (op is not Op.RJ)
        assert accepts(SAMPLE[row], SAMPLE[column], strict=True) is (op not in (Op.RJ, Op.SR))


@pytest.mark.parametrize(
    ("keys", "typed"),
    [
        ("คำี", "คำ"),  # the example: ี cannot follow ำ
        ("ก่ิ", "ก่"),  # a vowel after the tone mark (typed in the wrong order)
        ("กิิ", "กิ"),  # the same vowel twice
        ("ก่่", "ก่"),  # the same tone twice
        ("ุก", "ก"),  # a mark with no consonant at the start
        ("เเก", "เก"),  # เ twice for แ: strict
        ("เ ก", "เก"),  # a space after a leading vowel: strict
        ("กๅ", "ก"),  # lakkhangyao after a consonant: strict
        ("ฤๅษี", "ฤๅษี"),
        ("สมชาย ใจดี", "สมชาย ใจดี"),
        ("ก็", "ก็"),
        ("กุ๊ก", "กุ๊ก"),
        ("ตู้", "ตู้"),
        ("เครื่อง", "เครื่อง"),
    ],
)
def test_typing_key_by_key_keeps_only_what_a_thai_keyboard_takes(keys: str, typed: str) -> None:
    text = ""
    for key in keys:
        if accepts(text[-1:], key):
            text += key
    assert text == typed
    assert filter_insert("", keys) == typed


def test_basic_check_lets_the_strict_pairs_through() -> None:
    assert filter_insert("", "เเก", strict=False) == "เเก"
    assert filter_insert("", "คำี", strict=False) == "คำ"


def test_an_insertion_is_checked_against_both_neighbours() -> None:
    assert filter_insert("ก", "ิ", "") == "ิ"
    assert filter_insert("ก", "า", "\u0e34") == ""  # กาิ: the ิ after it would be stranded
    assert filter_insert("ก", "ข่", "\u0e34") == "ข"  # the tone goes, the consonant stays
    assert filter_insert("ก", "ข", "\u0e34") == "ข"  # กขิ is fine
    assert filter_insert("สม", "เ", " ใจดี") == "เ"  # a leading vowel awaits its consonant
    assert filter_insert("", "ก", "") == "ก"
    assert filter_insert("ก", "", "า") == ""


def thai_strings() -> list[str]:
    """Every Thai message of the kiosk's translation file and the default catalogue."""
    found = [m.text or "" for m in ET.parse(ROOT / "resources/i18n/kiosk_en.ts").iter("source")]
    for path in (ROOT / "resources/catalogue").rglob("*"):
        if path.suffix in {".csv", ".toml", ".json", ".txt"}:
            found += path.read_text(encoding="utf-8").splitlines()
    return [s for s in found if re.search("[\u0e01-\u0e5b]", s)]


def test_all_of_the_kiosks_own_thai_text_passes_the_strict_check() -> None:
    strings = thai_strings()
    assert len(strings) > 100
    bad = [(s, first_rejected(s)) for s in strings if first_rejected(s) is not None]
    assert bad == []


def test_first_rejected_points_at_the_bad_character() -> None:
    assert first_rejected("คำี") == 2
    assert first_rejected("เเก") == 1
    assert first_rejected("เเก", strict=False) is None
    assert first_rejected("") is None


thai_text = st.text(alphabet=st.sampled_from([chr(c) for c in range(0x0E01, 0x0E5C)] + list(" a1.")), max_size=12)


@given(before=thai_text, inserted=thai_text, after=thai_text)
def test_what_is_kept_fits_its_place(before: str, inserted: str, after: str) -> None:
    kept = filter_insert(before, inserted, after)
    assert len(kept) <= len(inserted)
    previous = before[-1:]
    for char in kept:
        assert accepts(previous, char)
        previous = char
    if kept and after:
        assert accepts(kept[-1], after[0], strict=False)
