"""The on-screen Thai keyboard in the details screen (in a process of its own: it needs QT_IM_MODULE)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from PySide6.QtCore import QObject
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui.resources import load_fonts
from ui.screens.details import DetailsScreen
from ui.theme import Theme
from ui.widgets.keyboard import VirtualKeyboard, available

width, height, large = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "large"
app = QApplication([])
load_fonts()
assert available()
theme = Theme(large_text=large)
theme.set(scale=min(width / 1920, height / 1080))
panel = VirtualKeyboard(theme=theme)
screen = DetailsScreen(theme, panel)
screen.resize(width, height)
screen.show()
screen.fields["full_name"].setFocus()

def wait_for(condition, what, timeout_s=20.0):
    # Turn the event loop until condition() holds: QML loads and lays out asynchronously.
    import time
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(10)


def faces():
    found = panel.rootObject().findChildren(QQuickItem) if panel.rootObject() is not None else []
    return [i for i in found if i.metaObject().className() == "KeyFace" and i.isVisible()]


wait_for(lambda: panel.status() is QQuickWidget.Status.Ready and len(faces()) == 55, "the Thai layout")
items = panel.rootObject().findChildren(QQuickItem)
faces = [i for i in items if i.metaObject().className() == "KeyFace" and i.isVisible()]
labels = [i for i in items if i.inherits("QQuickText") and i.isVisible() and i.property("text").strip()]
sarabun = QFontMetrics(QFont("Sarabun"))
missing = sorted({c for t in labels for c in t.property("text") if not c.isspace() and not sarabun.inFontUcs4(ord(c))})
print(json.dumps({
    "ready": panel.status() is QQuickWidget.Status.Ready,
    "panel": panel.rootObject().findChild(QObject, "inputPanel") is not None,
    "embedded": panel.parent() is not None and panel.window() is screen.window(),
    "keys": len(faces),
    "shortest_key": min(f.height() for f in faces),
    "families": sorted({t.property("font").family() for t in labels}),
    "labels": len(labels),
    "missing": missing,
    "bottom": panel.geometry().bottom(),
    "next_top": screen.next_button.mapTo(screen, screen.next_button.rect().topLeft()).y(),
}))
"""


def keyboard_in_details_screen(width: int, height: int, *, large: bool = False) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard")
    env["PYTHONPATH"] = str(ROOT)
    args = [sys.executable, "-c", SCRIPT, str(width), str(height), "large" if large else "normal"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_thai_keyboard_fills_the_details_screen_with_big_keys_in_sarabun() -> None:
    found = keyboard_in_details_screen(1920, 1080)
    assert found["ready"] and found["panel"] and found["embedded"]
    assert found["keys"] == 55  # the Thai main layout: 5 rows
    assert found["shortest_key"] >= 60  # 15 mm on a 21.5" 1080p screen
    assert found["families"] == ["Sarabun"]
    assert int(found["labels"]) > 40
    assert found["missing"] == []  # no label drawn as a box
    assert int(found["bottom"]) < int(found["next_top"])


def test_with_large_text_on_a_small_screen_the_next_button_stays_below_the_keyboard() -> None:
    found = keyboard_in_details_screen(1280, 800, large=True)
    assert found["families"] == ["Sarabun"] and found["missing"] == []
    assert float(found["shortest_key"]) >= 40
    assert int(found["bottom"]) < int(found["next_top"])


# Types through the keys themselves, as Qt's own Virtual Keyboard tests do (they find the key item
# in the layout and press the mouse on its centre). The taps reach the top-level window as touch
# events (the path a touchscreen takes) or mouse clicks, and the keyboard's input engine sends the
# text to the focused field. Nothing here calls the field's setText or sends it key events.
TYPING_SCRIPT = r"""
import json, sys
from PySide6.QtCore import QPointF, Qt
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui.resources import load_fonts
from ui.screens.details import DetailsScreen
from ui.theme import Theme
from ui.widgets.keyboard import VirtualKeyboard

app = QApplication([])
load_fonts()
theme = Theme()
panel = VirtualKeyboard(theme=theme)
screen = DetailsScreen(theme, panel)
screen.resize(1920, 1080)
screen.show()
window = screen.windowHandle()
touchscreen = QTest.createTouchDevice()

def wait_for(condition, what, timeout_s=20.0):
    # Turn the event loop until condition() holds: QML loads and lays out asynchronously.
    import time
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(10)


wait_for(lambda: panel.rootObject() is not None, "the keyboard's QML")


def engine(expression):
    scope = panel.rootObject()
    return QQmlExpression(QQmlEngine.contextForObject(scope), scope, expression).evaluate()[0]


def keys():
    found = panel.rootObject().findChildren(QQuickItem)
    return [k for k in found if k.metaObject().indexOfProperty("key") >= 0 and k.isVisible() and k.width() > 0]


def key(label):
    matching = [k for k in keys() if k.property("text") == label]
    assert len(matching) == 1, (label, len(matching))
    return matching[0]


def centre(item):
    return panel.mapTo(screen, item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint())


def typed_by(tap):
    # Tap, then wait until the field with the focus has the key's text.
    field = QApplication.focusWidget()
    before = field.text()
    tap()
    wait_for(lambda: field.text() != before, "the key's text in the field")


def touch(item):
    point = centre(item)

    def tap():
        QTest.touchEvent(window, touchscreen).press(0, point).commit()
        QTest.qWait(20)  # a finger rests a moment on the key
        QTest.touchEvent(window, touchscreen).release(0, point).commit()

    typed_by(tap)


def click(item):
    typed_by(lambda: QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(item)))


name, national_id = screen.fields["full_name"], screen.fields["national_id"]
QTest.mouseClick(name, Qt.MouseButton.LeftButton)
wait_for(lambda: any(k.property("text") == "ส" for k in keys()), "the Thai layout")
thai_layout = sorted(k.property("text") for k in keys() if k.property("text").strip())
for label in ["ส", "ม", "ช", "า", "ย", " ", "ใ", "จ", "ด", "ี"]:
    touch(key(label))
typed_name, name_focused = name.text(), name.hasFocus()
QTest.mouseClick(national_id, Qt.MouseButton.LeftButton)
wait_for(
    lambda: any(k.property("text") == "5" for k in keys()) and not any(k.property("text") == "ส" for k in keys()),
    "the digits",
)
digit_layout = sorted(k.property("text") for k in keys() if k.property("text").strip())
for digit in "110170023070":
    click(key(digit))
touch(key("5"))
print(json.dumps({
    "name": typed_name,
    "name_focused": name_focused,
    "thai_layout": thai_layout,
    "digit_layout": digit_layout,
    "numeric_mode": engine("InputContext.inputEngine.inputMode === InputEngine.InputMode.Numeric"),
    "national_id": national_id.text(),
    "id_focused": national_id.hasFocus(),
    "name_after": name.text(),
}))
"""


def test_tapping_the_keys_types_thai_into_the_name_and_digits_into_the_id() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", TYPING_SCRIPT], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no focus to send key click" not in done.stderr  # a tap must not take the focus from the field
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["name"] == "สมชาย ใจดี" and found["name_focused"]
    assert {"ส", "ม", "ช", "า", "ย", "ใ", "จ", "ด", "ี"} <= set(found["thai_layout"])
    # The ID field (digits only) brings the numeric layout: the ten digits, no Thai letter.
    assert found["numeric_mode"] is True
    assert set("0123456789") <= set(found["digit_layout"])
    assert not any("\u0e00" <= c <= "\u0e7f" for c in "".join(found["digit_layout"]))
    assert found["national_id"] == "1-1017-00230-70-5"  # grouped as typed
    assert found["id_focused"] and found["name_after"] == "สมชาย ใจดี"


# The staff area over the kiosk: the same keyboard along the bottom while a field has the focus.
STAFF_TYPING_SCRIPT = r"""
import json
from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from ui.resources import load_fonts
from ui.staff.keyboard import StaffKeyboard
from ui.widgets.keyboard import VirtualKeyboard

app = QApplication([])
load_fonts()
area = QWidget()
layout = QVBoxLayout(area)
note, done = QLineEdit(), QPushButton("บันทึก")
layout.addWidget(done)
layout.addWidget(note)
built = []
keyboard = StaffKeyboard(area, lambda: built.append(VirtualKeyboard()) or built[-1], lambda: 300)
area.resize(1280, 800)
area.show()
keyboard.prepare()  # as the staff area does once it is on screen

def wait_for(condition, what, timeout_s=20.0):
    # Turn the event loop until condition() holds: QML loads and lays out asynchronously.
    import time
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(10)


wait_for(lambda: keyboard.panel is not None and keyboard.panel.rootObject() is not None, "the keyboard's QML")
window = area.windowHandle()
QTest.mouseClick(note, Qt.MouseButton.LeftButton)
panel = keyboard.panel


def visible_keys(label):
    return [k for k in panel.rootObject().findChildren(QQuickItem)
            if k.metaObject().indexOfProperty("key") >= 0 and k.isVisible() and k.property("text") == label]


wait_for(lambda: keyboard.shown and len(visible_keys("ส")) == 1, "the keyboard under the note")


def key(label):
    found = [k for k in panel.rootObject().findChildren(QQuickItem)
             if k.metaObject().indexOfProperty("key") >= 0 and k.isVisible() and k.property("text") == label]
    assert len(found) == 1, (label, len(found))
    item = found[0]
    return panel.mapTo(area, item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint())


for label in ["ส", "่", "ง", "ต", "่", "อ"]:
    before = note.text()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, key(label))
    wait_for(lambda: note.text() != before, "the key's text in the note")
shown = keyboard.shown
print(json.dumps({"typed": note.text(), "shown": shown, "built": len(built), "focused": note.hasFocus(),
                  "panel_top": panel.geometry().top(), "note_bottom": note.geometry().bottom()}))
"""


def test_the_staff_area_keyboard_types_into_the_focused_field() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", STAFF_TYPING_SCRIPT], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["typed"] == "ส่งต่อ" and found["focused"] and found["shown"] and found["built"] == 1
    assert found["note_bottom"] < found["panel_top"]  # the field stays above the keyboard


def test_the_cases_with_qt_virtual_keyboard_loaded_pass() -> None:
    """``tests/ui/keyboard``: the kiosk with its keyboard, in a pytest of its own (the input method is per process)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", PYTHONPATH=str(ROOT))
    env.pop("PYTEST_ADDOPTS", None)
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "ui" / "keyboard")]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1] and "skipped" not in done.stdout.splitlines()[-1]
