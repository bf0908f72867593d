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
