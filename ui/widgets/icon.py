"""An SVG icon drawn in the theme's colour at a size that follows the window's scale."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QWidget

from ui.resources import icon_svg
from ui.theme import Theme


def render_icon(name: str, size: int, color: str) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(icon_svg(name).replace("currentColor", color).encode()))
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


class Icon(QLabel):
    """An icon of ``design`` pixels (at 1920×1080); ``color`` is a Palette field name."""

    def __init__(
        self, name: str, theme: Theme, *, design: int = 64, color: str = "icon", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._theme = theme
        self._design = design
        self._color = color
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.changed.connect(self._redraw)
        self._redraw()

    def set_name(self, name: str) -> None:
        if name != self._name:
            self._name = name
            self._redraw()

    def set_color(self, color: str) -> None:
        self._color = color
        self._redraw()

    def _redraw(self) -> None:
        size = self._theme.px(self._design)
        self.setFixedSize(size, size)
        # on a button that cannot be used, in the colour of its dimmed text (Qt's greying leaves white white)
        color = self._color if self.isEnabled() else "disabled_text"
        self.setPixmap(render_icon(self._name, size, getattr(self._theme.palette, color)))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._redraw()
