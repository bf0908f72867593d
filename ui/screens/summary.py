"""The summary: what will be printed and recorded, to confirm or change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from kiosk.validation import VisitorGroup, mask_national_id
from ui import i18n
from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.app.visit import ServiceChoice
    from kiosk.register import VisitorDetails


@dataclass(frozen=True)
class Draft:
    """What the visitor chose so far, held by the window until the ticket is issued."""

    service: ServiceChoice | None = None
    group: VisitorGroup | None = None
    id_method: str = ""  # kiosk.models.IdMethod value: typed, thaid, officer, card
    details: VisitorDetails | None = None


ROWS = ("service", "group", "name", "national_id", "phone")


class SummaryScreen(Screen):
    """Signals:
    confirmed(): print the ticket.
    """

    confirmed = Signal()

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        px = theme.px
        card = QFrame()
        card.setProperty("role", "card")
        grid = QGridLayout(card)
        grid.setContentsMargins(px(40), px(28), px(40), px(28))
        grid.setHorizontalSpacing(px(40))
        grid.setVerticalSpacing(px(18))
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(ROWS):
            caption = QLabel()
            caption.setProperty("role", "muted")
            value = ThaiLabel()
            value.setProperty("role", "subtitle")
            value.setWordWrap(True)
            self.captions[key], self.values[key] = caption, value
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.content.addWidget(card)
        self.content.addStretch(1)
        self.confirm_button = TouchButton(theme, icon="printer", role="confirm", icon_size=72, wrap=False)
        self.confirm_button.setMinimumWidth(px(640))
        self.confirm_button.clicked.connect(self.confirmed)
        self.add_forward(self.confirm_button)
        self._draft = Draft()
        self.retranslate()

    def show_draft(self, draft: Draft) -> None:
        self._draft = draft
        self._fill()

    def retranslate(self) -> None:
        super().retranslate()
        self.back_button.set_text(self.tr("แก้ไข"))
        self.title.setText(self.tr("ตรวจสอบข้อมูล แล้วกดยืนยัน"))
        self.captions["service"].setText(self.tr("งานบริการ"))
        self.captions["group"].setText(self.tr("กลุ่มผู้รับบริการ"))
        self.captions["name"].setText(self.tr("ชื่อ-นามสกุล"))
        self.captions["national_id"].setText(self.tr("เลขประจำตัวประชาชน"))
        self.captions["phone"].setText(self.tr("โทรศัพท์"))
        self.confirm_button.set_text(self.tr("ยืนยัน รับบัตรคิว"))
        self._fill()

    def _fill(self) -> None:
        d = self._draft
        service = d.service
        self.values["service"].setText(i18n.pick(service.name_th, service.name_en) if service else "")
        if d.group is not None:
            lane = self.tr("ช่องบริการพิเศษ") if d.group.is_priority else self.tr("ช่องบริการทั่วไป")
            self.values["group"].setText(f"{i18n.pick(d.group.label_th, d.group.label_en)} ({lane})")
        details = d.details
        if d.id_method == "thaid":
            name = self.tr("แสดงแอป ThaID กับเจ้าหน้าที่")
        elif d.id_method == "officer":
            name = self.tr("เจ้าหน้าที่จะกรอกให้")
        else:
            name = (details.full_name or "") if details else ""
        self.values["name"].setText(name)
        nid = details.national_id if details else None
        phone = details.phone if details else None
        self.values["national_id"].setText(mask_national_id(nid) if nid else "–")
        self.values["phone"].setText(phone or "–")
        for key in ("national_id", "phone"):
            show = d.id_method in ("typed", "card")
            self.values[key].setVisible(show)
            self.captions[key].setVisible(show)
