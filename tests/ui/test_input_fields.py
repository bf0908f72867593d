"""What a person can type: the Thai sequence check on text fields, the grouped national-ID field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.validation import national_id_check_digit
from tests.helpers import type_text
from ui.widgets.idfield import IdField, cursor_after
from ui.widgets.thaiinput import thai_input


@pytest.fixture
def edit(qtbot: QtBot) -> Iterator[QLineEdit]:
    field = thai_input(QLineEdit())
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    yield field


@pytest.fixture
def id_edit(qtbot: QtBot) -> Iterator[IdField]:
    field = IdField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    yield field


def commit(widget: QLineEdit, text: str, *, preedit: str = "", start: int = 0, length: int = 0) -> None:
    """An input method's commit, as Qt Virtual Keyboard sends one."""
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(text, start, length)
    QApplication.sendEvent(widget, event)


def press(widget: QLineEdit, key: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


# The Thai sequence check (WTT 2.0) ---------------------------------------------------------------


def test_keys_keep_out_a_vowel_that_cannot_follow(edit: QLineEdit) -> None:
    edited: list[str] = []
    edit.textEdited.connect(edited.append)
    type_text(edit, "คำ")
    type_text(edit, "ี")  # ี after ำ: refused
    assert edit.text() == "คำ" and edit.cursorPosition() == 2
    assert edited == ["ค", "คำ"]  # the refused key changed nothing, not even for a moment
    type_text(edit, "ก่ิ")
    assert edit.text() == "คำก่"


def test_qtest_key_clicks_reach_the_same_check(edit: QLineEdit) -> None:
    # QTest.keyClicks aborts the process on a Thai character (qasciikey.cpp asserts), hence
    # type_text for Thai: the same QKeyEvent with its text, sent the same way.
    QTest.keyClicks(edit, "ab")
    type_text(edit, "\u0e34")  # a vowel on a Latin letter: refused
    QTest.keyClicks(edit, " c")
    assert edit.text() == "ab c"


def test_a_refused_key_in_the_middle_leaves_text_and_cursor(edit: QLineEdit) -> None:
    type_text(edit, "กิน")
    edit.setCursorPosition(1)
    type_text(edit, "่")  # between ก and ิ would give ก่ิ
    assert (edit.text(), edit.cursorPosition()) == ("กิน", 1)
    edit.setCursorPosition(2)
    type_text(edit, "่")  # after ิ: กิ่น
    assert (edit.text(), edit.cursorPosition()) == ("กิ่น", 3)


def test_the_input_methods_commit_is_checked(edit: QLineEdit) -> None:
    commit(edit, "ค")
    commit(edit, "ำ")
    commit(edit, "ี")
    assert edit.text() == "คำ" and edit.cursorPosition() == 2
    commit(edit, "เเดี")  # several characters at once keep what a keyboard would take
    assert edit.text() == "คำเดี"


def test_a_commit_over_a_selection_or_a_replacement_is_checked_where_it_lands(edit: QLineEdit) -> None:
    edit.setText("กขค")
    edit.setSelection(1, 1)  # ข selected
    commit(edit, "\u0e34")  # replaces ข: after ก, ิ is fine
    assert edit.text() == "กิค"
    edit.setCursorPosition(3)
    commit(edit, "\u0e35", start=-1, length=1)  # replaces ค with ี: after ิ, refused
    assert edit.text() == "กิ"


def test_a_preedit_is_shown_as_it_would_be_committed(edit: QLineEdit) -> None:
    seen: list[tuple[str, str]] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if isinstance(event, QInputMethodEvent):
                seen.append((event.preeditString(), event.commitString()))
            return False

    spy = Spy(edit)
    edit.installEventFilter(spy)  # runs before the check: sees what the input method sent, then what the edit gets
    type_text(edit, "คำ")
    commit(edit, "", preedit="ีก")  # a word being composed: its ี cannot follow ำ
    assert seen == [("ีก", ""), ("ก", "")]
    commit(edit, "ก")
    assert edit.text() == "คำก"


def test_paste_keeps_what_a_keyboard_would_take(edit: QLineEdit) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("สมชาย ใจดีี")
    QTest.keySequence(edit, QKeySequence(QKeySequence.StandardKey.Paste))
    assert edit.text() == "สมชาย ใจดี"


def test_the_program_may_still_set_any_text(edit: QLineEdit) -> None:
    edit.setText("คำี")  # read back from the register as it was: shown as it is
    assert edit.text() == "คำี"


# The national-ID field ---------------------------------------------------------------------------


def test_digits_are_grouped_as_they_are_typed(id_edit: IdField) -> None:
    shown = []
    for digit in "1101700230705":
        type_text(id_edit, digit)
        shown.append(id_edit.text())
    assert shown[:3] == ["1", "1-1", "1-10"]
    assert shown[4:7] == ["1-1017", "1-1017-0", "1-1017-00"]
    assert id_edit.text() == "1-1017-00230-70-5"
    assert id_edit.cursorPosition() == len(id_edit.text())
    assert id_edit.digits() == "1101700230705" and id_edit.is_complete()
    assert id_edit.inputMask() == ""  # no mask: no placeholders drawn
    assert id_edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly


def test_anything_but_digits_is_refused_from_keys_and_input_method(id_edit: IdField) -> None:
    type_text(id_edit, "12")
    for junk in (".", " ", "a", "-", "ก", "/"):
        type_text(id_edit, junk)
        commit(id_edit, junk)
        assert (id_edit.text(), id_edit.cursorPosition()) == ("1-2", 3), junk
    commit(id_edit, "3")
    assert id_edit.text() == "1-23"


def test_at_most_thirteen_digits(id_edit: IdField) -> None:
    type_text(id_edit, "1234567890123")
    type_text(id_edit, "4")
    commit(id_edit, "5")
    assert id_edit.digits() == "1234567890123"


def test_an_id_starting_with_zero_stays_text(id_edit: IdField) -> None:
    first12 = "012345678901"
    nid = first12 + str(national_id_check_digit(first12))
    type_text(id_edit, nid)
    assert id_edit.digits() == nid and id_edit.text().startswith("0-")


def test_thai_digits_become_arabic(id_edit: IdField) -> None:
    type_text(id_edit, "๑๒๓")
    assert id_edit.text() == "1-23"


def test_backspace_and_delete_at_a_dash_take_the_digit_beyond_it(id_edit: IdField) -> None:
    type_text(id_edit, "1234567")  # 1-2345-67
    id_edit.setCursorPosition(7)  # after the second dash
    press(id_edit, Qt.Key.Key_Backspace)
    assert (id_edit.text(), id_edit.cursorPosition()) == ("1-2346-7", 5)
    id_edit.setCursorPosition(1)  # before the first dash
    press(id_edit, Qt.Key.Key_Delete)
    assert (id_edit.text(), id_edit.cursorPosition()) == ("1-3467", 1)
    id_edit.end(False)
    press(id_edit, Qt.Key.Key_Backspace)
    assert (id_edit.text(), id_edit.cursorPosition()) == ("1-346", 5)


def test_a_digit_typed_in_the_middle_keeps_the_cursor_after_it(id_edit: IdField) -> None:
    type_text(id_edit, "123456")  # 1-2345-6
    id_edit.setCursorPosition(1)
    type_text(id_edit, "9")
    assert (id_edit.text(), id_edit.cursorPosition()) == ("1-9234-56", 3)
    type_text(id_edit, "8")
    assert (id_edit.text(), id_edit.cursorPosition()) == ("1-9823-456", 4)


def test_a_pasted_id_with_spaces_or_dashes_is_taken(id_edit: IdField) -> None:
    QGuiApplication.clipboard().setText("1 1017 00230 70 5")
    QTest.keySequence(id_edit, QKeySequence(QKeySequence.StandardKey.Paste))
    assert id_edit.digits() == "1101700230705"
    id_edit.clear()
    QGuiApplication.clipboard().setText("1.1017")
    QTest.keySequence(id_edit, QKeySequence(QKeySequence.StandardKey.Paste))
    assert id_edit.text() == ""


def test_set_text_groups_and_a_masked_card_id_is_shown_read_only(id_edit: IdField) -> None:
    id_edit.setText("1101700230705")
    assert id_edit.text() == "1-1017-00230-70-5"
    id_edit.show_masked("1-xxxx-xxxxx-x0-5")
    assert id_edit.text() == "1-xxxx-xxxxx-x0-5" and id_edit.isReadOnly()
    id_edit.clear_masked()
    assert id_edit.text() == "" and not id_edit.isReadOnly()
    type_text(id_edit, "12")
    assert id_edit.text() == "1-2"


def test_cursor_after_counts_digits_only() -> None:
    assert cursor_after("1-2345-6", 0) == 0
    assert cursor_after("1-2345-6", 1) == 1
    assert cursor_after("1-2345-6", 2) == 3
    assert cursor_after("1-2345-6", 5) == 6
    assert cursor_after("1-2345-6", 9) == 8


# Through Qt Virtual Keyboard itself ---------------------------------------------------------------

# Taps on the keys (mouse clicks on their centres, as Qt's own keyboard tests do) in a process of its
# own (it needs QT_IM_MODULE). A key's label may carry a space or a dotted circle beside a mark.
REAL_KEYBOARD_SCRIPT = r"""
import json, time
from PySide6.QtCore import QPointF, Qt
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

def wait_for(condition, what, timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        QTest.qWait(10)

def keys():
    found = panel.rootObject().findChildren(QQuickItem)
    return [k for k in found if k.metaObject().indexOfProperty("key") >= 0 and k.isVisible() and k.width() > 0]

def key(label):
    matching = [k for k in keys() if k.property("text").replace("\u25cc", "").strip() == label]
    assert len(matching) == 1, (label, len(matching))
    return matching[0]

def tap(label):
    item = key(label)
    point = panel.mapTo(screen, item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint())
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.qWait(30)

wait_for(lambda: panel.rootObject() is not None, "the keyboard's QML")
name, national_id = screen.fields["full_name"], screen.fields["national_id"]
QTest.mouseClick(name, Qt.MouseButton.LeftButton)
wait_for(lambda: any(k.property("text") == "ค" for k in keys()), "the Thai layout")
for label in ["ค", "\u0e33", "\u0e35", "\u0e48"]:
    tap(label)
QTest.mouseClick(national_id, Qt.MouseButton.LeftButton)
wait_for(
    lambda: any(k.property("text") == "5" for k in keys()) and not any(k.property("text") == "ค" for k in keys()),
    "the digits",
)
for label in ["0", "1", ".", "2"] + list("34567890123"):
    tap(label)
typed = {"name": name.text(), "national_id": national_id.text(), "cursor": national_id.cursorPosition()}
national_id.setCursorPosition(7)  # just after the second dash: 0-1234-|56789-01-2
(backspace,) = [k for k in keys() if k.property("key") == int(Qt.Key.Key_Backspace)]
item = backspace
point = panel.mapTo(screen, item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint())
QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
QTest.qWait(30)
typed |= {"after_backspace": national_id.text(), "cursor_after": national_id.cursorPosition()}
print(json.dumps(typed))
"""


def test_the_on_screen_keyboard_goes_through_the_same_checks() -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard", PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", REAL_KEYBOARD_SCRIPT], env=env, capture_output=True, text=True, timeout=90, cwd=root
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["name"] == "คำ"  # ี and ่ cannot follow ำ
    # "." refused, the 14th and 15th digits too; an ID may start with 0.
    assert found["national_id"] == "0-1234-56789-01-2" and found["cursor"] == 17
    # The keyboard's backspace just after a dash takes the digit before it, and the cursor stays there.
    assert found["after_backspace"] == "0-1235-67890-12" and found["cursor_after"] == 5
