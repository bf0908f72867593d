"""The on-screen Thai keyboard: Qt Virtual Keyboard's InputPanel embedded in the window.

Qt must be started with ``QT_IM_MODULE=qtvirtualkeyboard`` (``ui.app`` sets it); a line edit
with ``Qt.ImhDigitsOnly`` gets the numeric layout. The keys are drawn by the kiosk's own style
(``keyboard_style/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml``) in the bundled Sarabun:
the built-in styles ask for "Arial", which a kiosk without that font replaces as it likes.
"""

from __future__ import annotations

import os
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from ui.theme import Theme

IM_MODULE = "qtvirtualkeyboard"
# At 1920×1080 the keyboard takes the height the form leaves, between these two: five rows of
# keys 60–95 px high, 15–24 mm on a 21.5" screen (0.248 mm a pixel), never under the 15 mm asked.
MIN_HEIGHT = 345  # keys 60 px: the least the form may leave (error lines shown, large text, staff banner)
HEIGHT = 540


def available() -> bool:
    """Whether Qt was started with the virtual keyboard as its input method."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


def style_import_path() -> str:
    """The directory that holds ``QtQuick/VirtualKeyboard/Styles/kiosk/style.qml``."""
    return str(resources.files("ui.widgets") / "keyboard_style")


class VirtualKeyboard(QQuickWidget):
    """The keyboard panel, as wide as its parent allows; with a theme, its height follows the theme."""

    def __init__(self, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A QQuickWidget takes focus on a tap (StrongFocus): the line edit would lose it and the
        # keys would type into nothing ("InputContext::sendKeyClick(): no focus").
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.engine().addImportPath(style_import_path())
        self.setSource(QUrl.fromLocalFile(str(resources.files("ui.widgets") / "keyboard.qml")))
        if self.status() is not QQuickWidget.Status.Ready:
            raise RuntimeError("the virtual keyboard did not load: " + "; ".join(e.toString() for e in self.errors()))
        self._theme = theme
        if theme is not None:
            theme.changed.connect(self._on_theme_changed)
            self._on_theme_changed()

    def set_background(self, color: str) -> None:
        """Paint the space beside the keys in the screen's colour."""
        self.setClearColor(QColor(color))

    def set_height(self, height: int) -> None:
        """A fixed height (the keyboard no longer follows the space it is given)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(height)

    def set_height_range(self, low: int, high: int) -> None:
        """Take the space the screen leaves, from ``low`` to ``high`` pixels."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(low)
        self.setMaximumHeight(max(low, high))

    def _on_theme_changed(self) -> None:
        theme = self._theme
        if theme is not None:
            self.set_height_range(theme.px(MIN_HEIGHT), theme.px(HEIGHT))
