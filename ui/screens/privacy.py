"""The privacy notice at the time of collection (PDPA s.23): short text, and a QR to the full notice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.icon import Icon
from ui.widgets.qr import QrCode
from ui.widgets.thailabel import ThaiLabel


class PrivacyScreen(Screen):
    """Read, then acknowledge with one tap.

    Signals:
        acknowledged(): the visitor tapped "I understand".
    """

    acknowledged = Signal()

    def __init__(self, theme: Theme, *, notice_url: str, retention_days: int) -> None:
        super().__init__(theme)
        px = theme.px
        self._retention_days = retention_days
        card = QFrame()
        card.setProperty("role", "card")
        row = QHBoxLayout(card)
        row.setContentsMargins(px(40), px(32), px(40), px(32))
        row.setSpacing(px(40))
        row.addWidget(Icon("privacy", theme, design=120), 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(px(18))
        self.points = [ThaiLabel() for _ in range(5)]
        for label in self.points:
            label.setProperty("role", "lead")  # read by everyone, often with poor sight: larger than body text
            label.setWordWrap(True)
            texts.addWidget(label)
        texts.addStretch(1)
        row.addLayout(texts, 1)
        qr_box = QVBoxLayout()
        self.qr = QrCode(px(260))
        self.qr_caption = ThaiLabel()
        self.qr_caption.setProperty("role", "small")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setFixedWidth(px(260))
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        qr_box.addStretch(1)
        row.addLayout(qr_box)
        self.content.addWidget(card, 1)
        # Shown or hidden once they are the card's: a widget without a parent would open as a window of its own.
        self.qr.set_text(notice_url)
        self.qr_caption.setVisible(bool(notice_url))
        self.ok_button = TouchButton(theme, icon="check", role="primary", icon_size=56, wrap=False)
        self.ok_button.clicked.connect(self.acknowledged)
        self.add_forward(self.ok_button)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("การคุ้มครองข้อมูลส่วนบุคคล"))
        years = self._retention_days / 365
        keep = (
            self.tr("%n ปี", "", round(years))
            if self._retention_days % 365 == 0
            else self.tr("%n วัน", "", self._retention_days)
        )
        self.points[0].setText(
            self.tr("ศูนย์ฯ บันทึกชื่อ เลขประจำตัวประชาชน และโทรศัพท์ (ถ้ามี) ลงทะเบียนผู้มาขอรับบริการ ตามหน้าที่ของหน่วยงานรัฐ")
        )
        self.points[1].setText(self.tr("ถ้าเสียบบัตรประชาชน เครื่องอ่านเฉพาะเลขประจำตัวและชื่อ-นามสกุล ไม่อ่านรูป ที่อยู่ หรือวันเกิด"))
        self.points[2].setText(self.tr("ใช้เพื่อให้บริการและรายงานสถิติเท่านั้น ไม่ใช้เพื่อการอื่น"))
        self.points[3].setText(self.tr("เก็บไว้ %1 แล้วลบ ท่านขอดู แก้ไข หรือขอลบได้ที่เจ้าหน้าที่").replace("%1", keep))
        self.points[4].setText(
            self.tr("อ่านประกาศฉบับเต็มได้จาก QR นี้") if self.qr.text() else self.tr("ขอดูประกาศฉบับเต็มได้ที่เจ้าหน้าที่")
        )
        self.qr_caption.setText(self.tr("สแกนเพื่ออ่านประกาศฉบับเต็ม"))
        self.ok_button.set_text(self.tr("รับทราบ"))
