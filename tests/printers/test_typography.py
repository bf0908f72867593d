"""Slip typography on every printer profile: Thai marks never touch the next line, lines end between words."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.models import Lane
from kiosk.printing import SurveySlip, TicketSlip
from kiosk.textbreak import word_breaks
from printers.profile import PrinterProfile, all_profiles
from printers.raster import THRESHOLD, TextLine, _font, keep_whole, render_survey, render_ticket
from printers.samples import sample_survey, sample_ticket

MIN_GAP = 2  # dots of paper between the ink of two lines (the issue: 0–1 made ู touch ่)
# A district whose name libthai cuts in three (เฉลิม|พระ|เกียรติ): the slips must not.
CHALERM_CENTRE, CHALERM = "ศูนย์ดำรงธรรมอำเภอเฉลิมพระเกียรติ", "เฉลิมพระเกียรติ"


@functools.cache
def _slips(profile: PrinterProfile) -> list[tuple[str, list[TextLine]]]:
    """The sample slips, and slips with a district name libthai cuts and the longest service name."""
    thaid = replace(
        sample_ticket(lane=Lane.NORMAL),
        service_name_th="ลงทะเบียนใช้งานแอปพลิเคชัน ThaID (บัตรประชาชนดิจิทัล)",
        issued_at=dt.datetime(2026, 12, 31, 16, 59, tzinfo=sample_ticket().issued_at.tzinfo),
    )
    slips: list[tuple[str, TicketSlip | SurveySlip, bool]] = [
        ("ticket, priority lane, sample", sample_ticket(), True),
        (
            "ticket, normal lane",
            replace(sample_ticket(lane=Lane.NORMAL), centre_name=CHALERM_CENTRE, district=CHALERM),
            False,
        ),
        ("ticket, ThaID", thaid, False),
        ("survey", sample_survey(), False),
        ("survey, เฉลิมพระเกียรติ", replace(sample_survey(), centre_name=CHALERM_CENTRE, district=CHALERM), False),
    ]
    out = []
    for name, slip, sample in slips:
        trace: list[TextLine] = []
        if isinstance(slip, TicketSlip):
            render_ticket(slip, profile, sample=sample, trace=trace)
        else:
            render_survey(slip, profile, sample=sample, trace=trace)
        out.append((name, trace))
    return out


PROFILES = all_profiles()


def _ink(line: TextLine, width: int) -> tuple[int, int, int, int] | None:
    """The line drawn alone, as the slip draws it: (left, top, right, bottom) of its black dots."""
    size = line.px * 4
    image = QImage(width, size, QImage.Format.Format_Grayscale8)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(QColor(0, 0, 0))
    painter.setFont(_font(line.px, line.weight))
    origin = 2 * line.px
    painter.drawText(QPointF(line.x, origin + (line.y - int(line.y))), line.text)
    painter.end()
    bits = image.constBits()
    stride = image.bytesPerLine()
    rows = [y for y in range(size) if any(bits[y * stride + x] < THRESHOLD for x in range(width))]
    if not rows:
        return None
    cols = [x for x in range(width) if any(bits[y * stride + x] < THRESHOLD for y in rows)]
    shift = int(line.y) - origin
    return cols[0], rows[0] + shift, cols[-1], rows[-1] + shift


@pytest.mark.parametrize("profile", PROFILES, ids=[p.key for p in PROFILES])
def test_ink_of_adjacent_lines_is_at_least_two_dots_apart(profile: PrinterProfile) -> None:
    for name, trace in _slips(profile):
        items: list[tuple[int, int, int, int, str]] = []
        boxes = set()
        for line in trace:
            if line.box is not None:  # white text in a black box: the box is the ink
                if line.box not in boxes:
                    boxes.add(line.box)
                    items.append((*line.box, f"box of {line.whole}"))
                continue
            ink = _ink(line, profile.dots)
            assert ink is not None, line
            items.append((*ink, line.text))
        assert len(items) >= 8
        for i, (left, top, right, bottom, text) in enumerate(items):
            for left2, top2, right2, bottom2, text2 in items[i + 1 :]:
                if right < left2 or right2 < left:
                    continue  # side by side (the text beside the QR code)
                gap = max(top, top2) - min(bottom, bottom2) - 1
                assert gap >= MIN_GAP, f"{profile.key} {name}: {text!r} and {text2!r} are {gap} dots apart"


def _line_ends(trace: list[TextLine]) -> dict[str, list[tuple[int, str]]]:
    """Each text's lines, as (offset in the text where the line ends, the line)."""
    ends: dict[str, list[tuple[int, str]]] = {}
    positions: dict[str, int] = {}
    for line in trace:
        start = line.whole.find(line.text, positions.get(line.whole, 0))
        if start < 0:  # the same text again further down the slip (the sample banner)
            start = line.whole.find(line.text)
            ends[line.whole] = []
        assert start >= 0, f"{line.text!r} is not part of {line.whole!r}"
        end = start + len(line.text)
        positions[line.whole] = end
        ends.setdefault(line.whole, []).append((end, line.text))
    return ends


@pytest.mark.parametrize("profile", PROFILES, ids=[p.key for p in PROFILES])
def test_no_line_ends_inside_a_thai_word_and_links_break_only_after_a_slash(profile: PrinterProfile) -> None:
    for name, trace in _slips(profile):
        urls = {line.whole for line in trace if line.url}
        for whole, lines in _line_ends(trace).items():
            allowed = set(word_breaks(whole)) | {len(whole)}
            for end, text in lines:
                if whole in urls:
                    assert end == len(whole) or whole[end - 1] == "/", f"{profile.key} {name}: link cut at {text!r}"
                    continue
                stripped = end + len(whole[end:]) - len(whole[end:].lstrip())
                assert end in allowed or stripped in allowed, f"{profile.key} {name}: {text!r} ends inside a word"
                for word in (*keep_whole(), "เฉลิมพระเกียรติ"):
                    start = whole.find(word)
                    while start >= 0:
                        assert not start < end < start + len(word), f"{profile.key} {name}: {word} broken at {text!r}"
                        start = whole.find(word, start + 1)
            if len(lines) >= 2 and whole not in urls:
                last = lines[-1][1]
                breaks_inside = [b for b in word_breaks(last) if last[b - 1] != "\u00a0"]
                assert breaks_inside, f"{profile.key} {name}: one word alone on the last line: {last!r}"


def test_the_slips_of_the_issue_break_where_a_reader_expects() -> None:
    narrow = PrinterProfile.named("generic-58")
    trace: list[TextLine] = []
    render_ticket(sample_ticket(centre_name=CHALERM_CENTRE, district=CHALERM), narrow, trace=trace)
    render_survey(sample_survey(centre_name=CHALERM_CENTRE, district=CHALERM), narrow, trace=trace)
    lines = [line.text for line in trace]
    assert not any(line.endswith(("เฉลิมพระ", "สตรีมี", "สตรี", "แบบ")) for line in lines), lines
    assert "ได้" not in lines and "บ้านได้" not in lines[:1]
    assert "https://survey.example.go.th/" in lines


@pytest.mark.parametrize("profile", PROFILES, ids=[p.key for p in PROFILES])
def test_the_ticket_names_its_visitor_with_the_id_masked(profile: PrinterProfile) -> None:
    trace: list[TextLine] = []
    slip = replace(sample_ticket(), visitor_name="นายสมชาย ใจดี", national_id_masked="1-xxxx-xxxxx-x6-1")
    render_ticket(slip, profile, trace=trace)
    assert "ผู้รับบริการ: นายสมชาย ใจดี  1-xxxx-xxxxx-x6-1" in [line.whole for line in trace]
    unnamed: list[TextLine] = []
    render_ticket(sample_ticket(), profile, trace=unnamed)  # a visitor who gave no name: no such line
    assert not any("ผู้รับบริการ" in line.text for line in unnamed)
