"""The Buddhist-Era date field: what it shows, what it reads, its arrows and its calendar popup."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from tests.helpers import type_text
from ui.widgets.thaidate import ThaiCalendar, ThaiDateEdit, parse_thai_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1 พ.ย. 2569", dt.date(2026, 11, 1)),
        ("1 พย 2569", dt.date(2026, 11, 1)),
        ("25 ธันวาคม 2569", dt.date(2026, 12, 25)),
        ("01/11/2569", dt.date(2026, 11, 1)),
        ("๓๑/๑/๒๕๗๐", dt.date(2027, 1, 31)),
        ("2569-11-01", dt.date(2026, 11, 1)),
        ("1/11/2026", dt.date(2026, 11, 1)),  # a year below 2400 is CE, as kiosk.thai.parse_date reads it
        ("29/2/2567", dt.date(2024, 2, 29)),
    ],
)
def test_parse_thai_date_reads_be_dates(text: str, day: dt.date) -> None:
    assert parse_thai_date(text) == day


@pytest.mark.parametrize("text", ["", "1 พ.ย.", "31/02/2569", "29/2/2568", "1 xyz 2569", "1/13/2569", "01/11/69"])
def test_parse_thai_date_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_thai_date(text) is None


@pytest.fixture
def edit(qtbot: QtBot) -> ThaiDateEdit:
    widget = ThaiDateEdit(dt.date(2026, 11, 1))
    qtbot.addWidget(widget)
    widget.resize(320, 56)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_the_buddhist_era_and_keeps_a_ce_date(edit: ThaiDateEdit) -> None:
    assert edit.text() == "1 พ.ย. 2569"
    assert edit.date() == QDate(2026, 11, 1) and edit.day() == dt.date(2026, 11, 1)
    edit.set_day(dt.date(2027, 2, 14))
    assert edit.text() == "14 ก.พ. 2570"


@pytest.mark.parametrize(
    ("typed", "day", "shown"),
    [
        ("15/12/2569", dt.date(2026, 12, 15), "15 ธ.ค. 2569"),
        ("3 ม.ค. 2570", dt.date(2027, 1, 3), "3 ม.ค. 2570"),
        ("๗/๔/๒๕๖๙", dt.date(2026, 4, 7), "7 เม.ย. 2569"),
    ],
)
def test_a_typed_be_date_is_read(qtbot: QtBot, edit: ThaiDateEdit, typed: str, day: dt.date, shown: str) -> None:
    edit.lineEdit().selectAll()
    type_text(edit, typed)
    assert edit.text() == typed  # left as typed while the officer types
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.day() == day
    assert edit.text() == shown


def test_text_that_is_no_date_changes_nothing(qtbot: QtBot, edit: ThaiDateEdit) -> None:
    edit.lineEdit().selectAll()
    type_text(edit, "abc")
    assert edit.text() == "1 พ.ย. 2569"  # Latin letters are refused as they are typed
    edit.lineEdit().selectAll()
    type_text(edit, "31/02/2569")  # could still become a date while typed; is none when the field is left
    edit.interpretText()
    assert edit.day() == dt.date(2026, 11, 1)
    assert edit.text() == "1 พ.ย. 2569"


def test_arrows_step_the_part_under_the_cursor(qtbot: QtBot, edit: ThaiDateEdit) -> None:
    edit.lineEdit().setCursorPosition(0)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.day() == dt.date(2026, 11, 2)
    edit.lineEdit().setCursorPosition(edit.text().index("พ") + 1)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.day() == dt.date(2026, 10, 2) and edit.text() == "2 ต.ค. 2569"
    edit.lineEdit().setCursorPosition(len(edit.text()))
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.day() == dt.date(2027, 10, 2) and edit.text() == "2 ต.ค. 2570"


# The offscreen platform cannot raise a popup or grab the keyboard for it; it says so and shows it anyway.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_calendar_popup_shows_the_be_year_and_picks_a_date(qtbot: QtBot, edit: ThaiDateEdit) -> None:
    arrow = QPoint(edit.width() - 8, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = edit.calendarWidget()
    assert isinstance(calendar, ThaiCalendar)
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    assert calendar.year_text() == "2569"
    view = calendar.findChild(QTableView, "qt_calendar_calendarview")
    assert view is not None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible(), timeout=2000)
    assert edit.day() == dt.date(2026, 11, 2)
    assert edit.text() == "2 พ.ย. 2569"
    calendar.setCurrentPage(2027, 1)
    assert calendar.year_text() == "2570"
