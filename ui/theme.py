"""Colours, sizes and the style sheet: calm navy on warm white, or yellow on black in high contrast.

Sizes are given for a 1920×1080 screen and scaled to the window; large text multiplies every
font by :data:`LARGE_FACTOR`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

LARGE_FACTOR = 1.3
FONT_FAMILY = "Sarabun"


@dataclass(frozen=True)
class Palette:
    window: str
    card: str
    text: str
    muted: str
    primary: str
    on_primary: str
    confirm: str
    on_confirm: str
    border: str
    error: str
    error_bg: str
    success: str
    warning_bg: str
    on_warning: str
    disabled_bg: str
    disabled_text: str
    pressed: str
    icon: str


NORMAL = Palette(
    window="#f3f0e8",
    card="#ffffff",
    text="#14202b",
    muted="#46525e",
    primary="#17375e",
    on_primary="#ffffff",
    confirm="#1d6b3a",
    on_confirm="#ffffff",
    border="#17375e",
    error="#a4161a",
    error_bg="#fde8e8",
    success="#1d6b3a",
    warning_bg="#ffe08a",
    on_warning="#14202b",
    disabled_bg="#e2e0da",
    disabled_text="#4f5660",
    pressed="#d7e3f2",
    icon="#17375e",
)

HIGH_CONTRAST = Palette(
    window="#000000",
    card="#000000",
    text="#ffffff",
    muted="#ffffff",
    primary="#ffd400",
    on_primary="#000000",
    confirm="#ffd400",
    on_confirm="#000000",
    border="#ffffff",
    error="#ffd400",
    error_bg="#000000",
    success="#7dff7d",
    warning_bg="#ffd400",
    on_warning="#000000",
    disabled_bg="#000000",
    disabled_text="#8f8f8f",  # dimmer than the white text and the yellow buttons, still 6:1 on black
    pressed="#333333",
    icon="#ffffff",
)


class Theme(QObject):
    """What the screens look like now; ``changed`` tells widgets that draw sizes themselves.

    Signals:
        changed(): scale, large text or contrast changed.
    """

    changed = Signal()

    def __init__(self, *, large_text: bool = False, high_contrast: bool = False) -> None:
        super().__init__()
        self.large_text = large_text
        self.high_contrast = high_contrast
        self.scale = 1.0

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else NORMAL

    def set(
        self, *, large_text: bool | None = None, high_contrast: bool | None = None, scale: float | None = None
    ) -> None:
        before = (self.large_text, self.high_contrast, self.scale)
        if large_text is not None:
            self.large_text = large_text
        if high_contrast is not None:
            self.high_contrast = high_contrast
        if scale is not None:
            self.scale = max(0.5, min(2.0, scale))
        if (self.large_text, self.high_contrast, self.scale) != before:
            self.changed.emit()

    def fit(self, width: int, height: int) -> None:
        """Scale to a window of ``width``×``height`` (the design is 1920×1080). The window's first
        resize then finds the scale already set and the style sheet is built once, not twice."""
        self.set(scale=round(min(width / 1920, height / 1080), 2))

    def px(self, design: float) -> int:
        """A length drawn at ``design`` pixels on a 1920×1080 screen."""
        return max(1, round(design * self.scale))

    def font_px(self, design: float) -> int:
        return self.px(design * (LARGE_FACTOR if self.large_text else 1.0))

    def style_sheet(self) -> str:
        p = self.palette
        f = self.font_px
        px = self.px
        border = px(3) if self.high_contrast else px(2)
        # A field's border thickens with the focus or an error; its padding gives the width back,
        # so the field keeps its size and nothing under it moves.
        thick = px(5)
        ticket_color = p.text if self.high_contrast else p.primary
        return f"""
* {{ font-family: "{FONT_FAMILY}"; }}
QWidget#KioskWindow, QWidget[role="screen"] {{ background: {p.window}; color: {p.text}; }}
QLabel {{ color: {p.text}; font-size: {f(30)}px; background: transparent; }}
QLabel[role="display"] {{ font-size: {f(64)}px; font-weight: 700; }}
QLabel[role="title"] {{ font-size: {f(50)}px; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {f(34)}px; font-weight: 600; }}
QLabel[role="body"] {{ font-size: {f(30)}px; }}
QLabel[role="lead"] {{ font-size: {f(36)}px; }}
QLabel[role="muted"] {{ font-size: {f(26)}px; color: {p.muted}; }}
QLabel[role="small"] {{ font-size: {f(24)}px; color: {p.muted}; }}
QLabel[role="clock"] {{ font-size: {f(40)}px; font-weight: 700; }}
QLabel[role="ticket"] {{ font-size: {px(230)}px; font-weight: 700; color: {ticket_color}; }}
QLabel[role="count"] {{ font-size: {f(72)}px; font-weight: 700; }}
QLabel[role="error"] {{ font-size: {f(28)}px; font-weight: 600; color: {p.error}; }}
QLabel[role="tile-name"] {{ font-size: {f(29)}px; font-weight: 600; }}
QLabel[role="tile-owner"] {{ font-size: {f(22)}px; color: {p.muted}; }}
QLabel[role="button-text"] {{ font-size: {f(34)}px; font-weight: 700; }}
QLabel[role="button-sub"] {{ font-size: {f(24)}px; }}
QFrame[role="card"] {{ background: {p.card}; border: {border}px solid {p.border}; border-radius: {px(22)}px; }}
QFrame[role="topbar"] {{ background: {p.primary if not self.high_contrast else p.window};
    border-bottom: {border}px solid {p.border}; }}
QFrame[role="topbar"] QLabel {{ color: {p.on_primary if not self.high_contrast else p.text}; }}
QFrame[role="bottombar"] {{ background: {p.card}; border-top: {border}px solid {p.border}; }}
QFrame[role="banner"] {{ background: {p.warning_bg}; border-bottom: {border}px solid {p.border}; }}
QFrame[role="banner"] QLabel {{ color: {p.on_warning}; font-size: {f(26)}px; font-weight: 700; }}
QFrame[role="overlay"] {{ background: rgba(0, 0, 0, 170); }}
QPushButton {{ font-size: {f(34)}px; font-weight: 700; border-radius: {px(20)}px; padding: {px(12)}px {px(28)}px;
    min-height: {px(96)}px; background: {p.card}; color: {p.primary if not self.high_contrast else p.text};
    border: {border}px solid {p.border}; }}
QPushButton QLabel {{ color: {p.primary if not self.high_contrast else p.text}; }}
QPushButton:pressed, QPushButton:checked {{ background: {p.pressed}; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; }}
QPushButton[role="primary"]:pressed {{ background: {p.text if not self.high_contrast else "#ffffff"}; }}
QPushButton[role="primary"] QLabel {{ color: {p.on_primary}; }}
QPushButton[role="confirm"] {{ background: {p.confirm}; color: {p.on_confirm}; border-color: {p.confirm}; }}
QPushButton[role="confirm"] QLabel {{ color: {p.on_confirm}; }}
QPushButton[role="tile"], QPushButton[role="choice"] {{ background: {p.card}; text-align: left; padding: {px(14)}px; }}
QPushButton[unavailable="true"] {{ background: {p.disabled_bg}; border-style: dashed;
    border-color: {p.disabled_text}; }}
QPushButton[unavailable="true"] QLabel {{ color: {p.disabled_text}; }}
QPushButton[role="toolbar"] {{ font-size: {f(26)}px; min-height: {px(72)}px; padding: {px(6)}px {px(20)}px; }}
QPushButton[role="toolbar"][on="true"] {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="toolbar"][on="true"] QLabel {{ color: {p.on_primary}; }}
QPushButton[role="key"] {{ font-size: {f(44)}px; min-height: {px(88)}px; min-width: {px(130)}px; }}
QPushButton[role="face"] {{ padding: {px(6)}px; min-height: {px(170)}px; min-width: {px(120)}px; }}
QPushButton[role="face"] QLabel {{ font-size: {f(44)}px; font-weight: 700; }}
QPushButton[role="face"][on="true"] {{ background: {p.primary}; border: {px(6)}px solid {p.text}; }}
QPushButton[role="face"][on="true"] QLabel {{ color: {p.on_primary}; }}
QLineEdit {{ font-size: {f(40)}px; padding: {px(10) + thick - border}px {px(18) + thick - border}px;
    min-height: {px(84)}px; background: {p.card};
    color: {p.text}; border: {border}px solid {p.border}; border-radius: {px(14)}px; }}
QLineEdit:focus {{ border: {thick}px solid {p.primary if not self.high_contrast else "#ffd400"};
    padding: {px(10)}px {px(18)}px; }}
QLineEdit[invalid="true"] {{ border: {thick}px solid {p.error}; background: {p.error_bg};
    padding: {px(10)}px {px(18)}px; }}
QCheckBox {{ font-size: {f(28)}px; color: {p.text}; spacing: {px(18)}px; }}
QCheckBox::indicator {{ width: {px(48)}px; height: {px(48)}px; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QScrollBar:vertical {{ width: {px(28)}px; background: {p.window}; }}
QScrollBar::handle:vertical {{ background: {p.border}; border-radius: {px(12)}px; min-height: {px(80)}px; }}
QPushButton:disabled, QPushButton[role="primary"]:disabled, QPushButton[role="confirm"]:disabled {{
    background: {p.disabled_bg}; color: {p.disabled_text}; border: {border}px dashed {p.disabled_text}; }}
QPushButton QLabel:disabled {{ color: {p.disabled_text}; }}
"""
