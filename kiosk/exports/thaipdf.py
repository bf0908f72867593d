"""Thai text in reportlab PDFs: the bundled Sarabun fonts, shaped paragraphs, lines broken between words.

reportlab draws Thai correctly only when it is shaped by HarfBuzz (``shaping=1`` on a
ParagraphStyle and a shapable TTF), and its own line breaking cuts Thai words anywhere,
which can drop a tone mark of a shaped word. :class:`ThaiText` therefore breaks lines
itself at the word boundaries of :mod:`kiosk.textbreak` and hands reportlab one
pre-broken shaped Paragraph whose lines it never needs to split again.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kiosk import textbreak

FONT = "Sarabun"
FONT_BOLD = "Sarabun-Bold"
_FONT_FILES = {FONT: "Sarabun-Regular.ttf", FONT_BOLD: "Sarabun-Bold.ttf"}
_fonts_lock = threading.Lock()
_form_ids = itertools.count(1)


class ShapingUnavailable(RuntimeError):
    """Thai would come out wrong: HarfBuzz (uharfbuzz) is missing or the font is not shapable."""


def register_fonts() -> None:
    """Register the bundled Sarabun fonts once, and fail loudly if they cannot be shaped."""
    with _fonts_lock:
        for name, filename in _FONT_FILES.items():
            try:
                font = pdfmetrics.getFont(name)
            except KeyError:
                ref = resources.files("resources") / "fonts" / filename
                with resources.as_file(ref) as path:
                    font = TTFont(name, str(path), shapable=True)
                pdfmetrics.registerFont(font)
            if not getattr(font, "shapable", False):
                # reportlab turns shaping off silently without uharfbuzz: ปิ่น would print as ปีน.
                raise ShapingUnavailable(
                    f"font {name} cannot be shaped; install uharfbuzz (pip install 'reportlab[shaping]')"
                )
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def style(
    name: str,
    *,
    size: float = 10,
    bold: bool = False,
    align: str = "left",
    leading: float | None = None,
    color: Any = colors.black,
) -> ParagraphStyle:
    """A shaped paragraph style in Sarabun that never splits a word by itself."""
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=leading if leading is not None else size * 1.25,
        alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align],
        textColor=color,
        shaping=1,
        splitLongWords=0,
        allowWidows=1,
        allowOrphans=1,
    )


def _clusters(word: str) -> list[str]:
    """Grapheme-like clusters: a base letter with the marks above or below it."""
    out: list[str] = []
    for ch in word:
        if out and (unicodedata.combining(ch) or unicodedata.category(ch) == "Mn"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _units(paragraph: str, width: float, font_name: str, font_size: float, prefer_spaces: bool) -> list[str]:
    if not prefer_spaces:
        return textbreak.segments(paragraph)
    units: list[str] = []
    for chunk in re.findall(r"\S+\s*|\s+", paragraph):
        if pdfmetrics.stringWidth(chunk.rstrip(), font_name, font_size) <= width:
            units.append(chunk)
        else:
            units.extend(textbreak.segments(chunk))
    return units


def break_lines(text: str, width: float, font_name: str, font_size: float, *, prefer_spaces: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width``, broken only between words.

    With ``prefer_spaces`` (for names: นางสาวอำไพ ใจงาม) a line breaks at a space when the
    part up to the next space fits on a line of its own. A single word wider than the
    line is cut between letters, never between a letter and its vowel or tone mark.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        current_width = 0.0
        for piece in _units(paragraph, width, font_name, font_size, prefer_spaces):
            piece_width = pdfmetrics.stringWidth(piece, font_name, font_size)
            trimmed_width = pdfmetrics.stringWidth(piece.rstrip(), font_name, font_size)
            if current and current_width + trimmed_width > width:
                lines.append(current.rstrip())
                current, current_width = "", 0.0
            if not current and trimmed_width > width:
                # one word longer than the line: cut it between clusters
                for cluster in _clusters(piece.rstrip()):
                    w = pdfmetrics.stringWidth(cluster, font_name, font_size)
                    if current and current_width + w > width:
                        lines.append(current)
                        current, current_width = "", 0.0
                    current += cluster
                    current_width += w
                if piece != piece.rstrip():
                    current += " "
                    current_width += pdfmetrics.stringWidth(" ", font_name, font_size)
                continue
            current += piece
            current_width += piece_width
        lines.append(current.rstrip())
    return lines


# The text layer -----------------------------------------------------------------------------
#
# reportlab writes a shaped glyph that has no code point of its own (a tone mark moved up
# or left, a tone mark joined with the circle of sara am) as a private-use character, and
# its ToUnicode map gives that character back: น้ำ was extracted as น + U+E000 + า. Here
# every syllable drawn (a glyph with an advance and the zero-width marks that follow it)
# is redrawn with alias codes of the same glyphs: the first glyph's alias maps to the
# whole syllable's text, each mark's to nothing. Marks then carry no text of their own,
# so no extractor can misplace one by its raised position (pdftotext put a tone mark of
# a wrapped cell on the cell's next line). Copying,
# searching and extracting then give back exactly the characters written, in their order,
# with pdftotext, pypdf and pdfminer alike (they read the ToUnicode map; /ActualText spans
# are honoured by poppler only).

_ALIAS_FIRST = 0xF0000  # plane 15 private use: clear of reportlab's own U+E000… allocations
_alias_lock = threading.Lock()
_alias_codes: dict[tuple[str, int, str, float], int] = {}
_alias_text: dict[int, str] = {}
_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with each alias code mapped to the text it stands for."""
    cmap: str = _original_cmap(fontname, subset)
    if not any(code in _alias_text for code in subset):
        return cmap
    lines = cmap.split("\n")
    first = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, code in enumerate(subset):
        text = _alias_text.get(code)
        if text is not None:
            lines[first + i] = f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>"
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _alias(font: TTFont, gid: int, text: str, width: float) -> int:
    """A code drawing glyph ``gid`` with advance ``width`` whose text is ``text``."""
    key = (font.fontName, gid, text, width)
    with _alias_lock:
        code = _alias_codes.get(key)
        if code is None:
            code = _ALIAS_FIRST + len(_alias_codes)
            _alias_codes[key] = code
            _alias_text[code] = text
            font.face.charToGlyph[code] = gid
            font.face.charWidths[code] = width
        return code


def text_layer_shape(word: str, font_name: str, font_size: float) -> str:
    """``word`` shaped by HarfBuzz, with codes whose ToUnicode text is exactly ``word``."""
    shaped = shapeStr(word, font_name, font_size)
    data = getattr(shaped, "__shapeData__", None)
    if data is None:
        return str(shaped)  # nothing moved or substituted: each glyph is its own character
    font = pdfmetrics.getFont(font_name)
    codes = list(shaped)
    new_data = list(data)
    n = len(data)
    bases = [i for i in range(n) if i == 0 or data[i].x_advance != 0]
    for b, start in enumerate(bases):
        stop = bases[b + 1] if b + 1 < len(bases) else n
        text = word[data[start].cluster : data[stop].cluster if stop < n else len(word)]
        if stop - start == 1 and codes[start] == text:
            continue  # a letter on its own: its glyph is its character
        for i in range(start, stop):
            piece = text if i == start else ""
            glyph = codes[i]
            gid = font.face.charToGlyph[ord(glyph)]
            d = data[i]
            width = d.width
            if i != start and d.x_advance == 0:
                # A mark's own advance is drawn to the left of it by reportlab and undone after
                # it (a gap pypdf reads as a space); with the width -x_offset there is nothing to undo.
                width = -d.x_offset
                new_data[i] = d._replace(width=width)
            codes[i] = chr(_alias(font, gid, piece, width))
    result: str = ShapedStr("".join(codes), shapeData=new_data)
    return result


@lru_cache(maxsize=50_000)
def _shape_word(word: str, font_name: str, font_size: float) -> str:
    return text_layer_shape(word, font_name, font_size)


def shape_line(line: str, font_name: str, font_size: float) -> str:
    """``line`` shaped by HarfBuzz, word by word between spaces as a shaped Paragraph does.

    Thai marks never attach across a space, so the shapes of words can be cached: first
    names, service names and dates repeat all through a register.
    """
    words = line.split(" ")
    shaped = _shape_word(words[0], font_name, font_size)
    for word in words[1:]:
        shaped = shaped + " " + _shape_word(word, font_name, font_size)
    return shaped


class ThaiText(Flowable):  # type: ignore[misc]
    """Plain text (not markup) in lines broken between Thai words, each line shaped by HarfBuzz.

    Each line is drawn as reportlab's ``shapeStr`` of it, which is what a shaped Paragraph
    does word by word; skipping the Paragraph's markup parser and line breaker makes a
    year's register three times faster to lay out. Wrapping is memoised per width, so one
    instance can stand in many table cells of the same column. A ``reusable`` instance is
    drawn once per width into a PDF form XObject and referenced after that, which keeps
    both the time and the file size down when the register repeats a service name
    thousands of times.
    """

    # Kerning can make a shaped line a little wider than the sum of its advance widths.
    _SAFETY = 1.0

    def __init__(
        self,
        text: str,
        para_style: ParagraphStyle,
        *,
        reusable: bool = False,
        max_lines: int | None = None,
        prefer_spaces: bool = False,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = para_style
        self.reusable = reusable
        self.max_lines = max_lines
        self.prefer_spaces = prefer_spaces
        self._wrapped: dict[float, list[tuple[str, float]]] = {}
        self._forms: dict[float, str] = {}
        self._key = 0.0
        self._lines: list[tuple[str, float]] = []

    def lines(self, width: float) -> list[str]:
        width -= self._SAFETY
        lines = break_lines(
            self.text, width, self.style.fontName, self.style.fontSize, prefer_spaces=self.prefer_spaces
        )
        if self.max_lines is not None and len(lines) > self.max_lines:
            # the PDF is for reading; the full text stays in the CSV and XLSX
            font, size = self.style.fontName, self.style.fontSize
            room = width - pdfmetrics.stringWidth(" …", font, size)
            last = ""
            for piece in textbreak.segments(lines[self.max_lines - 1]):
                if pdfmetrics.stringWidth(last + piece.rstrip(), font, size) > room:
                    break
                last += piece
            lines = [*lines[: self.max_lines - 1], last.rstrip() + " …"]
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        key = round(availWidth, 2)
        lines = self._wrapped.get(key)
        if lines is None:
            font, size = self.style.fontName, self.style.fontSize
            lines = [(line, pdfmetrics.stringWidth(line, font, size)) for line in self.lines(availWidth)]
            self._wrapped[key] = lines
        self._key = key
        self._lines = lines
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        if not self.reusable:
            self._draw_lines()
            return
        canvas = self.canv
        name = self._forms.get(self._key)
        if name is None or not canvas.hasForm(name):
            name = self._forms[self._key] = f"T{next(_form_ids)}"
            canvas.beginForm(name)
            self._draw_lines()
            canvas.endForm()
        canvas.doForm(name)

    def _draw_lines(self) -> None:
        canvas = self.canv
        st = self.style
        font, size = st.fontName, st.fontSize
        text = canvas.beginText()
        text.setFont(font, size, st.leading)
        y = self.height - (size if rl_config.paraFontSizeHeightOffset else pdfmetrics.getAscent(font, size))
        for line, line_width in self._lines:
            if st.alignment == TA_CENTER:
                x = (self.width - line_width) / 2
            elif st.alignment == TA_RIGHT:
                x = self.width - line_width
            else:
                x = 0.0
            text.setTextOrigin(x, y)
            text.textOut(shape_line(line, font, size))
            y -= st.leading
        canvas.setFillColor(st.textColor)
        canvas.drawText(text)

    def __repr__(self) -> str:
        return f"ThaiText({self.text!r})"


def draw_text(
    canvas: Canvas,
    text: str,
    para_style: ParagraphStyle,
    *,
    x: float,
    y: float,
    width: float,
) -> float:
    """Draw shaped ``text`` with its top-left at (x, y); return its height."""
    flowable = ThaiText(text, para_style)
    _w, h = flowable.wrap(width, 10_000)
    flowable.drawOn(canvas, x, y - h)
    return float(h)


def dotted_line(before: str, after: str, width: float, para_style: ParagraphStyle) -> str:
    """``ลงชื่อ ........ ผู้รายงาน`` filled with dots up to ``width`` and never wider (it would wrap)."""
    font, size = para_style.fontName, para_style.fontSize
    fixed = pdfmetrics.stringWidth(f"{before}  {after}", font, size) + 2
    dots = "." * max(int((width - fixed) / pdfmetrics.stringWidth(".", font, size)), 3)
    return f"{before} {dots} {after}".strip()


class WritingLine(Flowable):  # type: ignore[misc]
    """A dotted line across the frame to write on by hand (a row of dots as text wraps into a stray line)."""

    def __init__(self, height: float = 22.0) -> None:
        super().__init__()
        self.line_height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return availWidth, self.line_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setDash(0.8, 2.6)
        canvas.setLineWidth(0.8)
        canvas.setLineCap(1)
        canvas.line(0, 4, self.width, 4)
        canvas.restoreState()


class PageCountCanvas(Canvas):  # type: ignore[misc]
    """A canvas that knows the page count at the end: "หน้า X / Y" in one pass.

    Each page draws ``/PageTotal Do`` where Y goes; the form is defined when the document is
    saved (a PDF may reference a form defined later), so no page has to be kept in memory.
    """

    TOTAL_FORM = "PageTotal"
    total_style: ParagraphStyle | None = None
    total_digits: str = "arabic"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        # reportlab's default first font is Helvetica, referenced on every page and never embedded
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self.pages_done = 0

    def showPage(self) -> None:
        self.pages_done += 1
        super().showPage()

    def draw_page_total(self, x: float, y: float) -> None:
        """Place the total page count with its baseline-box bottom-left at (x, y)."""
        self.saveState()
        self.translate(x, y)
        self.doForm(self.TOTAL_FORM)
        self.restoreState()

    def save(self) -> None:
        from kiosk.thai import thai_digits

        total = str(self.pages_done)
        if self.total_digits == "thai":
            total = thai_digits(total)
        self.beginForm(self.TOTAL_FORM)
        text = ThaiText(total, self.total_style or style("page-total", size=9))
        text.wrap(100, 100)
        text.drawOn(self, 0, 0)
        self.endForm()
        super().save()


# A long table ------------------------------------------------------------------------------

HEADER_FILL = colors.HexColor("#DDE5F0")
GRID_COLOR = colors.HexColor("#555555")
Cell = Any  # a ThaiText, a list of them (stacked), or a plain str without Thai letters


class _Body:
    """The rows of a :class:`RowTable` and what is known of them, shared by all its page parts."""

    def __init__(self, rows: Sequence[Any], make_cells: Callable[[Any], list[Cell]]) -> None:
        self.rows = rows
        self.make_cells = make_cells
        self.cells: dict[int, list[Cell]] = {}
        self.heights: list[float] = []


class RowTable(Flowable):  # type: ignore[misc]
    """A ruled table of many rows whose header row is repeated on every page.

    platypus' LongTable copies the rest of the table at every page break, which makes a
    year's register (25,000 rows, a thousand pages) quadratic. Here each page part is a
    window (start, end) on rows shared by all parts; each row is laid out once, lazily.
    """

    def __init__(
        self,
        header: list[Cell],
        rows: Sequence[Any],
        make_cells: Callable[[Any], list[Cell]],
        col_widths: Sequence[float],
        *,
        font: str = FONT,
        font_size: float = 9,
        padding: tuple[float, float, float, float] = (2, 1.5, 2, 2.5),  # left, top, right, bottom
        centered: frozenset[int] = frozenset(),
        header_fill: Any = HEADER_FILL,
        grid_color: Any = GRID_COLOR,
        empty: Cell | None = None,
        on_drawn: Callable[[int], None] | None = None,
        _body: _Body | None = None,
        _start: int = 0,
        _end: int | None = None,
    ) -> None:
        super().__init__()
        self.header = header
        self.body = _body or _Body(rows, make_cells)
        self.col_widths = list(col_widths)
        self.font = font
        self.font_size = font_size
        self.padding = padding
        self.centered = centered
        self.header_fill = header_fill
        self.grid_color = grid_color
        self.empty = empty
        self.on_drawn = on_drawn
        self.start = _start
        self.end = _end  # None: up to the last row, not measured yet
        self.header_height = self._row_height(header)
        ascent, _descent = pdfmetrics.getAscentDescent(font, font_size)
        from reportlab import rl_config

        self._baseline = font_size if rl_config.paraFontSizeHeightOffset else ascent

    # measuring

    def _cell_height(self, cell: Cell, width: float) -> float:
        if isinstance(cell, str):
            return self.font_size * 1.2 if cell else 0.0
        if isinstance(cell, list):
            return sum(self._cell_height(c, width) for c in cell)
        _w, h = cell.wrap(width, 10_000)
        return float(h)

    def _row_height(self, cells: list[Cell]) -> float:
        left, top, right, bottom = self.padding
        tallest = max(self._cell_height(c, w - left - right) for c, w in zip(cells, self.col_widths, strict=True))
        return top + tallest + bottom

    def _cells(self, i: int) -> list[Cell]:
        cells = self.body.cells.get(i)
        if cells is None:
            cells = self.body.cells[i] = self.body.make_cells(self.body.rows[i])
        return cells

    def _height_of_row(self, i: int) -> float:
        heights = self.body.heights
        while len(heights) <= i:
            heights.append(self._row_height(self._cells(len(heights))))
        return heights[i]

    def _empty_height(self) -> float:
        if self.empty is None:
            return 0.0
        left, top, right, bottom = self.padding
        return top + self._cell_height(self.empty, sum(self.col_widths) - left - right) + bottom

    def _fit(self, avail_height: float) -> tuple[int, float]:
        """The end of the rows that fit below the header in ``avail_height``, and their height."""
        used = self.header_height
        n = len(self.body.rows)
        stop = n if self.end is None else self.end
        i = self.start
        while i < stop:
            h = self._height_of_row(i)
            if used + h > avail_height + 1e-6:
                break
            used += h
            i += 1
        return i, used

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self.col_widths)
        if not self.body.rows:
            self.height = self.header_height + self._empty_height()
            return self.width, self.height
        stop = len(self.body.rows) if self.end is None else self.end
        end, used = self._fit(availHeight)
        if end < stop:
            # does not fit: report more than available so that platypus asks us to split
            self.height = availHeight + 1
        else:
            self.height = used
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[RowTable]:
        end, _used = self._fit(availHeight)
        if end == self.start:
            return []  # not even one row fits here: start on the next page
        return [self._part(self.start, end), self._part(end, self.end)]

    def _part(self, start: int, end: int | None) -> RowTable:
        return RowTable(
            self.header,
            self.body.rows,
            self.body.make_cells,
            self.col_widths,
            font=self.font,
            font_size=self.font_size,
            padding=self.padding,
            centered=self.centered,
            header_fill=self.header_fill,
            grid_color=self.grid_color,
            empty=self.empty,
            on_drawn=self.on_drawn,
            _body=self.body,
            _start=start,
            _end=end,
        )

    # drawing

    def _draw_cell(self, cell: Cell, x: float, top: float, width: float, column: int) -> None:
        canvas = self.canv
        if isinstance(cell, str):
            if not cell:
                return
            canvas.setFont(self.font, self.font_size)
            baseline = top - self._baseline
            if column in self.centered:
                canvas.drawCentredString(x + width / 2, baseline, cell)
            else:
                canvas.drawString(x, baseline, cell)
            return
        for flowable in cell if isinstance(cell, list) else [cell]:
            _w, h = flowable.wrap(width, 10_000)
            flowable.drawOn(canvas, x, top - h)
            top -= h

    def _draw_row(self, cells: list[Cell], top: float) -> None:
        left, pad_top, right, _bottom = self.padding
        x = 0.0
        for column, (cell, width) in enumerate(zip(cells, self.col_widths, strict=True)):
            self._draw_cell(cell, x + left, top - pad_top, width - left - right, column)
            x += width

    def draw(self) -> None:
        canvas = self.canv
        width = sum(self.col_widths)
        top = self.height
        canvas.saveState()
        canvas.setFillColor(self.header_fill)
        canvas.rect(0, top - self.header_height, width, self.header_height, stroke=0, fill=1)
        canvas.restoreState()
        self._draw_row(self.header, top)
        rules = [top, top - self.header_height]
        y = rules[-1]
        if not self.body.rows:
            if self.empty is not None:
                left, pad_top, right, _bottom = self.padding
                self._draw_cell(self.empty, left, y - pad_top, width - left - right, -1)
                y -= self._empty_height()
                rules.append(y)
        else:
            end = len(self.body.rows) if self.end is None else self.end
            for i in range(self.start, end):
                self._draw_row(self._cells(i), y)
                y -= self._height_of_row(i)
                rules.append(y)
                # a drawn row is not needed again: let its cells go
                self.body.cells.pop(i, None)
        canvas.saveState()
        canvas.setStrokeColor(self.grid_color)
        canvas.setLineWidth(0.4)
        path = canvas.beginPath()
        for ry in rules:
            path.moveTo(0, ry)
            path.lineTo(width, ry)
        x = 0.0
        xs = [0.0]
        for w in self.col_widths:
            x += w
            xs.append(x)
        bottom = rules[-1]
        for i, vx in enumerate(xs):
            if self.body.rows or i in (0, len(xs) - 1):
                path.moveTo(vx, top)
                path.lineTo(vx, bottom)
            else:  # the empty message spans the columns below the header
                path.moveTo(vx, top)
                path.lineTo(vx, top - self.header_height)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
        if self.on_drawn is not None and self.body.rows:
            end = len(self.body.rows) if self.end is None else self.end
            self.on_drawn(end - self.start)
