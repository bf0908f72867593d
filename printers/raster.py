"""Queue tickets and survey slips drawn as crisp 1-bit images: Thai shaped by Qt, in the bundled Sarabun."""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import qrcode
from PIL import Image
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
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
from kiosk.thai import WEEKDAYS_TH, format_date, format_time
from printers.profile import PrinterProfile

FONT_FAMILY = "Sarabun"
FONT_FILES = ("Sarabun-Regular.ttf", "Sarabun-Medium.ttf", "Sarabun-SemiBold.ttf", "Sarabun-Bold.ttf")
# Grey levels below this print black. Above mid-grey on purpose: thermal dots spread little,
# and the thin strokes of Thai vowel marks must survive.
THRESHOLD = 160
QUEUE_NUMBER_CAP_MM = 12.0  # the ticket number, at least 10 mm tall (issue 3)
SAMPLE_BANNER = "ตัวอย่าง · ทดสอบเครื่องพิมพ์"
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
    anywhere: bool = False  # break anywhere (URLs), not only between words
    left: bool = False  # flush left: body text, and fewer bytes to send (see escpos_printer.bands)


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
    elements.append(_Text(slip.centre_name, px(30), QFont.Weight.Bold))
    if slip.district and slip.district not in slip.centre_name:
        elements.append(_Text(f"อำเภอ{slip.district}", px(28), QFont.Weight.Medium))
    ahead = f"มีผู้รอก่อนหน้าท่าน {slip.people_ahead} คิว" if slip.people_ahead else "ไม่มีผู้รอก่อนหน้าท่าน"
    elements += [
        _Text("จุดให้บริการอิเล็กทรอนิกส์ (e-Service)", px(22)),
        _Text(f"{_weekday_date(slip.issued_at.date())}  {_time(slip.issued_at)}", px(22)),
        _Rule(),
        _Text("หมายเลขคิวของท่าน", px(26), QFont.Weight.Medium),
        _Big(slip.label, profile.mm(QUEUE_NUMBER_CAP_MM)),
        _Text(slip.lane_th, px(26), QFont.Weight.Bold, inverse=slip.lane is Lane.PRIORITY),
        _Gap(px(8)),
        _Text(f"งานบริการ: {slip.service_name_th}", px(30), QFont.Weight.DemiBold, left=True),
        _Text(ahead, px(26), QFont.Weight.Medium, left=True),
        _Rule(),
    ]
    beside = tuple(_Text(line, px(22), left=True) for line in slip.instructions)
    beside += (_Text(slip.service_url, px(18), anywhere=True, left=True),)
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
        _Text(slip.centre_name, px(28), QFont.Weight.Medium),
        _Text("ขอบคุณที่ใช้บริการ", px(44), QFont.Weight.Bold),
        _Text("โปรดช่วยตอบแบบสำรวจความพึงพอใจ", px(28), QFont.Weight.DemiBold),
        _Qr(slip.survey_url, _qr_module(slip.survey_url, profile, share=0.5)),
        _Text(slip.survey_url, px(20), anywhere=True),
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
            _Text(slip.privacy_url, px(20), anywhere=True),
        ]
    if sample:
        elements += [_Gap(px(8)), _Text(SAMPLE_BANNER, px(24), QFont.Weight.Bold, inverse=True)]
    return elements


def render_ticket(slip: TicketSlip, profile: PrinterProfile, *, sample: bool = False) -> SlipImage:
    return render(ticket_elements(slip, profile, sample=sample), profile)


def render_survey(slip: SurveySlip, profile: PrinterProfile, *, sample: bool = False) -> SlipImage:
    return render(survey_elements(slip, profile, sample=sample), profile)


# Drawing -----------------------------------------------------------------------------------


def _margin(profile: PrinterProfile) -> int:
    return profile.mm(1.5)


def render(elements: Sequence[_Element], profile: PrinterProfile) -> SlipImage:
    """Draw ``elements`` top to bottom at the profile's width; native QR codes split the image."""
    ensure_fonts()
    parts: list[SlipPart] = []
    run: list[_Element] = []
    for element in elements:
        if isinstance(element, _Qr | _QrBeside) and profile.native_qr:
            qr = element.qr if isinstance(element, _QrBeside) else element
            if run:
                parts.append(_draw(run, profile))
                run = []
            parts.append(NativeQr(qr.data, qr.module))
            if isinstance(element, _QrBeside):  # the printer centres its own QR: text goes below
                run.extend(_Text(t.text, t.px, t.weight, anywhere=t.anywhere) for t in element.texts)
        else:
            run.append(element)
    if run:
        parts.append(_draw(run, profile))
    return SlipImage(width=profile.dots, parts=tuple(parts))


def _reference_device() -> QImage:
    """Text is measured on the same kind of device it is drawn on, so lines break the same way."""
    global _device
    if _device is None:
        _device = QImage(8, 8, QImage.Format.Format_Grayscale8)
    return _device


_device: QImage | None = None


def _text_layout(element: _Text, width: int) -> QTextLayout:
    """Lines of ``element`` at ``width``; Qt breaks Thai between words (libthai), URLs anywhere."""
    layout = QTextLayout(element.text, _font(element.px, element.weight), _reference_device())
    option = QTextOption(Qt.AlignmentFlag.AlignLeft if element.left else Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WrapAnywhere if element.anywhere else QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _text_height(layout: QTextLayout) -> int:
    return math.ceil(layout.boundingRect().height())


def _big_glyphs(element: _Big, width: int) -> tuple[QPainterPath, int, int]:
    """The queue number as one path, its advance and cap height, from a private QRawFont.

    A QRawFont of its own, not QFont: drawn through the shared font engine, the number came out
    a few pixels different the first time in a process, which would make slips unrepeatable.
    """
    data = _font_data("Sarabun-Bold.ttf")
    px = max(8, round(element.cap_height * QRawFont(data, 100).unitsPerEm() / _cap_units(data)))
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
def _cap_units(data: bytes) -> float:
    """Cap height in font units (from a large raw font, so rounding does not matter)."""
    raw = QRawFont(data, 1000)
    return raw.capHeight() * raw.unitsPerEm() / 1000


def _height(element: _Element, width: int) -> int:
    if isinstance(element, _Text):
        pad = element.px // 5 if element.inverse else 0
        return _text_height(_text_layout(element, width - 2 * pad)) + 2 * pad
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


def _draw(elements: Sequence[_Element], profile: PrinterProfile) -> Image.Image:
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
            _paint(painter, element, QRect(margin, y, inner, height), profile)
            y += height
    finally:
        painter.end()
    return _threshold(image)


def _paint(painter: QPainter, element: _Element, box: QRect, profile: PrinterProfile) -> None:
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    if isinstance(element, _Text):
        pad = element.px // 5 if element.inverse else 0
        if element.inverse:
            painter.fillRect(box, black)
        painter.setPen(white if element.inverse else black)
        _text_layout(element, box.width() - 2 * pad).draw(painter, QPointF(box.x() + pad, box.y() + pad))
    elif isinstance(element, _Big):
        path, advance, cap = _big_glyphs(element, box.width())
        path.translate(box.x() + (box.width() - advance) // 2, box.y() + cap + cap // 8)
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
            _paint(painter, text, QRect(box.x() + side, y, box.width() - side, height), profile)
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
    lut = [0] * THRESHOLD + [255] * (256 - THRESHOLD)
    return grey.point(lut, "1")


# QR codes ----------------------------------------------------------------------------------


def _qr_code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code


def _qr_matrix(data: str) -> list[list[bool]]:
    matrix: list[list[bool]] = _qr_code(data).get_matrix()
    return matrix


def _qr_matrix_size(data: str) -> int:
    return len(_qr_matrix(data))


def _qr_module(data: str, profile: PrinterProfile, *, share: float) -> int:
    """Dots per module so the code fills about ``share`` of the paper's width (3–8 dots)."""
    modules = _qr_matrix_size(data) + 8  # with the quiet zone
    return max(3, min(8, int(profile.dots * share) // modules + 1))


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
