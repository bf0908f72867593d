"""The on-screen Thai keyboard: Qt Virtual Keyboard's InputPanel embedded in the window.

Qt must be started with ``QT_IM_MODULE=qtvirtualkeyboard`` (``ui.app`` sets it); a line edit
with ``Qt.ImhDigitsOnly`` gets the numeric layout. The keys are drawn by the kiosk's own style
(``keyboard_style/QtQuick/VirtualKeyboard/Styles/kiosk/style.qml``) in the bundled Sarabun:
the built-in styles ask for "Arial", which a kiosk without that font replaces as it likes.

A process has ONE panel (:func:`shared`). Qt Virtual Keyboard has one input context per process,
and the panel built last takes it: a second panel (the staff area's) left the citizen's keys
typing into nothing until the kiosk restarted. The panel lives in the details screen's layout
(its *home*, :meth:`VirtualKeyboard.settle`) and is lent to the staff area while a field there
has the focus (:meth:`VirtualKeyboard.lend`), then given back (:meth:`VirtualKeyboard.give_back`).
"""

from __future__ import annotations

import os
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QColor
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget

from ui import i18n

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


# The keyboard's layout for each of the kiosk's languages (keyboard.qml's activeLocales).
LOCALES = {"th": "th_TH", "en": "en_US"}


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
        self.set_language(i18n.language())
        self._theme: Theme | None = None
        self._home: tuple[QBoxLayout, int, int] | None = None  # the layout it lives in, its place, its stretch
        self._holder: QWidget | None = None  # who has it on loan
        if theme is not None:
            self.follow(theme)

    def follow(self, theme: Theme) -> None:
        """Take the height the theme gives the citizen's keyboard, from now on (once)."""
        if self._theme is None:
            self._theme = theme
            theme.changed.connect(self._on_theme_changed)
            self._on_theme_changed()

    # Home and loans ---------------------------------------------------------------------------

    def settle(self, layout: QBoxLayout, index: int, stretch: int = 0) -> None:
        """Make ``layout`` the panel's home, at ``index``: it goes there now (or when it is given back)."""
        self._home = (layout, index, stretch)
        if self._holder is None:
            layout.insertWidget(index, self, stretch)

    @property
    def lent(self) -> bool:
        """Whether someone holds the panel now, placing it by hand, away from its home."""
        return self._holder is not None

    def lend(self, holder: QWidget) -> None:
        """Give the panel to ``holder``, which places it with ``setGeometry``; hidden until it is shown."""
        self._holder = holder
        if self.parentWidget() is not holder:
            self.hide()
            self.setParent(holder)  # out of its home layout: a layout lets go of a child that leaves its widget
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(0)
        self.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX: the holder chooses the height

    def give_back(self) -> None:
        """Back to its home layout, shown, at the height the theme gives it."""
        if self._holder is None:
            return
        self._holder = None
        self.hide()
        if self._home is not None:
            layout, index, stretch = self._home
            layout.insertWidget(index, self, stretch)
            self._on_theme_changed()
            self.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.set_language(i18n.language())
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Show the layout of ``lang``: a visitor who chose English starts on English keys (the
        globe key still switches), the next visitor on Thai again."""
        root = self.rootObject()
        if root is not None:
            root.setProperty("locale", LOCALES.get(lang, LOCALES["th"]))

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
        if theme is not None and self._holder is None:
            self.set_height_range(theme.px(MIN_HEIGHT), theme.px(HEIGHT))


_shared: VirtualKeyboard | None = None


def shared(theme: Theme | None = None) -> VirtualKeyboard:
    """The process's one keyboard panel, built on the first call (about half a second).

    With ``theme``, its height in its home follows that theme (the citizen's screens).
    """
    global _shared
    if _shared is None:
        panel = VirtualKeyboard()
        panel.destroyed.connect(_forget)
        _shared = panel
    if theme is not None:
        _shared.follow(theme)
    return _shared


def _forget() -> None:
    global _shared
    _shared = None
