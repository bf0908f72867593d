"""A message appearing under a field or a keypad moves nothing: the next tap lands where it was aimed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.idcard import CardIdentity
from tests.helpers import type_text
from ui.resources import load_fonts
from ui.screens.details import DetailsScreen
from ui.theme import Theme
from ui.widgets.overlay import PinPad

SIZES = [(1920, 1080), (1280, 800)]
LONG = "เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง National ID check digit does not match"


def place(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())


def laid_out(top: QWidget) -> None:
    for _ in range(3):
        QApplication.processEvents()
        layout = top.layout()
        if layout is not None:
            layout.activate()


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def theme(request: pytest.FixtureRequest) -> Theme:
    load_fonts()
    theme = Theme()
    theme.set(large_text=request.param)
    return theme


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def details(request: pytest.FixtureRequest, qtbot: QtBot, theme: Theme) -> Iterator[DetailsScreen]:
    keyboard = QWidget()  # stands in for the on-screen keyboard: what matters is where it is
    keyboard.setMinimumHeight(300)
    screen = DetailsScreen(theme, keyboard)
    qtbot.addWidget(screen)
    theme.fit(*request.param)  # as the kiosk window does: the scale of the screen, then its style
    screen.setStyleSheet(theme.style_sheet())
    screen.resize(*request.param)
    screen.show()
    laid_out(screen)
    yield screen


def keys_of(details: DetailsScreen) -> dict[str, QRect]:
    assert details.keyboard is not None
    return {
        "keyboard": place(details.keyboard, details),
        "next": place(details.next_button, details),
        "consent": place(details.consent, details),
        "phone": place(details.fields["phone"], details),
    }


def test_errors_under_the_fields_move_neither_the_keyboard_nor_the_buttons(details: DetailsScreen) -> None:
    before = keys_of(details)
    for name in ("full_name", "national_id", "phone"):
        details.show_problem(name, LONG)
    laid_out(details)
    assert keys_of(details) == before
    assert all(details.errors[name].isVisible() for name in details.errors)
    type_text(details.fields["full_name"], "ก")  # typing clears the name's error: nothing moves back
    laid_out(details)
    assert keys_of(details) == before


def test_the_checked_digit_error_appears_as_the_thirteenth_digit_is_typed(details: DetailsScreen) -> None:
    before = keys_of(details)
    type_text(details.fields["national_id"], "111111111111")
    assert details.errors["national_id"].text() == ""
    type_text(details.fields["national_id"], "2")  # the check digit of 1111 1111 1111 is 8
    assert "ไม่ถูกต้อง" in details.errors["national_id"].text()
    laid_out(details)
    assert keys_of(details) == before


def test_typing_over_a_card_name_moves_nothing(details: DetailsScreen) -> None:
    details.fill_from_card(CardIdentity(national_id="1101700230705", full_name="นายสมชาย ใจดี", language="th"))
    laid_out(details)
    before = keys_of(details)
    type_text(details.fields["full_name"], "ก")  # not the card's any more: its note goes
    laid_out(details)
    assert details.card is None and keys_of(details) == before


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_refused_pin_moves_no_key_of_the_pad(qtbot: QtBot, theme: Theme, size: tuple[int, int]) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    theme.fit(*size)
    window.setStyleSheet(theme.style_sheet())
    window.resize(*size)
    window.show()
    pad = PinPad(window, theme)
    pad.open()
    laid_out(pad)
    before = {key: place(button, window) for key, button in pad.keys.items()} | {"cancel": place(pad.cancel, window)}
    for message in (None, "ตรวจรหัสไม่ได้ กรุณาลองใหม่อีกครั้ง", LONG):
        pad.refuse(message)
        laid_out(pad)
        after = {key: place(button, window) for key, button in pad.keys.items()} | {"cancel": place(pad.cancel, window)}
        assert after == before, message
        assert pad.message.text()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_message_under_a_field_fits_its_one_line(details: DetailsScreen, lang: str) -> None:
    from kiosk.validation import MESSAGES
    from ui import i18n

    i18n.set_language(lang)
    try:
        laid_out(details)
        prefixes = {"full_name": "name.", "national_id": "id.", "phone": "phone."}
        too_long = []
        for field, prefix in prefixes.items():
            texts = [i18n.pick(th, en) for code, (th, en) in MESSAGES.items() if code.startswith(prefix)]
            if field == "phone":
                texts.append(details.tr("แตะช่องยินยอมด้านล่าง หรือลบหมายเลขโทรศัพท์"))
            line = details.errors[field]
            for text in texts:
                if line.fontMetrics().horizontalAdvance(text) > line.contentsRect().width():
                    too_long.append((field, text, line.fontMetrics().horizontalAdvance(text), line.width()))
        assert not too_long, "\n".join(map(str, too_long))
    finally:
        i18n.set_language("th")
