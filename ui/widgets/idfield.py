"""The field for a Thai national ID: 13 digits, grouped 1-2345-67890-12-3 as they are typed."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame, QWidget

from kiosk.thai import arabic_digits
from kiosk.validation import group_national_id

DIGITS = 13
WIDEST = "0-0000-00000-00-0"
_DIGIT = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙")


def cursor_after(grouped: str, digits: int) -> int:
    """The position in ``grouped`` just after its first ``digits`` digits (0 for none)."""
    if digits <= 0:
        return 0
    seen = 0
    for index, char in enumerate(grouped):
        if char.isdigit():
            seen += 1
            if seen == digits:
                return index + 1
    return len(grouped)


class _Grouping(QValidator):
    """Digits (Thai digits become Arabic) and the dashes of the grouping; at most 13 digits.

    Every accepted text is given back grouped, with the cursor after as many digits as were
    before it; anything else is Invalid, so QLineEdit undoes the change (a key, an input-method
    commit or a paste alike), text and cursor as they were.
    """

    def __init__(self, field: IdField) -> None:
        super().__init__(field)
        self.field = field

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self.field.isReadOnly():  # a masked ID shown from a card: not typed, not checked
            return QValidator.State.Acceptable, text, pos
        if any(c not in _DIGIT and c != "-" for c in text):
            return QValidator.State.Invalid, text, pos
        digits = arabic_digits("".join(c for c in text if c in _DIGIT))
        if len(digits) > DIGITS:
            return QValidator.State.Invalid, text, pos
        grouped = group_national_id(digits)
        if digits == self.field.digits_before and len(text) > len(grouped):
            return QValidator.State.Invalid, text, pos  # only a dash was typed
        before_cursor = sum(1 for c in text[:pos] if c in _DIGIT)
        return QValidator.State.Acceptable, grouped, cursor_after(grouped, before_cursor)


class IdField(QLineEdit):
    """A line edit for a national ID; :meth:`digits` is the value, 13 digits as a string.

    Qt Virtual Keyboard shows its digit pad (ImhDigitsOnly). No input mask: a mask draws
    placeholders (``_`` or a squiggle) and puts the cursor in odd places; the grouping is
    applied by a validator to what is typed instead. Backspace on a dash deletes the digit
    before it, Delete on a dash the digit after it. An ID may start with 0: it stays text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhNoPredictiveText)
        self.setAcceptDrops(False)
        self.digits_before = ""  # the digits before the change being validated
        self.textChanged.connect(self._on_text_changed)
        self.setValidator(_Grouping(self))

    def minimumSizeHint(self) -> QSize:
        """Wide enough for a whole ID in the field's font (a layout may not squeeze it)."""
        hint = super().minimumSizeHint()
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        text, contents = self.textMargins(), self.contentsMargins()
        # QLineEdit's own sizeHint: the text, 2 px each side for the cursor, the margins; the style adds the frame.
        width = self.fontMetrics().horizontalAdvance(WIDEST) + 4 + text.left() + text.right()
        width += contents.left() + contents.right()
        contents_size = QSize(width, hint.height())
        needed = self.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, contents_size, self)
        return QSize(max(hint.width(), needed.width()), hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())

    def digits(self) -> str:
        """The digits typed (up to 13), without the dashes."""
        return arabic_digits("".join(c for c in self.text() if c in _DIGIT))

    def is_complete(self) -> bool:
        return len(self.digits()) == DIGITS

    def show_masked(self, masked: str) -> None:
        """Show an ID read from a card, masked (``1-xxxx-xxxxx-x2-3``): read-only until cleared."""
        self.setReadOnly(True)
        self.setText(masked)

    def clear_masked(self) -> None:
        """Back to typing: empty and editable."""
        self.setReadOnly(False)
        self.clear()

    def _on_text_changed(self, _text: str) -> None:
        self.digits_before = self.digits()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            # A pasted ID may come with spaces: keep its digits (the validator refuses the rest).
            pasted = QGuiApplication.clipboard().text().replace(" ", "").replace("-", "")
            if pasted:
                self.insert(pasted)
            return
        text, position = self.text(), self.cursorPosition()
        if not self.hasSelectedText() and not self.isReadOnly():
            if event.key() == Qt.Key.Key_Backspace and text[position - 1 : position] == "-":
                self.setCursorPosition(position - 1)
            elif event.key() == Qt.Key.Key_Delete and text[position : position + 1] == "-":
                self.setCursorPosition(position + 1)
        super().keyPressEvent(event)


def id_field(name: str) -> IdField:
    """An :class:`IdField` with an object name (tests and screenshots find fields by name)."""
    field = IdField()
    field.setObjectName(name)
    return field
