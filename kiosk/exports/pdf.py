"""The register as a PDF in the style of a Thai official register: A4 landscape, Sarabun, shaped Thai."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kiosk.exports.rows import ExportRow, columns, district_unit, unit_name
from kiosk.exports.thaipdf import FONT, PageCountCanvas, RowTable, ThaiText, style
from kiosk.models import VisitResult
from kiosk.textbreak import has_thai
from kiosk.thai import format_date, format_datetime, format_time, thai_digits

PAGE = landscape(A4)
MARGIN = 10 * mm
HEADER_HEIGHT = 24 * mm
FOOTER_HEIGHT = 8 * mm
# Column widths in points; they add up to the width between the margins (785 pt).
# The phone column leaves room on both sides of ten digits, Arabic or Thai.
WIDTHS = (30, 62, 84, 81, 70, 46, 92, 70, 76, 60, 52, 62)
# The district's register has the station second; names, services and results give up the room.
DISTRICT_WIDTHS = (30, 46, 62, 76, 81, 70, 46, 84, 64, 62, 56, 50, 58)
PADDING = (2, 1.5, 2, 2.5)  # left, top, right, bottom
# Shorter headings where a column is narrow on paper.
HEADINGS = {"เลขประจำตัวประชาชน": "เลขประจำตัว ประชาชน"}
TITLE = "ทะเบียนผู้มาขอรับบริการแบบอิเล็กทรอนิกส์ (e-Service)"


@dataclass(frozen=True)
class RegisterHeading:
    """What the top of every page says."""

    centre: str
    district: str
    province: str
    date_from: dt.date
    date_to: dt.date
    printed_at: dt.datetime  # local time
    full_id: bool = False
    digits: str = "arabic"  # or "thai"
    stations: int | None = None  # the district's register: how many stations it merges

    def unit_line(self) -> str:
        if self.stations is not None:
            return district_unit(self.district, self.province, self.stations)
        return unit_name(self.centre, self.district, self.province)

    def period_line(self) -> str:
        start = format_date(self.date_from, digits=self.digits)
        end = format_date(self.date_to, digits=self.digits)
        return f"ระหว่างวันที่ {start} ถึงวันที่ {end}"


class _Cells:
    """Table cells: Thai text as shaped, pre-broken paragraphs; repeated values share one flowable."""

    def __init__(self, digits: str, *, station: bool = False) -> None:
        self.digits = digits
        self.station = station
        self.widths = DISTRICT_WIDTHS if station else WIDTHS
        self.text_style = style("cell", size=9, leading=11)
        self.center_style = style("cell-c", size=9, leading=11, align="center")
        self.head_style = style("head", size=9, leading=11, bold=True, align="center")
        self._shared: dict[tuple[str, str], ThaiText] = {}

    def text(  # a register shows every word it holds: cells grow, they are never cut short
        self,
        value: str,
        *,
        center: bool = False,
        share: bool = False,
        max_lines: int | None = None,
        name: bool = False,
        keep_digits: bool = False,
    ) -> Any:
        if not value:
            return ""
        if self.digits == "thai" and not keep_digits:
            value = thai_digits(value)
        para_style = self.center_style if center else self.text_style
        if not share:
            return ThaiText(value, para_style, max_lines=max_lines, prefer_spaces=name)
        key = (value, para_style.name)
        cell = self._shared.get(key)
        if cell is None:
            cell = self._shared[key] = ThaiText(
                value, para_style, reusable=True, max_lines=max_lines, prefer_spaces=name
            )
        return cell

    def plain(self, value: str, column: int, *, center: bool = False, keep_digits: bool = False) -> Any:
        """Text without Thai letters needs no shaping; Thai, or text too wide, goes through :meth:`text`.

        With Thai digits chosen every number turns Thai, IDs and phone numbers too (an
        official document in Thai digits has no Arabic ones); only a station's id keeps its own.
        """
        room = self.widths[column] - PADDING[0] - PADDING[2]
        thai = self.digits == "thai" and not keep_digits
        if thai or has_thai(value) or stringWidth(value, FONT, 9) > room:
            return self.text(value, center=center, keep_digits=keep_digits)
        return value

    def header(self) -> list[Any]:
        return [ThaiText(HEADINGS.get(name, name), self.head_style) for name in columns(station=self.station)]

    def row(self, row: ExportRow) -> list[Any]:
        # the station's own register has no station column: every column after it is one to the left
        at = 1 if self.station else 0
        station = [self.plain(row.station, 1, keep_digits=True)] if self.station else []
        return [
            self.plain(str(row.seq), 0, center=True),
            *station,
            # day and time apart: each repeats often, so each is drawn once and reused
            [
                self.text(format_date(row.at.date(), short=True), share=True),
                self.text(format_time(row.at), share=True),
            ],
            self.text(row.full_name, name=True),
            self.plain(row.national_id, 3 + at),
            self.plain(row.phone, 4 + at, center=True),
            self.text(row.group, share=True),
            self.text(row.service, share=True),
            self.text(row.owner, share=True),
            self.text(row.result, share=True),
            self.text(row.officer, share=True, name=True),
            self.text("\n".join(row.survey_parts()), center=True, share=True),
            self.text(row.note, share=True),
        ]


class _RegisterDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, filename: str, heading: RegisterHeading) -> None:
        super().__init__(
            filename,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_HEIGHT,
            bottomMargin=MARGIN + FOOTER_HEIGHT,
            title=TITLE,
            author=heading.centre if heading.stations is None else heading.unit_line(),
            subject=heading.period_line(),
            creator="damrongdhama-kiosk",
        )
        self.heading = heading
        self._title_style = style("title", size=15, bold=True, align="center")
        self._line_style = style("line", size=12, align="center")
        self._small_style = style("small", size=9)
        self._small_right = style("small-r", size=9, align="right")
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="rows", leftPadding=0, rightPadding=0
        )
        self.addPageTemplates([PageTemplate(id="register", frames=[frame], onPage=self._decorate)])

        # the same on every page: each drawn once into a form and referenced after that
        self._title = ThaiText(TITLE, self._title_style, reusable=True)
        self._unit = ThaiText(heading.unit_line(), self._line_style, reusable=True)
        self._period = ThaiText(heading.period_line(), self._line_style, reusable=True)
        printed = f"พิมพ์เมื่อ {format_datetime(heading.printed_at, digits=heading.digits)}"
        if heading.full_id:
            printed += "  ·  มีเลขประจำตัวประชาชนเต็ม: ข้อมูลส่วนบุคคล ห้ามเผยแพร่"
        self._printed = ThaiText(printed, self._small_style, reusable=True)
        self._page_word = ThaiText("หน้า", self._small_style, reusable=True)

    def _decorate(self, canvas: PageCountCanvas, doc: Any) -> None:
        width = PAGE[0] - 2 * MARGIN
        top = PAGE[1] - MARGIN
        for line in (self._title, self._unit, self._period):
            _w, h = line.wrap(width, PAGE[1])
            line.drawOn(canvas, MARGIN, top - h)
            top -= h
        # footer: when it was printed (and a warning on full IDs), then "หน้า X / Y"
        y = MARGIN
        self._printed.wrap(width * 0.7, FOOTER_HEIGHT)
        self._printed.drawOn(canvas, MARGIN, y)
        small = self._small_style
        number = str(canvas.getPageNumber())
        digits = self.heading.digits
        number_text = ThaiText(f" {thai_digits(number) if digits == 'thai' else number} / ", small)
        word_w = stringWidth("หน้า", small.fontName, small.fontSize)
        number_w = stringWidth(number_text.text, small.fontName, small.fontSize)
        x = PAGE[0] - MARGIN - stringWidth("0000", small.fontName, small.fontSize) - number_w - word_w
        self._page_word.wrap(word_w + 2, FOOTER_HEIGHT)
        self._page_word.drawOn(canvas, x, y)
        number_text.wrap(number_w + 2, FOOTER_HEIGHT)
        number_text.drawOn(canvas, x + word_w, y)
        canvas.draw_page_total(x + word_w + number_w, y)


def closing_total(rows: Sequence[ExportRow], digits: str) -> list[Any]:
    """The line under the register: how many visits in all, and how they ended."""
    from reportlab.platypus import Spacer

    if not rows:
        return []
    counts = Counter(row.outcome for row in rows)
    parts = [f"{result.label_th} {counts[result]:,} ราย" for result in VisitResult if counts[result]]
    if counts[None]:
        parts.append(f"ยังไม่บันทึกผล {counts[None]:,} ราย")
    text = f"รวมผู้มาขอรับบริการทั้งสิ้น {len(rows):,} ราย ({' · '.join(parts)})"
    if digits == "thai":
        text = thai_digits(text)
    return [Spacer(1, 6), ThaiText(text, style("closing-total", size=11, bold=True), prefer_spaces=True)]


def write_pdf(
    rows: Sequence[ExportRow],
    path: Path,
    *,
    heading: RegisterHeading,
    progress: Callable[[float], None],
) -> int:
    """Write the register to ``path``; return how many lines were written.

    ``progress`` gets 0…1 as pages are laid out.
    """
    cells = _Cells(heading.digits, station=heading.stations is not None)
    total = len(rows)
    done = 0

    def on_rows(n: int) -> None:
        nonlocal done
        done += n
        progress(done / max(total, 1))

    table = RowTable(
        cells.header(),
        rows,
        cells.row,
        cells.widths,
        padding=PADDING,
        centered=frozenset({0}),
        empty=ThaiText("ไม่มีผู้มาขอรับบริการในช่วงเวลานี้", cells.center_style),
        on_drawn=on_rows,
    )
    doc = _RegisterDoc(str(path), heading)
    at = 1 if heading.stations is not None else 0
    table.centered = frozenset({0, 4 + at})

    digits = heading.digits

    class _Canvas(PageCountCanvas):
        total_style = style("total", size=9)
        total_digits = digits

    doc.build([table, *closing_total(rows, digits)], canvasmaker=_Canvas)
    progress(1.0)
    return total
