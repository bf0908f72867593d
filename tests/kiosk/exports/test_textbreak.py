"""Thai line breaking: lines break only between words that libthai finds."""

from __future__ import annotations

import unicodedata

import pytest

from kiosk.exports.thaipdf import FONT, break_lines, register_fonts, shape_line
from kiosk.textbreak import insert_zwsp, segments, word_breaks

TEXTS = [
    "ลงทะเบียนใช้งานแอปพลิเคชัน ThaID (บัตรประชาชนดิจิทัล)",
    "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร จังหวัดสกลนคร",
    "ตรวจสอบสิทธิและสมัครผู้ประกันตนมาตรา 40 ที่สำนักงานประกันสังคม",
    "นางสาวปิ่นทอง ใจดีมาก ผู้สูงอายุ อื่น ๆ",
    "ยื่นแบบแสดงรายการภาษีเงินได้บุคคลธรรมดาออนไลน์ผ่านระบบของกรมสรรพากร",
]


def test_segments_are_words_and_join_back() -> None:
    assert segments("ศูนย์ดำรงธรรมอำเภอ") == ["ศูนย์", "ดำรง", "ธรรม", "อำเภอ"]
    for text in TEXTS:
        assert "".join(segments(text)) == text
    assert insert_zwsp("ดำรงธรรม") == "ดำรง\u200bธรรม"


def test_no_break_before_repetition_mark() -> None:
    assert not any(text[o] == "ๆ" for text in TEXTS for o in word_breaks(text))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [30, 45, 60, 90, 140, 400])
def test_lines_end_only_at_word_boundaries(text: str, width: float) -> None:
    register_fonts()
    lines = break_lines(text, width, FONT, 10)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    allowed = set(word_breaks(text))
    position = 0
    for line in lines[:-1]:
        position = text.index(line, position) + len(line)
        while text[position] == " ":
            position += 1
        # a boundary libthai knows, or (only for a word longer than the line) between two letters
        assert position in allowed or _word_longer_than(text, position, width), (line, position)
        assert not unicodedata.combining(text[position]), "a line may never start with a mark"


def _word_longer_than(text: str, position: int, width: float) -> bool:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    start = 0
    for piece in segments(text):
        if start < position < start + len(piece):
            return bool(stringWidth(piece.rstrip(), FONT, 10) > width - 1)
        start += len(piece)
    return False


def test_shaping_moves_the_tone_mark() -> None:
    """Shaped, the mai ek of ปิ่น sits above sara i (an offset); unshaped it would collide."""
    register_fonts()
    shaped = shape_line("ปิ่น", FONT, 12)
    data = shaped.__shapeData__  # type: ignore[attr-defined]
    assert any(int(g.y_offset) or int(g.x_offset) for g in data)


def _chars(text: str) -> float:
    return float(len(text))


@pytest.mark.parametrize("width", [8, 12, 16, 20, 30, 45, 60])
def test_screen_lines_end_where_a_thai_line_may_end(width: int) -> None:
    from kiosk.textbreak import wrap

    text = "ศูนย์ฯ บันทึกชื่อ เลขประจำตัวประชาชน และโทรศัพท์ (ถ้ามี) ลงทะเบียนผู้มาขอรับบริการ ตามหน้าที่ของหน่วยงานรัฐ"
    lines = wrap(text, width, _chars)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert len(line) <= width
        assert not line.endswith("(ถ้า") and not line.startswith("มี)")
        assert not line.endswith("ลง") and not line.startswith("ทะเบียน")


def test_screen_lines_keep_phrases_in_brackets_and_take_no_orphan() -> None:
    from kiosk.textbreak import wrap

    service = "ลงทะเบียนใช้งานแอปพลิเคชัน ThaID (บัตรประชาชนดิจิทัล)"
    assert wrap(service, 20, _chars) == ["ลงทะเบียนใช้งาน", "แอปพลิเคชัน ThaID", "(บัตรประชาชนดิจิทัล)"]
    # a line ends at a space where a space is near enough, not after the first word that fits
    assert wrap("กำลังอ่านบัตร… กรุณาเสียบค้างไว้", 26, _chars) == ["กำลังอ่านบัตร…", "กรุณาเสียบค้างไว้"]
    # the last word does not stand alone: "ไว้" takes "ค้าง" with it
    assert wrap("กรุณาเสียบบัตรค้างไว้", 18, _chars)[-1] == "ค้างไว้"
    # a word joiner keeps two words together; line feeds are kept
    for width in range(9, 20):
        lines = wrap("แตะดูหน้าก่อน\u2060หน้า แล้วแตะต่อไป", width, _chars)
        assert not any(line.endswith("ก่อน") for line in lines) and "\u2060" not in "".join(lines)
    assert wrap("บรรทัดหนึ่ง\nบรรทัดสอง", 40, _chars) == ["บรรทัดหนึ่ง", "บรรทัดสอง"]
