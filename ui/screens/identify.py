"""How the visitor says who they are: type the name, show ThaID, or leave it to the officer."""

from __future__ import annotations

from PySide6.QtCore import Signal

from ui.screens.base import Screen
from ui.theme import Theme
from ui.widgets.button import TouchButton


class IdentifyScreen(Screen):
    """Three large choices. An ID-card reader, when attached, fills the form without a tap here.

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
