"""A line for an error or a note under a field or a keypad that keeps its height, empty or not."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class MessageLine(QLabel):
    """A QLabel of a fixed number of lines in its own font: an empty one takes as much room as a
    full one, so a message appearing under a field never moves the keys below it.

    It asks for no width either (the text wraps in the width the layout gives), so a long
    message cannot widen a centred card and shift its keys sideways. The height follows the
    font: large text gives taller lines (QLabel updates its geometry on a font change).
    """

    def __init__(self, *, lines: int = 1, role: str = "error", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setProperty("role", role)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().lineSpacing() * self.lines + margins.top() + margins.bottom()

    def hasHeightForWidth(self) -> bool:
        return False

    def heightForWidth(self, width: int) -> int:
        return self._height()

    def sizeHint(self) -> QSize:
        return QSize(0, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())
