"""A big touch button: an icon and wrapped Thai text, the whole face one target."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.icon import Icon
from ui.widgets.thailabel import ThaiLabel

ICON_COLOR = {"primary": "on_primary", "confirm": "on_confirm"}


class TouchButton(QPushButton):
    """A QPushButton laid out with an icon, a title that wraps, and an optional second line.

    ``role`` picks the style: ``primary``, ``confirm``, ``tile``, ``choice``, ``toolbar``, ``face``.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        icon: str = "",
        role: str = "choice",
        icon_size: int = 72,
        vertical: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        wrap: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setProperty("role", role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout: QBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        layout.setContentsMargins(theme.px(18), theme.px(12), theme.px(18), theme.px(12))
        layout.setSpacing(theme.px(18))
        self._role = role
        self.icon_label: Icon | None = None
        if icon:
            color = ICON_COLOR.get(role, "icon")
            if role in ICON_COLOR and theme.high_contrast:
                color = "on_primary"
            self.icon_label = Icon(icon, theme, design=icon_size, color=color)
            layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignCenter)
        texts = QVBoxLayout()
        texts.setSpacing(theme.px(4))
        self.title = ThaiLabel()
        self.title.setProperty("role", "tile-name" if role == "tile" else "button-text")
        self.title.setWordWrap(wrap)
        self.title.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.sub = ThaiLabel()
        self.sub.setProperty("role", "tile-owner" if role == "tile" else "button-sub")
        self.sub.setWordWrap(wrap)
        self.sub.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.sub.hide()
        for label in (self.title, self.sub):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            texts.addWidget(label)
        layout.addLayout(texts, 1)
        self._layout = layout
        if self.isCheckable() or role == "toolbar":
            self.toggled.connect(lambda on: self.set_flag("on", on))
        if role == "tile":
            # Tiles share the grid equally whatever their text: ignore the width they would like.
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)

    def set_flag(self, name: str, on: bool) -> None:
        """Set a style property (``on``, ``unavailable``) and restyle the button and its labels.

        Qt's style sheets treat a pseudo-state on an ancestor (``QPushButton:checked QLabel``)
        as always true, so the labels follow properties instead.
        """
        value = "true" if on else "false"
        before = self.property(name)
        if before == value:
            return
        self.setProperty(name, value)
        if (before or "false") == value:
            return  # not set before looks as "false": restyling three widgets costs 1–3 ms, nine tiles a page
        for widget in (self, self.title, self.sub):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if self.icon_label is not None and self._role in ("toolbar", "face"):
            self.icon_label.set_color("on_primary" if on else "icon")

    def set_text(self, title: str, sub: str = "") -> None:
        if title == self.title.text() and sub == self.sub.text():
            return  # a new geometry would lay out the whole screen again (Thai line breaks: milliseconds a label)
        self.title.setText(title)
        self.sub.setText(sub)
        self.sub.setVisible(bool(sub))
        self.setAccessibleName(f"{title} {sub}".strip())
        self.updateGeometry()

    def text_of(self) -> str:
        return self.title.text()

    def sizeHint(self) -> QSize:
        hint = self._layout.sizeHint()
        return QSize(max(hint.width(), super().sizeHint().width()), max(hint.height(), self._theme.px(96)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._theme.px(96), self._theme.px(96))
