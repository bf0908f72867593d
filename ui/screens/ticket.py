"""The ticket: the number very large, the people ahead, and where to take the slip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.icon import Icon
from ui.widgets.thailabel import ThaiLabel

if TYPE_CHECKING:
    from kiosk.app.visit import Registration

ISSUING, ISSUED, PRINTED, PRINT_FAILED, FAILED = "issuing", "issued", "printed", "print_failed", "failed"


class TicketScreen(Screen):
    """Shown the moment the visitor confirms; filled in when the register answers.

    Signals:
        done(): the visitor tapped "finish", or the screen timed out.
    """

    done = Signal()

    def __init__(self, theme: Theme, *, return_ms: int = 20_000) -> None:
        super().__init__(theme, title=False, nav=False)
        px = theme.px
        self.state = ISSUING
        self._registration: Registration | None = None
        self._error = ""
        card = QFrame()
        card.setProperty("role", "card")
        box = QVBoxLayout(card)
        box.setContentsMargins(px(40), px(20), px(40), px(28))
        box.setSpacing(px(4))
        self.caption = QLabel()
        self.caption.setProperty("role", "subtitle")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel()
        self.number.setProperty("role", "ticket")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ahead = QLabel()
        self.ahead.setProperty("role", "title")
        self.ahead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lane = ThaiLabel()
        self.lane.setProperty("role", "subtitle")
        self.lane.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lane.setWordWrap(True)
        for w in (self.caption, self.number, self.ahead, self.lane):
            box.addWidget(w)
        self.content.addWidget(card, 1)
        status = QHBoxLayout()
        status.setSpacing(px(24))
        self.status_icon = Icon("hourglass", theme, design=84)
        self.status = ThaiLabel()
        self.status.setProperty("role", "subtitle")
        self.status.setWordWrap(True)
        status.addWidget(self.status_icon)
        status.addWidget(self.status, 1)
        self.content.addLayout(status)
        self.finish_button = TouchButton(theme, icon="check", role="primary", icon_size=64, wrap=False)
        self.finish_button.setMinimumWidth(px(560))
        self.finish_button.clicked.connect(self.done)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.finish_button)
        row.addStretch(1)
        self.content.addLayout(row)
        self._return = QTimer(self)
        self._return.setSingleShot(True)
        self._return.setInterval(return_ms)
        self._return.timeout.connect(self.done)
        self.retranslate()

    def reset(self) -> None:
        self.state = ISSUING
        self._registration = None
        self._error = ""
        self._fill()

    def issuing(self) -> None:
        self.reset()

    def issued(self, registration: Registration) -> None:
        self.state = ISSUED
        self._registration = registration
        self._fill()

    def printed(self) -> None:
        self.state = PRINTED
        self._fill()

    def print_failed(self, message: str) -> None:
        self.state = PRINT_FAILED
        self._error = message
        self._fill()

    def failed(self, message: str) -> None:
        self.state = FAILED
        self._error = message
        self._fill()

    def retranslate(self) -> None:
        super().retranslate()
        self.finish_button.set_text(self.tr("เสร็จสิ้น"))
        self._fill()

    def _fill(self) -> None:
        reg = self._registration
        self.caption.setText(self.tr("หมายเลขคิวของท่าน"))
        if reg is not None and reg.slip.visitor_name:
            # the name and the masked ID, as on the slip, on the caption's line: the ticket is theirs
            visitor = f"{reg.slip.visitor_name}  {reg.slip.national_id_masked}".strip()
            self.caption.setText(f"{self.caption.text()}  ·  {visitor}")
        self.number.setText(reg.label if reg else "…")
        if reg is not None:
            ahead = reg.people_ahead
            self.ahead.setText(self.tr("มีผู้รอก่อนท่าน %n คน", "", ahead) if ahead else self.tr("ไม่มีผู้รอก่อนท่าน"))
            self.lane.setText(self.tr("ช่องบริการพิเศษ") if reg.lane.value == "P" else self.tr("ช่องบริการทั่วไป"))
        else:
            self.ahead.setText("")
            self.lane.setText("")
        icon, text = {
            ISSUING: ("hourglass", self.tr("กำลังออกบัตรคิว กรุณารอสักครู่")),
            ISSUED: ("printer", self.tr("กำลังพิมพ์บัตรคิว กรุณารับบัตรที่เครื่องพิมพ์ด้านล่าง")),
            PRINTED: ("check", self.tr("รับบัตรคิวที่เครื่องพิมพ์ด้านล่าง แล้วรอเรียกคิวที่หน้าจอ")),
            PRINT_FAILED: (
                "warning",
                self.tr("พิมพ์บัตรคิวไม่ได้ กรุณาติดต่อเจ้าหน้าที่ และแจ้งหมายเลขคิวนี้ ท่านยังอยู่ในคิว"),
            ),
            FAILED: ("warning", self._error or self.tr("ขออภัย ออกบัตรคิวไม่ได้ กรุณาติดต่อเจ้าหน้าที่")),
        }[self.state]
        self.status_icon.set_name(icon)
        self.status.setText(text)
        self.number.setVisible(self.state != FAILED)
        self.caption.setVisible(self.state != FAILED)

    def showEvent(self, event: QShowEvent) -> None:
        self._return.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._return.stop()
        super().hideEvent(event)
