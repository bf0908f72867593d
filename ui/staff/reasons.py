"""The reason of an outcome, chosen with a finger: a list of big rows, opened by a tap anywhere on the field.

Typing is needed only for a reason that is not in the list: "อื่น ๆ" shows a line to type it in (and so
the on-screen keyboard); the list itself takes no typing, so tapping it never brings up the keyboard.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QLineEdit, QListView, QVBoxLayout, QWidget

from ui.theme import FONT_FAMILY, Theme
from ui.widgets.thaiinput import thai_input

OTHER = "อื่น ๆ (พิมพ์เหตุผลเอง)"
ROW_PX = 72  # a row of the list at 1920×1080; never under 48 px
MIN_ROW_PX = 48


class ReasonPicker(QWidget):
    """A non-editable list of reasons with "other", and a line for the other reason."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(8))
        self.choice = QComboBox()
        self.choice.setObjectName("result_reason")
        self.choice.setEditable(False)
        # A list view, not the style's menu: its rows take the size the style sheet gives them.
        self.choice.setView(QListView())
        self.choice.setPlaceholderText("แตะเพื่อเลือกเหตุผล")
        self.choice.setMaxVisibleItems(8)
        self.other = thai_input(QLineEdit())  # the WTT 2.0 check of every Thai field
        self.other.setObjectName("result_reason_other")
        self.other.setPlaceholderText("พิมพ์เหตุผล")
        self.other.hide()
        layout.addWidget(self.choice)
        layout.addWidget(self.other)
        self.choice.currentIndexChanged.connect(self._on_choice)
        theme.changed.connect(self._restyle)
        self._restyle()

    @property
    def row_px(self) -> int:
        return max(MIN_ROW_PX, self._theme.px(ROW_PX))

    def _restyle(self) -> None:
        theme, p = self._theme, self._theme.palette
        pad = max(6, theme.px(10))
        # The list opens in a window of its own, out of reach of the staff area's style sheet: styled here.
        # The padding keeps the marks below the letters (ุ ู) and above them whole on every row.
        self.choice.view().setStyleSheet(
            f"""QListView {{ font-family: "{FONT_FAMILY}"; font-size: {max(16, theme.font_px(26))}px;
    background: {p.card}; color: {p.text}; border: {theme.px(3) if theme.high_contrast else 1}px solid {p.border};
    outline: 0; }}
QListView::item {{ min-height: {self.row_px - 2 * pad}px; padding: {pad}px {theme.px(14)}px;
    border-bottom: 1px solid {p.disabled_bg}; color: {p.text}; }}
QListView::item:selected, QListView::item:hover {{ background: {p.primary}; color: {p.on_primary}; }}"""
        )

    def set_reasons(self, reasons: Iterable[str]) -> None:
        """The reasons to offer, then "other"; none chosen."""
        self.choice.blockSignals(True)
        self.choice.clear()
        items = list(reasons)
        if items:
            self.choice.addItems([*items, OTHER])
        self.choice.setCurrentIndex(-1)
        self.choice.blockSignals(False)
        self.other.clear()
        self.other.hide()

    def currentText(self) -> str:
        if self.choice.currentText() == OTHER:
            return self.other.text().strip()
        return self.choice.currentText()

    def setCurrentText(self, text: str) -> None:
        """Choose ``text`` from the list, or "other" with ``text`` typed in; "" chooses nothing."""
        if not text:
            self.choice.setCurrentIndex(-1)
            return
        index = self.choice.findText(text)
        if index < 0 or text == OTHER:
            self.choice.setCurrentIndex(self.choice.findText(OTHER))
            self.other.setText("" if text == OTHER else text)
        else:
            self.choice.setCurrentIndex(index)

    def _on_choice(self, _index: int) -> None:
        other = self.choice.currentText() == OTHER
        self.other.setVisible(other)
        if other:
            self.other.setFocus()
