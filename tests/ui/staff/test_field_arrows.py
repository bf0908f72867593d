"""The staff area's drop-downs, date fields and number fields show a whole arrow, easy to see.

Styled with a border and a radius, Qt drew them a few pixels of its own arrow cut at the right edge.
The arrows are measured on the rendered fields (what differs when the style sheet draws no arrow),
for each window size and look.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.resources import load_fonts
from ui.staff.common import staff_style
from ui.theme import Theme
from ui.widgets.thaidate import ThaiDateEdit

LOOKS = [
    pytest.param((1920, 1080), {}, id="1920x1080"),
    pytest.param((1280, 800), {}, id="1280x800"),
    pytest.param((1280, 800), {"large_text": True}, id="1280x800-large"),
    pytest.param((1920, 1080), {"high_contrast": True}, id="1920x1080-contrast"),
    pytest.param((1280, 800), {"high_contrast": True, "large_text": True}, id="1280x800-contrast-large"),
]


NO_ARROWS = """
QWidget[role="staff"] QComboBox::down-arrow, QWidget[role="staff"] QDateEdit::down-arrow,
QWidget[role="staff"] QAbstractSpinBox::down-arrow, QWidget[role="staff"] QAbstractSpinBox::up-arrow { image: none; }
"""


def _arrows(with_arrows: QImage, without: QImage) -> tuple[int, int, int, int] | None:
    """The bounding box (x0, y0, x1, y1) of what the arrows draw: the pixels that differ without them."""
    found = None
    for y in range(with_arrows.height()):
        for x in range(with_arrows.width()):
            a, b = with_arrows.pixelColor(x, y), without.pixelColor(x, y)
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) > 60:
                x0, y0, x1, y1 = found or (x, y, x, y)
                found = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
    return found


@pytest.mark.parametrize(("size", "look"), LOOKS)
def test_each_field_shows_a_whole_arrow(qtbot: QtBot, size: tuple[int, int], look: dict[str, bool]) -> None:
    load_fonts()
    theme = Theme(**look)
    theme.fit(*size)
    page = QWidget()
    page.setProperty("role", "staff")
    qtbot.addWidget(page)
    combo = QComboBox()
    combo.addItems(["ตรวจสอบสิทธิบัตรสวัสดิการแห่งรัฐ"])
    date = ThaiDateEdit(dt.date(2026, 11, 24))
    count = QSpinBox()
    count.setSuffix(" ราย")
    fields: list[QWidget] = [combo, date, count]
    column = QVBoxLayout(page)
    for field in fields:
        column.addWidget(field)
    page.resize(theme.px(700), theme.px(400))
    page.show()
    qtbot.waitExposed(page)
    shots = []
    for sheet in (staff_style(theme) + NO_ARROWS, staff_style(theme)):
        page.setStyleSheet(sheet)
        QApplication.processEvents()
        shots.append([field.grab().toImage() for field in fields])
    arrow = max(16, theme.font_px(26))  # as tall as a capital letter of the field's text
    for field, without, with_arrows in zip(fields, *shots, strict=True):
        name = type(field).__name__
        box = _arrows(with_arrows, without)
        assert box is not None, f"{name}: no arrow"
        x0, y0, x1, y1 = box
        assert x1 - x0 + 1 >= 0.6 * arrow, f"{name}: an arrow {x1 - x0 + 1} px wide, cut or too small ({arrow} px)"
        assert y1 - y0 + 1 >= (0.6 if isinstance(field, QSpinBox) else 0.3) * arrow, f"{name}: cut at the top or bottom"
        width, height = with_arrows.width(), with_arrows.height()
        assert x0 > width / 2 and x1 < width - theme.px(8), f"{name}: not whole in its box at the right ({box})"
        assert y0 > 0 and y1 < height - 1, f"{name}: cut at the top or bottom ({box})"
    assert isinstance(date, QDateEdit)
