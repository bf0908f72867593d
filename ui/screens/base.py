"""What every screen shares: a page with a title, a way back, and text set in ``retranslate()``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.thailabel import ThaiLabel


class Screen(QWidget):
    """A full page of the kiosk. Subclasses build in ``__init__`` and set text in ``retranslate()``.

    Signals:
        back(): the visitor wants the previous step.
        home(): the visitor wants to start over.
    """

    back = Signal()
    home = Signal()

    def __init__(self, theme: Theme, *, title: bool = True, nav: bool = True) -> None:
        super().__init__()
        self.theme = theme
        self.setProperty("role", "screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(theme.px(56), theme.px(28), theme.px(56), theme.px(24))
        self.outer.setSpacing(theme.px(20))
        self.title = ThaiLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        if title:
            self.outer.addWidget(self.title)
        self.content = QVBoxLayout()
        self.content.setSpacing(theme.px(20))
        self.outer.addLayout(self.content, 1)
        self.nav_row = QHBoxLayout()
        self.nav_row.setSpacing(theme.px(24))
        self.back_button = TouchButton(theme, icon="back", role="choice", icon_size=56, wrap=False)
        self.home_button = TouchButton(theme, icon="home", role="choice", icon_size=56, wrap=False)
        self.back_button.clicked.connect(self.back)
        self.home_button.clicked.connect(self.home)
        if nav:
            # "เริ่มใหม่" on the left beside "ย้อนกลับ", the way forward (``add_forward``) alone on the right:
            # a slip of the finger aimed at "ถัดไป" never throws the visit away.
            self.nav_row.addWidget(self.back_button)
            self.nav_row.addWidget(self.home_button)
            self.nav_row.addStretch(1)
            self.outer.addLayout(self.nav_row)
        else:
            self.back_button.hide()
            self.home_button.hide()

    def add_forward(self, widget: QWidget) -> None:
        """A widget on the right of the bottom row (the way forward), after those already there."""
        self.nav_row.addWidget(widget)

    def add_hint(self) -> QLabel:
        """A line of guidance under the title that keeps its own height: the choices below take the rest."""
        hint = ThaiLabel()
        hint.setProperty("role", "body")
        hint.setWordWrap(True)
        hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.content.addWidget(hint)
        return hint

    @staticmethod
    def expanding(button: TouchButton) -> TouchButton:
        """Let a choice grow with the screen: bigger targets rather than empty space."""
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        return button

    def retranslate_nav(self) -> None:
        # translate() with the class named, not self.tr(): PySide takes the context from type(self).
        self.back_button.set_text(QCoreApplication.translate("Screen", "ย้อนกลับ"))
        self.home_button.set_text(QCoreApplication.translate("Screen", "เริ่มใหม่"))

    def retranslate(self) -> None:
        """Set every visible string again (called at start and on LanguageChange)."""
        self.retranslate_nav()

    def reset(self) -> None:
        """Forget everything the visitor chose or typed on this screen."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
