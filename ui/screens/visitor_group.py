"""Who is it for: the visitor group, which sets the lane (priority for elderly, disabled, pregnant, clergy)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout

from kiosk.validation import VisitorGroup
from ui import i18n
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton

ICONS = {
    VisitorGroup.GENERAL: "person",
    VisitorGroup.ELDERLY: "elderly",
    VisitorGroup.DISABLED: "accessible",
    VisitorGroup.PREGNANT: "pregnant",
    VisitorGroup.CLERGY: "clergy",
    VisitorGroup.OTHER: "other",
}


class VisitorGroupScreen(Screen):
    """Six large choices in two columns.

    Signals:
        chosen(object): the VisitorGroup tapped.
    """

    chosen = Signal(object)

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.hint = self.add_hint()
        grid = QGridLayout()
        grid.setSpacing(theme.px(24))
        self.buttons: dict[VisitorGroup, TouchButton] = {}
        for i, group in enumerate(VisitorGroup):
            button = TouchButton(theme, icon=ICONS[group], icon_size=96)
            button.clicked.connect(lambda _=False, g=group: self.chosen.emit(g))
            self.buttons[group] = button
            grid.addWidget(self.expanding(button), i // 2, i % 2)
        self.content.addLayout(grid, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("ท่านคือผู้รับบริการกลุ่มใด"))
        self.hint.setText(self.tr("ผู้สูงอายุ ผู้พิการ สตรีมีครรภ์ และนักบวช ได้รับบริการช่องพิเศษก่อน"))
        for group, button in self.buttons.items():
            lane = self.tr("ช่องบริการพิเศษ") if group.is_priority else self.tr("ช่องบริการทั่วไป")
            button.set_text(i18n.pick(group.label_th, group.label_en), lane)
