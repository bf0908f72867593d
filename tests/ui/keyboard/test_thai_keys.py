"""The Thai vowel and tone keys: each mark on a dotted circle, whole inside its key."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from tests.ui.keyboard.keys import centre_in_window, key, keys, labels, tap_at, tap_widget, wait_for
from ui import i18n
from ui.widgets import keyboard
from ui.window import KioskWindow

# The marks of the Thai layout's keys, with the hints some keys carry (ฺ ็ ๊ ๋ ์ on long press).
SHIFT = 0x01000020  # Qt.Key_Shift
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e48\u0e49"


def texts(panel: keyboard.VirtualKeyboard) -> list[QQuickItem]:
    root = panel.rootObject()
    assert root is not None
    return [t for t in root.findChildren(QQuickItem) if t.inherits("QQuickText") and t.isVisible()]


def test_each_vowel_and_tone_mark_sits_whole_on_a_dotted_circle_inside_its_key(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.show_screen("details")
    panel = keyboard.shared()
    tap_widget(kiosk.details.fields["full_name"])
    wait_for(lambda: "ก" in labels(panel), "the Thai keys")
    qtbot.wait(200)  # drawn
    shown = {str(t.property("text")): t for t in texts(panel)}
    for mark in MARKS:
        assert "\u25cc" + mark in shown, f"the key of {mark!r} shows {sorted(k for k in shown if mark in k)}"
    assert not [k for k in shown if k.strip() and k.strip()[0] in MARKS]  # no mark drawn without its circle
    picture = panel.grabFramebuffer()
    for mark in MARKS:
        label = shown["\u25cc" + mark]
        face = label.parentItem()
        assert face is not None
        top_left = face.mapToScene(QPointF(0, 0))
        box = QRectF(top_left.x(), top_left.y(), face.width(), face.height()).toRect()
        inset = int(face.property("radius")) + 1
        background = QColor(face.property("color")).rgb()
        ratio = picture.width() / panel.width()
        # The rows just inside the key's top and bottom edges: only the key's colour, no part of the mark.
        for y in (box.top() + 1, box.bottom() - 1):
            row = [
                picture.pixel(int(x * ratio), int(y * ratio)) for x in range(box.left() + inset, box.right() - inset)
            ]
            assert set(row) == {background}, f"{mark!r} touches the edge of its key at y={y}"


def test_the_digit_pad_leaves_its_point_and_space_keys_blank_and_dead(qtbot: QtBot, kiosk: KioskWindow) -> None:
    """The ID field takes digits only: the digit pad's "." and space keys show nothing and do nothing."""
    kiosk.show_screen("details")
    panel = keyboard.shared()
    field = kiosk.details.fields["national_id"]
    tap_widget(field)
    wait_for(lambda: "5" in labels(panel), "the digit pad")
    qtbot.wait(200)  # drawn
    unused = [k for k in keys(panel) if k.property("text") in (".", " ")]
    assert len(unused) == 2
    for item in unused:
        assert not item.property("enabled")
        tap_at(kiosk, centre_in_window(panel, item))
    tap_at(kiosk, centre_in_window(panel, key(panel, "5")))
    wait_for(lambda: field.text() == "5", "the 5 typed")
    # The name field's Thai keys keep their point and space.
    tap_widget(kiosk.details.fields["full_name"])
    wait_for(lambda: "ก" in labels(panel), "the Thai keys")
    assert all(k.property("enabled") for k in keys(panel) if k.property("text") in (".", " "))


def test_a_visitor_who_chose_english_starts_on_english_keys_and_the_next_on_thai(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.show_screen("details")
    panel = keyboard.shared()
    i18n.set_language("en")
    try:
        tap_widget(kiosk.details.fields["full_name"])
        wait_for(lambda: "q" in {label.lower() for label in labels(panel)}, "the English keys")
        assert "ก" not in labels(panel)
    finally:
        i18n.set_language("th")
    wait_for(lambda: "ก" in labels(panel), "the Thai keys again")


def test_the_next_visitor_finds_the_letters_unshifted(qtbot: QtBot, kiosk: KioskWindow) -> None:
    """A visitor left the keyboard shifted, or on its symbols: the next one starts on the plain letters."""
    kiosk.show_screen("details")
    panel = keyboard.shared()
    tap_widget(kiosk.details.fields["full_name"])
    wait_for(lambda: "ก" in labels(panel), "the Thai keys")
    shift = next(k for k in keys(panel) if k.property("key") == SHIFT)
    tap_at(kiosk, centre_in_window(panel, shift))
    wait_for(lambda: "ก" not in labels(panel), "the shifted keys")
    kiosk.go_home()
    kiosk.show_screen("details")
    tap_widget(kiosk.details.fields["full_name"])
    wait_for(lambda: "ก" in labels(panel), "the plain Thai letters for the next visitor", timeout_s=5)
