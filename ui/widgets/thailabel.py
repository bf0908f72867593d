"""A label whose lines end only where a Thai line may end (:func:`kiosk.textbreak.wrap`).

Qt wraps Thai at every word libthai finds ("ลง / ทะเบียน", "(บัตร / ประชาชนดิจิทัล)") and has no way
to be told otherwise. This label lays the lines out itself, for the width it is given, and shows them
with line feeds; ``text()`` is the text it was given. Rich text is left to QLabel's own wrapping.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.textbreak import wrap

_WIDE = 100_000  # "as wide as it likes": one line per paragraph


@lru_cache(maxsize=64)
def _metrics(key: str) -> QFontMetricsF:
    font = QFont()
    font.fromString(key)
    return QFontMetricsF(font)


@lru_cache(maxsize=8192)
def _lines(text: str, width: int, font_key: str) -> tuple[str, ...]:
    metrics = _metrics(font_key)
    return tuple(wrap(text, width, metrics.horizontalAdvance))


def wrapped(text: str, width: int, font: QFont) -> str:
    """``text`` with line feeds where a Thai line may end, for ``width`` pixels of ``font`` (for list and
    table cells, which wrap with Qt's own rule otherwise)."""
    return "\n".join(_lines(text, max(1, width), font.toString()))


class ThaiLabel(QLabel):
    """A QLabel that wraps (``setWordWrap(True)``, the default here) only between Thai words that may part."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> None:
        super().__init__(parent)
        self._source = ""
        self._wrap = wrap
        self._shown_width = -1
        super().setWordWrap(False)  # the lines are ours
        self.setText(text)

    # What it says -------------------------------------------------------------------------------------

    def text(self) -> str:
        return self._source

    def setText(self, text: str) -> None:
        self._source = text
        if self._rich():
            super().setWordWrap(self._wrap)
            super().setText(text)
        else:
            super().setWordWrap(False)
            self._show(self._content_width())
        self.updateGeometry()

    def clear(self) -> None:
        self.setText("")

    def setWordWrap(self, on: bool) -> None:
        self._wrap = on
        self.setText(self._source)

    def wordWrap(self) -> bool:
        return self._wrap

    def _rich(self) -> bool:
        return self.textFormat() == Qt.TextFormat.RichText or (
            self.textFormat() == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(self._source)
        )

    def _wraps(self) -> bool:
        return self._wrap and not self._rich()

    # Lines --------------------------------------------------------------------------------------------

    def lines(self, width: int) -> tuple[str, ...]:
        """The lines shown at a content width of ``width`` pixels."""
        if not self._wraps() or width <= 0:
            return tuple(self._source.split("\n"))
        self.ensurePolished()
        return _lines(self._source, width, self.font().toString())

    def _content_width(self) -> int:
        margins = self.contentsMargins()
        return self.width() - margins.left() - margins.right() - 2 * self.margin() - max(0, self.indent())

    def _show(self, width: int) -> None:
        self._shown_width = width
        shown = "\n".join(self.lines(width if width > 0 else _WIDE))
        if super().text() != shown:
            super().setText(shown)

    # Size ---------------------------------------------------------------------------------------------

    def _extra(self) -> tuple[int, int]:
        margins = self.contentsMargins()
        extra_w = margins.left() + margins.right() + 2 * self.margin()
        extra_h = margins.top() + margins.bottom() + 2 * self.margin()
        return extra_w, extra_h

    def _height_of(self, count: int) -> int:
        self.ensurePolished()
        metrics = self.fontMetrics()
        return count * metrics.height() + max(0, count - 1) * max(0, metrics.leading())

    def hasHeightForWidth(self) -> bool:
        return self._wraps() or super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        if not self._wraps():
            return super().heightForWidth(width)
        extra_w, extra_h = self._extra()
        return self._height_of(len(self.lines(max(1, width - extra_w)))) + extra_h

    def sizeHint(self) -> QSize:
        if not self._wraps():
            return super().sizeHint()
        self.ensurePolished()
        extra_w, extra_h = self._extra()
        metrics = QFontMetricsF(self.font())
        natural = max((metrics.horizontalAdvance(line) for line in self._source.split("\n")), default=0.0)
        width = int(natural) + 1
        return QSize(width + extra_w, self._height_of(len(self.lines(width))) + extra_h)

    def minimumSizeHint(self) -> QSize:
        if not self._wraps():
            return super().minimumSizeHint()
        self.ensurePolished()
        extra_w, extra_h = self._extra()
        metrics = QFontMetricsF(self.font())
        # narrow enough to share a row, wide enough for a word of ordinary length
        width = min(int(metrics.horizontalAdvance("ประชาชน")) + 1, self.sizeHint().width() - extra_w)
        return QSize(width + extra_w, self._height_of(1) + extra_h)

    # Events -------------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._wraps() and self._content_width() != self._shown_width:
            self._show(self._content_width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._wraps():
            self._show(self._content_width())
            self.updateGeometry()
