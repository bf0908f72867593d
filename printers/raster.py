"""Queue tickets and survey slips drawn as crisp 1-bit images: Thai shaped by Qt, in the bundled Sarabun."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources

import qrcode
from PIL import Image
from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QRawFont,
    QTextLayout,
    QTextOption,
)

from kiosk.models import Lane
from kiosk.printing import SurveySlip, TicketSlip
from kiosk.textbreak import word_breaks
from kiosk.thai import WEEKDAYS_TH, format_date, format_time
from printers.profile import PrinterProfile

FONT_FAMILY = "Sarabun"
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Medium.ttf", "Sarabun-SemiBold.ttf", "Sarabun-Bold.ttf")
# Grey levels below this print black. Above mid-grey on purpose: thermal dots spread little,
# and the thin strokes of Thai vowel marks must survive.
THRESHOLD = 160
_THRESHOLD_LUT = [0] * THRESHOLD + [255] * (256 - THRESHOLD)  # grey level → 0 (black) or 255 (white)
QUEUE_NUMBER_CAP_MM = 12.0  # the ticket number, at least 10 mm tall (issue 3)
SAMPLE_BANNER = "ตัวอย่าง · ทดสอบเครื่องพิมพ์"
MIN_INK_GAP = 4  # dots of paper between the ink of two lines of one text, marks included
EDGE = 2  # dots of paper between a text's ink and the edge of its box (so ≥ 4 between texts)
SPACE_BREAK_FILL = 0.7
NBSP = "\u00a0"

_lock = threading.Lock()
_app: QGuiApplication | None = None
_fonts_loaded = False


class RenderError(RuntimeError):
    """The slip cannot be drawn here (no Qt GUI application possible, font missing)."""


# Qt set-up ---------------------------------------------------------------------------------


def ensure_fonts() -> None:
    """Make sure a QGuiApplication exists (Qt needs one to draw text) and Sarabun is loaded."""
    global _app, _fonts_loaded
    with _lock:
        if _fonts_loaded:
            return
        instance = QGuiApplication.instance()
        if instance is None:
            if (
                sys.platform.startswith("linux")
                and not os.environ.get("QT_QPA_PLATFORM")
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
            ):
                os.environ["QT_QPA_PLATFORM"] = "offscreen"
            _app = QGuiApplication([sys.argv[0] if sys.argv else "kiosk"])
        elif not isinstance(instance, QGuiApplication):
            raise RenderError("a QCoreApplication exists: slips need a QGuiApplication to draw text")
        fonts = resources.files("resources") / "fonts"
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFontFromData((fonts / name).read_bytes())
            if font_id < 0:
                raise RenderError(f"Qt could not load the bundled font {name}")
        if FONT_FAMILY not in QFontDatabase.families():
            raise RenderError(f"font family {FONT_FAMILY!r} missing after loading {FONT_FILES}")
        _fonts_loaded = True


def _font(px: int, weight: QFont.Weight) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(px)
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


# What a slip is made of --------------------------------------------------------------------


@dataclass(frozen=True)
class NativeQr:
    """A QR code the printer draws itself (``printer.native_qr``), between two raster parts."""

    data: str
    module: int  # dots per module


SlipPart = Image.Image | NativeQr


@dataclass(frozen=True)
class SlipImage:
    """A slip ready to print: 1-bit images (PIL mode ``1``) and, if the printer can, native QR codes."""

    width: int
    parts: tuple[SlipPart, ...]

    def flatten(self) -> Image.Image:
        """One image of the whole slip, native QR codes drawn as the printer would (for previews)."""
        images = [
            part if isinstance(part, Image.Image) else qr_image(part.data, part.module, self.width)
            for part in self.parts
        ]
        height = sum(image.height for image in images)
        out = Image.new("1", (self.width, height), 1)
        y = 0
        for image in images:
            out.paste(image, (0, y))
            y += image.height
        return out


@dataclass(frozen=True)
class _Text:
    text: str
    px: int
    weight: QFont.Weight = QFont.Weight.Normal
    inverse: bool = False  # white on black, for what must stand out
    url: bool = False  # a link: kept whole, or broken after a "/"
    left: bool = False  # flush left: body text, and fewer bytes to send (see escpos_printer.bands)
    keep: tuple[str, ...] = ()  # names never broken inside (the district's), besides keep_whole.txt


@dataclass(frozen=True)
class _Big:
    text: str
    cap_height: int


@dataclass(frozen=True)
class _Qr:
    data: str
    module: int


@dataclass(frozen=True)
class _QrBeside:
    """A QR code at the left margin with text beside it: the ticket stays short."""

    qr: _Qr
    texts: tuple[_Text, ...]


@dataclass(frozen=True)
class _Gap:
    dots: int


@dataclass(frozen=True)
class _Rule:
    pass


_Element = _Text | _Big | _Qr | _QrBeside | _Gap | _Rule


# Layouts -----------------------------------------------------------------------------------


def _scale(profile: PrinterProfile) -> float:
    return 0.8 if profile.narrow else 1.0


def _weekday_date(day: dt.date) -> str:
    return f"วัน{WEEKDAYS_TH[day.weekday()]}ที่ {format_date(day)}"


def _time(moment: dt.datetime) -> str:
    """``เวลา 10:00 น.`` kept on one line."""
    return f"เวลา {format_time(moment)}".replace(" ", NBSP)


def ticket_elements(slip: TicketSlip, profile: PrinterProfile, *, sample: bool = False) -> list[_Element]:
    s = _scale(profile)

    def px(size: float) -> int:
        return round(size * s)

    elements: list[_Element] = []
    if sample:
        elements += [_Text(SAMPLE_BANNER, px(24), QFont.Weight.Bold, inverse=True), _Gap(px(8))]
    names = (slip.district,) if slip.district else ()
    elements.append(_Text(slip.centre_name, px(30), QFont.Weight.Bold, keep=names))
    if slip.district and slip.district not in slip.centre_name:
        elements.append(_Text(f"อำเภอ{slip.district}", px(28), QFont.Weight.Medium, keep=names))
    ahead = f"มีผู้รอก่อนหน้าท่าน {slip.people_ahead} คิว" if slip.people_ahead else "ไม่มีผู้รอก่อนหน้าท่าน"
    elements += [
        _Text("จุดให้บริการอิเล็กทรอนิกส์ (e-Service)", px(22)),
        _Text(f"{_weekday_date(slip.issued_at.date())}  {_time(slip.issued_at)}", px(22)),
        _Rule(),
        _Text("หมายเลขคิวของท่าน", px(26), QFont.Weight.Medium),
        _Big(slip.label, profile.mm(QUEUE_NUMBER_CAP_MM)),
        _Text(slip.lane_th, px(26), QFont.Weight.Bold, inverse=slip.lane is Lane.PRIORITY),
        _Gap(px(8)),
        *(
            [_Text(f"ผู้รับบริการ: {slip.visitor_name}  {slip.national_id_masked}".strip(), px(24), left=True)]
            if slip.visitor_name
            else []
        ),
        _Text(f"งานบริการ: {slip.service_name_th}", px(30), QFont.Weight.DemiBold, left=True),
        _Text(ahead, px(26), QFont.Weight.Medium, left=True),
        _Rule(),
    ]
    beside = tuple(_Text(line, px(22), left=True) for line in slip.instructions)
    beside += (_Text(slip.service_url, px(18), url=True, left=True),)
    elements.append(_QrBeside(_Qr(slip.service_url, _qr_module(slip.service_url, profile, share=0.3)), beside))
    if sample:
        elements += [_Gap(px(8)), _Text(SAMPLE_BANNER, px(24), QFont.Weight.Bold, inverse=True)]
    return elements


def survey_elements(slip: SurveySlip, profile: PrinterProfile, *, sample: bool = False) -> list[_Element]:
    s = _scale(profile)

    def px(size: float) -> int:
        return round(size * s)

    elements: list[_Element] = []
    if sample:
        elements += [_Text(SAMPLE_BANNER, px(24), QFont.Weight.Bold, inverse=True), _Gap(px(8))]
    elements += [
        _Text(slip.centre_name, px(28), QFont.Weight.Medium, keep=(slip.district,) if slip.district else ()),
        _Text("ขอบคุณที่ใช้บริการ", px(44), QFont.Weight.Bold),
        _Text("โปรดช่วยตอบแบบสำรวจความพึงพอใจ", px(28), QFont.Weight.DemiBold),
        _Qr(slip.survey_url, _qr_module(slip.survey_url, profile, share=0.5)),
        _Text(slip.survey_url, px(20), url=True),
        _Gap(px(6)),
    ]
    elements += [_Text(line, px(24)) for line in slip.instructions]
    elements += [
        _Rule(),
        _Text(f"บัตรคิว {slip.label}  {slip.service_name_th}", px(22)),
        _Text(f"{format_date(slip.served_at.date())}  {_time(slip.served_at)}", px(22)),
    ]
    if slip.privacy_url:
        elements += [
            _Gap(px(6)),
            _Text("ประกาศการคุ้มครองข้อมูลส่วนบุคคล", px(20)),
            _Text(slip.privacy_url, px(20), url=True),
        ]
    if sample:
        elements += [_Gap(px(8)), _Text(SAMPLE_BANNER, px(24), QFont.Weight.Bold, inverse=True)]
    return elements


def render_ticket(
    slip: TicketSlip, profile: PrinterProfile, *, sample: bool = False, trace: list[TextLine] | None = None
) -> SlipImage:
    return render(ticket_elements(slip, profile, sample=sample), profile, trace=trace)


def render_survey(
    slip: SurveySlip, profile: PrinterProfile, *, sample: bool = False, trace: list[TextLine] | None = None
) -> SlipImage:
    return render(survey_elements(slip, profile, sample=sample), profile, trace=trace)


# Drawing -----------------------------------------------------------------------------------


def _margin(profile: PrinterProfile) -> int:
    return profile.mm(1.5)


@dataclass(frozen=True)
class TextLine:
    """A line of text as drawn on a slip (for checks of the layout): ``y`` is its baseline on the
    flattened slip; ``box`` the black box of white text (left, top, right, bottom), if any."""

    text: str
    whole: str  # the text it is a line of
    px: int
    weight: QFont.Weight
    x: float
    y: float
    url: bool
    box: tuple[int, int, int, int] | None


def render(elements: Sequence[_Element], profile: PrinterProfile, *, trace: list[TextLine] | None = None) -> SlipImage:
    """Draw ``elements`` top to bottom at the profile's width; native QR codes split the image.

    ``trace``, if given, receives every line of text drawn.
    """
    ensure_fonts()
    parts: list[SlipPart] = []
    run: list[_Element] = []
    top = 0

    def draw() -> None:
        nonlocal top
        image = _draw(run, profile, trace=trace, top=top)
        parts.append(image)
        top += image.height
        run.clear()

    for element in elements:
        if isinstance(element, _Qr | _QrBeside) and profile.native_qr:
            qr = element.qr if isinstance(element, _QrBeside) else element
            if run:
                draw()
            parts.append(NativeQr(qr.data, qr.module))
            top += qr_image(qr.data, qr.module, profile.dots).height
            if isinstance(element, _QrBeside):  # the printer centres its own QR: text goes below
                run.extend(replace(t, left=False) for t in element.texts)
        else:
            run.append(element)
    if run:
        draw()
    return SlipImage(width=profile.dots, parts=tuple(parts))


def _reference_device() -> QImage:
    """Text is measured on the same kind of device it is drawn on, so lines break the same way."""
    global _device
    if _device is None:
        _device = QImage(8, 8, QImage.Format.Format_Grayscale8)
    return _device


_device: QImage | None = None


# Text: Thai broken between words (the PDF's breaker), spaced by the ink of the actual lines ----


@dataclass(frozen=True)
class PlacedLine:
    """One line of a text element: where it is drawn and where its ink is, in the element's box."""

    text: str
    x: float  # left end of the line's advance
    width: float  # the line's advance
    baseline: float
    ink_top: float  # the top of the highest mark on the line (glyph bounding boxes)
    ink_bottom: float


@dataclass(frozen=True)
class TextBox:
    lines: tuple[PlacedLine, ...]
    height: int
    pad: int  # the black margin around white text (inverse), else 0


def _metrics(font: QFont) -> QFontMetricsF:
    return QFontMetricsF(font, _reference_device())


def _advance(text: str, font: QFont) -> float:
    return _metrics(font).horizontalAdvance(text.rstrip())


def _ink(text: str, font: QFont) -> tuple[float, float]:
    """Top and bottom of the ink of ``text`` drawn on a baseline at 0: every glyph as shaped,
    marks stacked above and below included (the font's ascent and descent do not hold them all)."""
    layout = QTextLayout(text, font, _reference_device())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setPosition(QPointF(0, 0))
    layout.endLayout()
    top, bottom = math.inf, -math.inf
    for run in layout.glyphRuns():  # QGlyphRun.boundingRect() is the line's box, not the ink
        raw = run.rawFont()
        for glyph, position in zip(run.glyphIndexes(), run.positions(), strict=True):
            rect = raw.boundingRect(glyph).translated(position)
            if not rect.isEmpty():
                top, bottom = min(top, rect.top()), max(bottom, rect.bottom())
    if top > bottom:  # nothing visible
        return 0.0, 0.0
    return top - line.ascent(), bottom - line.ascent()


@functools.cache
def keep_whole() -> tuple[str, ...]:
    """Compounds libthai splits that a slip keeps whole (``resources/printers/keep_whole.txt``)."""
    text = (resources.files("resources") / "printers" / "keep_whole.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(word for word in words if word)


def _pieces(text: str, *, url: bool, keep: tuple[str, ...] = ()) -> list[str]:
    """Where a line may end: after a Thai word or a space (libthai, as the PDFs), never inside a
    compound of :func:`keep_whole` or ``keep``; after a "/" of a link. A no-break space holds
    its neighbours together (``เวลา 10:05 น.``)."""
    if url:
        return [piece for piece in re.findall(r"[^/]*/+|[^/]+$", text) if piece]
    breaks = set(word_breaks(text))
    for word in (*keep_whole(), *keep):
        start = text.find(word) if word else -1
        while start >= 0:
            breaks -= set(range(start + 1, start + len(word)))
            start = text.find(word, start + 1)
    breaks = {b for b in breaks if text[b - 1] != NBSP}
    edges = [0, *sorted(breaks), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges) if a < b]


def _fit(piece: str, font: QFont, width: float) -> list[str]:
    """A piece too long for a line on its own, cut between characters (never before a mark)."""
    out: list[str] = []
    current = ""
    for ch in piece:
        if current and unicodedata.category(ch) not in {"Mn", "Mc"} and _advance(current + ch, font) > width:
            out.append(current)
            current = ""
        current += ch
    return [*out, current] if current else out


def break_lines(text: str, font: QFont, width: float, *, url: bool = False, keep: tuple[str, ...] = ()) -> list[str]:
    """``text`` in lines no wider than ``width``: greedy, then no last line of a single word."""
    lines: list[list[str]] = [[]]
    for piece in _pieces(text, url=url, keep=keep):
        for part in _fit(piece, font, width) if _advance(piece, font) > width else [piece]:
            if lines[-1] and _advance("".join(lines[-1]) + part, font) > width:
                lines.append(_after_last_space(lines[-1], font, width))
            lines[-1].append(part)
    # An orphan: take words down from the line above while they fit and leave it a word or more.
    if not url:
        while len(lines) >= 2 and len(lines[-1]) == 1 and len(lines[-2]) >= 3:
            moved = [lines[-2][-1], *lines[-1]]
            if _advance("".join(moved), font) > width:
                break
            lines[-2], lines[-1] = lines[-2][:-1], moved
    return ["".join(line).strip() for line in lines if "".join(line).strip()]


def _after_last_space(line: list[str], font: QFont, width: float) -> list[str]:
    """Thai puts a space between phrases: a full line breaks there rather than between two words
    of a phrase (สตรีมีครรภ์), as long as the line stays :data:`SPACE_BREAK_FILL` full. The
    words after that space are taken off ``line`` and returned to start the next one."""
    for k in range(len(line) - 2, -1, -1):
        if line[k].endswith(" "):
            if _advance("".join(line[: k + 1]), font) < SPACE_BREAK_FILL * width:
                break
            moved = line[k + 1 :]
            del line[k + 1 :]
            return moved
    return []


@functools.lru_cache(maxsize=512)
def set_text(element: _Text, width: int) -> TextBox:
    """The lines of a text element at ``width``, one under the other: baselines at the font's
    line spacing, further apart where the marks of two lines would come closer than
    :data:`MIN_INK_GAP`; the box leaves :data:`EDGE` dots of paper above and below the ink."""
    font = _font(element.px, element.weight)
    pad = element.px // 5 if element.inverse else 0
    inner = width - 2 * pad - (2 * EDGE if element.inverse else 0)
    metrics = _metrics(font)
    placed: list[PlacedLine] = []
    baseline = 0.0
    for text in break_lines(element.text, font, inner, url=element.url, keep=element.keep):
        top, bottom = _ink(text, font)
        if placed:
            previous = placed[-1]
            baseline = max(previous.baseline + metrics.lineSpacing(), previous.ink_bottom + MIN_INK_GAP - top)
        else:
            baseline = max(metrics.ascent(), -top + EDGE)
        advance = _advance(text, font)
        x = 0.0 if element.left else (inner - advance) / 2
        placed.append(PlacedLine(text, x, advance, baseline, baseline + top, baseline + bottom))
    if not placed:
        return TextBox((), 0, pad)
    bottom = max(placed[-1].baseline + metrics.descent(), placed[-1].ink_bottom + EDGE)
    return TextBox(tuple(placed), math.ceil(bottom), pad)


def _text_height(element: _Text, width: int) -> int:
    box = set_text(element, width)
    if element.inverse:
        return box.height + 2 * box.pad + 2 * EDGE
    return box.height


@functools.lru_cache(maxsize=8)
def _big_glyphs(element: _Big, width: int) -> tuple[QPainterPath, int, int]:
    """The queue number as one path, its advance and cap height, from a private QRawFont.

    Kept for the slip's next question (its height is asked, then it is painted); the path is
    never changed in place, only drawn translated.

    A QRawFont of its own, not QFont: drawn through the shared font engine, the number came out
    a few pixels different the first time in a process, which would make slips unrepeatable.
    """
    data = _font_data("Sarabun-Bold.ttf")
    units_per_em, cap_units = _font_units(data)
    px = max(8, round(element.cap_height * units_per_em / cap_units))
    while True:
        raw = QRawFont(data, px)
        glyphs = raw.glyphIndexesForString(element.text)
        advance = sum(point.x() for point in raw.advancesForGlyphIndexes(glyphs))
        if advance <= width or px <= 8:
            break
        px -= 2
    path = QPainterPath()
    x = 0.0
    for glyph, step in zip(glyphs, raw.advancesForGlyphIndexes(glyphs), strict=True):
        path.addPath(raw.pathForGlyph(glyph).translated(x, 0))
        x += step.x()
    return path, math.ceil(advance), round(raw.capHeight())


@functools.cache
def _font_data(name: str) -> bytes:
    return (resources.files("resources") / "fonts" / name).read_bytes()


@functools.cache
def _font_units(data: bytes) -> tuple[float, float]:
    """Units per em, and the cap height in font units (from a large raw font, so rounding does
    not matter): read once, a QRawFont takes 0.25 ms to make."""
    raw = QRawFont(data, 1000)
    return raw.unitsPerEm(), raw.capHeight() * raw.unitsPerEm() / 1000


def _height(element: _Element, width: int) -> int:
    if isinstance(element, _Text):
        return _text_height(element, width)
    if isinstance(element, _Big):
        _path, _advance, cap = _big_glyphs(element, width)
        return cap + cap // 4
    if isinstance(element, _Qr):
        return (_qr_matrix_size(element.data) + 4) * element.module
    if isinstance(element, _QrBeside):
        column = width - _qr_side(element.qr)
        return max(_height(element.qr, width), sum(_height(text, column) for text in element.texts))
    if isinstance(element, _Gap):
        return element.dots
    return 16  # _Rule


def _draw(
    elements: Sequence[_Element], profile: PrinterProfile, *, trace: list[TextLine] | None = None, top: int = 0
) -> Image.Image:
    margin = _margin(profile)
    inner = profile.dots - 2 * margin
    heights = [_height(element, inner) for element in elements]
    image = QImage(profile.dots, sum(heights), QImage.Format.Format_Grayscale8)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        y = 0
        for element, height in zip(elements, heights, strict=True):
            _paint(painter, element, QRect(margin, y, inner, height), profile, trace=trace, top=top)
            y += height
    finally:
        painter.end()
    return _threshold(image)


def _paint(
    painter: QPainter,
    element: _Element,
    box: QRect,
    profile: PrinterProfile,
    *,
    trace: list[TextLine] | None = None,
    top: int = 0,
) -> None:
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    if isinstance(element, _Text):
        placed = set_text(element, box.width())
        left, y = box.x(), box.y()
        black_box = None
        if element.inverse:  # a black box hugging the lines, with paper around it
            fill = box.adjusted(0, EDGE, 0, -EDGE)
            if placed.lines and not element.left:  # as wide as the lines: less black to send
                inset = math.floor(min(line.x for line in placed.lines))
                fill = fill.adjusted(inset, 0, -inset, 0)
            painter.fillRect(fill, black)
            black_box = (fill.left(), top + fill.top(), fill.right(), top + fill.bottom())
            left, y = left + placed.pad + EDGE, y + placed.pad + EDGE
        painter.setPen(white if element.inverse else black)
        painter.setFont(_font(element.px, element.weight))
        for line in placed.lines:
            painter.drawText(QPointF(left + line.x, y + line.baseline), line.text)
            if trace is not None:
                trace.append(
                    TextLine(
                        line.text,
                        element.text,
                        element.px,
                        element.weight,
                        left + line.x,
                        top + y + line.baseline,
                        element.url,
                        black_box,
                    )
                )
    elif isinstance(element, _Big):
        glyphs, advance, cap = _big_glyphs(element, box.width())
        path = glyphs.translated(box.x() + (box.width() - advance) // 2, box.y() + cap + cap // 8)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(path, black)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    elif isinstance(element, _Qr):
        _paint_qr(painter, element, (profile.dots - _qr_matrix_size(element.data) * element.module) // 2, box.y())
    elif isinstance(element, _QrBeside):
        side = _qr_side(element.qr)
        _paint_qr(painter, element.qr, box.x(), box.y())
        y = box.y() + max(0, (box.height() - sum(_height(t, box.width() - side) for t in element.texts)) // 2)
        for text in element.texts:
            height = _height(text, box.width() - side)
            _paint(painter, text, QRect(box.x() + side, y, box.width() - side, height), profile, trace=trace, top=top)
            y += height
    elif isinstance(element, _Rule):
        middle = box.y() + box.height() // 2
        dash = profile.mm(1)
        for x in range(box.x(), box.right(), 2 * dash):
            painter.fillRect(x, middle - 1, dash, 2, black)


def _qr_side(qr: _Qr) -> int:
    """Width taken by a QR code beside text, with its quiet zone on the text's side."""
    return (_qr_matrix_size(qr.data) + 3) * qr.module


def _paint_qr(painter: QPainter, qr: _Qr, left: int, top: int) -> None:
    black = QColor(0, 0, 0)
    top += 2 * qr.module
    for row, cells in enumerate(_qr_matrix(qr.data)):
        for col, dark in enumerate(cells):
            if dark:
                painter.fillRect(left + col * qr.module, top + row * qr.module, qr.module, qr.module, black)


def _threshold(image: QImage) -> Image.Image:
    """Grey to 1-bit by a fixed threshold: no dithering, so glyph edges stay crisp."""
    grey = Image.frombuffer(
        "L", (image.width(), image.height()), bytes(image.constBits()), "raw", "L", image.bytesPerLine(), 1
    )
    return grey.point(_THRESHOLD_LUT, "1")


# QR codes ----------------------------------------------------------------------------------


def _qr_code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code


@functools.lru_cache(maxsize=16)
def _qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row. A slip asks for them several times (its module size, its height,
    its painting): encoding takes about 2 ms, so it is done once per text."""
    matrix: list[list[bool]] = _qr_code(data).get_matrix()
    return tuple(tuple(row) for row in matrix)


def _qr_matrix_size(data: str) -> int:
    return len(_qr_matrix(data))


QR_MODULE_MM = (0.5, 0.75)  # a phone reads 0.5 mm modules at arm's length; larger only costs bytes


def _qr_module(data: str, profile: PrinterProfile, *, share: float) -> int:
    """Dots per module so the code fills about ``share`` of the paper's width, 0.5–0.75 mm a module.

    Every dot row of a raster QR code costs its width in bytes: the survey slip's code at 1 mm a
    module was 13.8 kB, 14 s at 9,600 baud; at 0.75 mm it is about 9 kB and reads as well.
    """
    modules = _qr_matrix_size(data) + 8  # with the quiet zone
    smallest, largest = (max(3, round(mm * profile.dots_per_mm)) for mm in QR_MODULE_MM)
    return max(smallest, min(largest, int(profile.dots * share) // modules + 1))


def qr_image(data: str, module: int, width: int) -> Image.Image:
    """A QR code drawn the way a printer with native QR support would, centred at ``width``."""
    matrix = _qr_matrix(data)
    size = len(matrix) * module
    height = size + 4 * module
    out = Image.new("1", (width, height), 1)
    left = (width - size) // 2
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                x, y = left + col * module, 2 * module + row * module
                out.paste(0, (x, y, x + module, y + module))
    return out


# The calibration ruler of `kiosk print test` ------------------------------------------------

RULER_MARKS = (384, 512, 576)  # the printable widths of 58 mm and of the two kinds of 80 mm printer


def render_ruler(profile: PrinterProfile) -> SlipImage:
    """A ruler across the profile's whole width, so the installer sees on paper what prints.

    Numbers are dots from the left edge, a tick every millimetre; a black bar marks each end.
    When the right bar and the last number are missing, the printer prints fewer dots than the
    profile says: choose the profile (or ``printer.dots``) the ruler shows. The arrow under the
    ruler is sent as a centred raster image: a printer that does not centre images prints it
    at the left edge (then set ``printer.centre_raster = false``).
    """
    ensure_fonts()
    width = profile.dots
    s = _scale(profile)
    title = _Text("แถบวัดความกว้างการพิมพ์ (calibration)", round(24 * s), QFont.Weight.Bold)
    about = _Text(
        f"printer.profile = {profile.key} · {profile.dots} จุด · {profile.dpi} dpi · {profile.paper_width_mm} มม.",
        round(18 * s),
    )
    check = _Text(
        "แถบดำต้องพิมพ์ครบทั้งซ้ายและขวา ถ้าขวาหาย ให้เลือก printer.profile ที่เลขสุดท้ายตรงกับที่พิมพ์ได้",
        round(18 * s),
    )
    head = _draw([title, about, check, _Gap(8)], profile)
    scale = QImage(width, 96, QImage.Format.Format_Grayscale8)
    scale.fill(QColor(255, 255, 255))
    painter = QPainter(scale)
    try:
        black = QColor(0, 0, 0)
        painter.fillRect(0, 0, width, 2, black)
        step = profile.dots_per_mm
        for mm in range(int(width / step) + 1):
            x = round(mm * step)
            length = 24 if mm % 10 == 0 else 14 if mm % 5 == 0 else 8
            painter.fillRect(min(x, width - 2), 0, 2, length, black)
        painter.setFont(_font(16, QFont.Weight.Bold))
        painter.setPen(black)
        for x in range(0, width + 1, 64):
            label = str(x)
            advance = _advance(label, painter.font())
            left = min(max(10.0, x - advance / 2), width - advance - 10)
            painter.drawText(QPointF(left, 44), label)
        for mark in RULER_MARKS:
            if mark <= width:
                painter.fillRect(mark - 2, 50, 2, 46, black)
                label = f"{mark} ▸"
                painter.drawText(QPointF(mark - 14 - _advance(label, painter.font()), 88), label)
        painter.fillRect(0, 0, 8, 96, black)  # both ends: missing on paper means cut off
        painter.fillRect(width - 8, 0, 8, 96, black)
    finally:
        painter.end()
    arrow = QImage(width, 40, QImage.Format.Format_Grayscale8)
    arrow.fill(QColor(255, 255, 255))
    painter = QPainter(arrow)
    try:
        painter.setFont(_font(22, QFont.Weight.Bold))
        painter.setPen(QColor(0, 0, 0))
        label = "▲ กึ่งกลาง ▲"
        painter.drawText(QPointF((width - _advance(label, painter.font())) / 2, 30), label)
    finally:
        painter.end()
    return SlipImage(width=width, parts=(head, _threshold(scale), Image.new("1", (width, 12), 1), _threshold(arrow)))
