"""A date field in the Buddhist Era: shows ``1 พ.ย. 2569``, accepts that or ``01/11/2569``, keeps a CE QDate."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QCalendarWidget, QDateEdit, QToolButton, QWidget

from kiosk.thai import BE_OFFSET, MONTHS_TH, MONTHS_TH_SHORT, arabic_digits, be_year, format_date

# A year above this is a Buddhist-Era year (as kiosk.thai.parse_date reads one); below, a CE year.
_BE_FROM = 2400
_THAI_LOCALE = QLocale(QLocale.Language.Thai, QLocale.Country.Thailand)
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*([\u0E00-\u0E7F.]+)\s*(\d{4})")
# What a date can look like while it is being typed: digits, Thai letters, separators.
_TYPING = re.compile(r"[\d\u0E00-\u0E7F./\- ]*")


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "")


_MONTHS = {_month_key(n): i for i, n in enumerate(MONTHS_TH, 1)} | {
    _month_key(n): i for i, n in enumerate(MONTHS_TH_SHORT, 1)
}


def _year(text: str) -> int:
    year = int(text)
    return year - BE_OFFSET if year > _BE_FROM else year


def parse_thai_date(text: str) -> dt.date | None:
    """The date in ``1 พ.ย. 2569``, ``1 พฤศจิกายน 2569``, ``01/11/2569`` or ``2569-11-01``; None if not one.

    Thai digits are read too. A year above 2400 is Buddhist Era, a lower one CE.
    """
    text = arabic_digits(text.strip())
    try:
        if m := _NUMERIC.fullmatch(text):
            return dt.date(_year(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.fullmatch(text):
            return dt.date(_year(m[1]), int(m[2]), int(m[3]))
        if (m := _NAMED.fullmatch(text)) and (month := _MONTHS.get(_month_key(m[2]))):
            return dt.date(_year(m[3]), month, int(m[1]))
    except ValueError:  # 31/02/2569
        return None
    return None


def thai_date_text(day: dt.date) -> str:
    """What the field shows: ``1 พ.ย. 2569``."""
    return format_date(day, short=True)


def _py(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


class ThaiCalendar(QCalendarWidget):
    """The popup calendar in Thai, its year button in the Buddhist Era.

    Qt's calendar knows no Buddhist calendar (QCalendar has none), so the navigation bar's
    year is relabelled on every page; the year spin box would show CE, so months are paged
    with the arrows and the month menu instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(_THAI_LOCALE)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self._year_button = self.findChild(QToolButton, "qt_calendar_yearbutton")
        if self._year_button is not None:
            self._year_button.setEnabled(False)
        self.currentPageChanged.connect(self._on_page_changed)
        self._on_page_changed(self.yearShown(), self.monthShown())

    def year_text(self) -> str:
        return self._year_button.text() if self._year_button is not None else ""

    def _on_page_changed(self, year: int, _month: int) -> None:
        if self._year_button is not None:
            self._year_button.setText(str(be_year(year)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._on_page_changed(self.yearShown(), self.monthShown())


class ThaiDateEdit(QDateEdit):
    """A QDateEdit whose text is a Thai date with the BE year; ``date()`` stays a CE QDate.

    Up and down step the part under the cursor (day, month or year); a text that is not a
    date yet is left as typed and falls back to the last good date when the field is left.
    """

    def __init__(self, date: QDate | dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(_THAI_LOCALE)
        # Same three numeric parts as the text, so Qt's own section bookkeeping stays in step.
        self.setDisplayFormat("d/M/yyyy")
        self.setCalendarPopup(True)
        self.setCalendarWidget(ThaiCalendar(self))
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        # QDateTimeEdit follows the cursor from section to section and, on entering another one,
        # reads the text by its display format: a half-typed Thai date would be thrown away.
        self.lineEdit().cursorPositionChanged.disconnect()
        if isinstance(date, dt.date):
            date = QDate(date.year, date.month, date.day)
        if date is not None:
            self.setDate(date)
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))

    def day(self) -> dt.date:
        """The date shown, as a Python (CE) date."""
        return _py(self.date())

    def set_day(self, day: dt.date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))

    # QDateTimeEdit's text hooks --------------------------------------------------------

    def textFromDateTime(self, dateTime: QDateTime) -> str:
        return thai_date_text(_py(dateTime.date()))

    def dateTimeFromText(self, text: str) -> QDateTime:
        day = parse_thai_date(text)
        if day is None:
            return self.dateTime()
        return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))

    def validate(self, input: str, pos: int) -> tuple[QValidator.State, str, int]:
        day = parse_thai_date(input)
        if day is not None:
            if _py(self.minimumDate()) <= day <= _py(self.maximumDate()):
                return QValidator.State.Acceptable, input, pos
            return QValidator.State.Intermediate, input, pos
        if _TYPING.fullmatch(arabic_digits(input)):
            return QValidator.State.Intermediate, input, pos
        return QValidator.State.Invalid, input, pos

    def fixup(self, input: str) -> str:
        return input

    # Stepping, by the part of the text under the cursor --------------------------------

    def _part_at_cursor(self) -> int:
        before = self.lineEdit().text()[: self.lineEdit().cursorPosition()]
        return min(2, len(re.findall(r"[\s/]+", before.lstrip())))

    def stepBy(self, steps: int) -> None:
        date = self.date()
        part = self._part_at_cursor()
        if part == 0:
            date = date.addDays(steps)
        elif part == 1:
            date = date.addMonths(steps)
        else:
            date = date.addYears(steps)
        date = max(self.minimumDate(), min(self.maximumDate(), date))
        cursor = self.lineEdit().cursorPosition()
        self.setDate(date)
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
        self.lineEdit().setCursorPosition(min(cursor, len(self.lineEdit().text())))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.date() > self.minimumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.date() < self.maximumDate():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Not QDateTimeEdit's either: after each key it moves the selection to the section its
        # parser finds, which is not where the Thai text has it. The spin box's own handling
        # steps with the arrows (stepBy), reads the text on Enter and types the rest.
        QAbstractSpinBox.keyPressEvent(self, event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Not QDateTimeEdit's: it selects its first section by its own idea of the text. Here a
        # field reached from the keyboard is selected whole, so that typing replaces the date.
        QAbstractSpinBox.focusInEvent(self, event)
        if event.reason() not in (
            Qt.FocusReason.MouseFocusReason,
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.selectAll()

    def focusNextPrevChild(self, next: bool) -> bool:
        # QDateTimeEdit moves between its sections on Tab; here Tab leaves the field, as in a form.
        return QWidget.focusNextPrevChild(self, next)
