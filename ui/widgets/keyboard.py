"""The on-screen Thai keyboard: Qt Virtual Keyboard's InputPanel embedded in the window.

Qt must be started with ``QT_IM_MODULE=qtvirtualkeyboard`` (``ui.app`` sets it); a line edit
with ``Qt.ImhDigitsOnly`` gets the numeric layout.
"""

from __future__ import annotations

import os
from importlib import resources

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

IM_MODULE = "qtvirtualkeyboard"
HEIGHT = 340  # at 1920×1080: keys about 85 × 68 px, over 15 mm on a 21.5" screen


def available() -> bool:
    """Whether Qt was started with the virtual keyboard as its input method."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


class VirtualKeyboard(QQuickWidget):
    """The keyboard panel; about a third of the screen high, as wide as its parent allows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setSource(QUrl.fromLocalFile(str(resources.files("ui.widgets") / "keyboard.qml")))
        if self.status() is not QQuickWidget.Status.Ready:
            raise RuntimeError("the virtual keyboard did not load: " + "; ".join(e.toString() for e in self.errors()))

    def set_background(self, color: str) -> None:
        """Paint the space beside the keys in the screen's colour."""
        self.setClearColor(QColor(color))

    def set_height(self, height: int) -> None:
        self.setFixedHeight(height)
