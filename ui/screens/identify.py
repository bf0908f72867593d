"""How the visitor says who they are: insert the ID card, type the name, show ThaID, or leave it to the officer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.icon import Icon


class IdentifyScreen(Screen):
    """Three large choices, and above them, when a card reader is ready, "insert your ID card":
    a card read fills the form without a tap here (the window does that).

    Signals:
        type_name(): the visitor will type the name on the on-screen keyboard.
        thaid(): the visitor will show the ThaID app to the officer.
        officer(): the officer fills in the details later.
    """

    type_name = Signal()
    thaid = Signal()
    officer = Signal()

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.hint = self.add_hint()
        px = theme.px
        self.card_prompt = QFrame()
        self.card_prompt.setProperty("role", "card")
        row = QHBoxLayout(self.card_prompt)
        row.setContentsMargins(px(32), px(8), px(32), px(8))
        row.setSpacing(px(28))
        row.addWidget(Icon("id-card", theme, design=84), 0, Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.card_title = QLabel()
        self.card_title.setProperty("role", "subtitle")
        self.card_note = QLabel()
        self.card_note.setProperty("role", "body")
        # One line each, no word wrap: a wrapped label claims its height at the window's narrowest width,
        # which would make the whole window taller than the screen.
        self.card_note.setWordWrap(False)
        self.card_message = QLabel()
        self.card_message.setObjectName("card-message")
        self.card_message.setWordWrap(False)
        self.card_message.hide()
        for label in (self.card_title, self.card_note, self.card_message):
            texts.addWidget(label)
        row.addLayout(texts, 1)
        self.card_prompt.hide()
        # its text keeps its height (two lines in English, large text): the choices below take the rest
        self.card_prompt.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.content.addWidget(self.card_prompt)
        self.type_button = TouchButton(theme, icon="keyboard", icon_size=110)
        self.thaid_button = TouchButton(theme, icon="phone", icon_size=110)
        self.officer_button = TouchButton(theme, icon="officer", icon_size=110)
        self.type_button.clicked.connect(self.type_name)
        self.thaid_button.clicked.connect(self.thaid)
        self.officer_button.clicked.connect(self.officer)
        for button in (self.type_button, self.thaid_button, self.officer_button):
            self.content.addWidget(self.expanding(button), 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("แจ้งชื่อของท่าน"))
        self.hint.setText(self.tr("เลือกวิธีที่สะดวก"))
        self.type_button.set_text(
            self.tr("พิมพ์ชื่อ-นามสกุล"), self.tr("ใช้แป้นพิมพ์บนจอ ใส่เลขประจำตัวประชาชนและโทรศัพท์ได้ถ้าต้องการ")
        )
        self.thaid_button.set_text(self.tr("ฉันใช้ ThaID"), self.tr("แสดงแอป ThaID กับเจ้าหน้าที่เมื่อถึงคิว"))
        self.officer_button.set_text(self.tr("ให้เจ้าหน้าที่ช่วยกรอก"), self.tr("เจ้าหน้าที่จะกรอกข้อมูลให้เมื่อถึงคิวของท่าน"))
        self.card_title.setText(self.tr("เสียบบัตรประชาชน"))
        self.card_note.setText(self.tr("ที่เครื่องอ่านใต้จอ ด้านชิปขึ้น อ่านเฉพาะชื่อและเลขประจำตัว ท่านตรวจก่อนยืนยัน"))

    def set_card_reader_ready(self, ready: bool) -> None:
        """Offer the card only when a reader is there to read it (it then takes the place of the hint line)."""
        self.card_prompt.setVisible(ready)
        self.hint.setVisible(not ready)

    def show_card_message(self, text: str, *, error: bool) -> None:
        """``กำลังอ่านบัตร…`` while reading, or why the card could not be read ("" hides it)."""
        self.card_message.setProperty("role", "error" if error else "body")
        self.card_message.style().unpolish(self.card_message)
        self.card_message.style().polish(self.card_message)
        self.card_message.setText(text)
        self.card_message.setVisible(bool(text))
        self.card_note.setVisible(not text)  # the message takes the instruction's place: the choices keep their room

    def reset(self) -> None:
        self.show_card_message("", error=False)
