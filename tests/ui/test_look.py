"""What the citizen sees: lines that end between words, and buttons that look as tappable as they are."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.helpers import settle
from ui.theme import HIGH_CONTRAST, NORMAL, Palette
from ui.widgets.thailabel import ThaiLabel
from ui.window import KioskWindow


def _colours(button: QPushButton) -> set[int]:
    image: QImage = button.grab().toImage()
    return {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


@pytest.mark.parametrize(("contrast", "palette"), [(False, NORMAL), (True, HIGH_CONTRAST)])
def test_a_page_button_that_cannot_be_used_looks_it(
    qtbot: QtBot, window: KioskWindow, contrast: bool, palette: Palette
) -> None:
    window.theme.set(high_contrast=contrast)
    window._on_welcome_start()
    settle(qtbot, window)
    picker = window.picker
    assert not picker.previous_page.isEnabled() and picker.next_page.isEnabled()
    enabled, disabled = _colours(picker.next_page), _colours(picker.previous_page)
    text = QColor(palette.primary if not contrast else palette.text).rgb()
    assert text in enabled and text not in disabled  # the label and the outline are dimmed, not only the action
    assert QColor(palette.disabled_text).rgb() in disabled


def test_the_privacy_notice_breaks_its_lines_between_words_in_large_text(qtbot: QtBot, window: KioskWindow) -> None:
    window.theme.set(large_text=True)
    window.show_screen("privacy")
    settle(qtbot, window)
    first = window.privacy.points[0]
    assert isinstance(first, ThaiLabel)
    shown = first.lines(first.contentsRect().width())
    assert len(shown) >= 2
    assert "\n".join(shown).replace("\n", " ").replace("  ", " ") == first.text()
    for line in shown:  # neither "ลง / ทะเบียน" nor "(ถ้า / มี)"
        assert not line.endswith(("ลง", "(ถ้า")) and not line.startswith(("ทะเบียน", "มี)"))
    assert first.height() >= first.heightForWidth(first.width())  # every line shown, none cut


def test_the_banner_tells_the_citizen_to_ask_the_officer_in_their_language(qtbot: QtBot, window: KioskWindow) -> None:
    from tests.helpers import tap

    window.raise_staff_alert("เครื่องพิมพ์: กระดาษหมด")
    assert window.staff_alert_text == "เครื่องพิมพ์: กระดาษหมด"  # for staff, in the staff area
    assert "เครื่องพิมพ์" not in window.banner_text.text() and "แจ้งเจ้าหน้าที่" in window.banner_text.text()
    tap(qtbot, window.language_button)
    qtbot.waitUntil(lambda: window.language_button.text_of() == "ภาษาไทย")
    assert "tell the officer" in window.banner_text.text()
    window.clear_staff_alert()
    assert not window.banner.isVisible() and window.staff_alert_text == ""
