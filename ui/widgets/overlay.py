"""Layers over the whole window: the idle countdown, "start over?" and the supervisor's PIN pad."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.widgets.button import TouchButton
from ui.widgets.messageline import MessageLine


class Overlay(QFrame):
    """A dimmed layer over its parent with a card in the middle; follows the parent's size."""

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setProperty("role", "overlay")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame()
        self.card.setProperty("role", "card")
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        self.body = QVBoxLayout(self.card)
        self.body.setSpacing(theme.px(24))
        self.body.setContentsMargins(theme.px(60), theme.px(48), theme.px(60), theme.px(48))
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            self.setGeometry(0, 0, event.size().width(), event.size().height())
        return False

    def open(self) -> None:
        parent = self.parentWidget()
        assert parent is not None, "an overlay covers its parent"
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()


class IdleCountdown(Overlay):
    """ "Are you still there?" with the seconds left; any tap keeps the visitor's work (the window's tap guard
    gives every tap on the window to it, the button shows where to tap).

    Signals:
        keep(): the visitor wants to go on.
    """

    keep = Signal()

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        super().__init__(parent, theme)
        self.question = QLabel()
        self.question.setProperty("role", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.seconds = QLabel()
        self.seconds.setProperty("role", "display")
        self.seconds.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = TouchButton(theme, icon="check", role="primary", align=Qt.AlignmentFlag.AlignCenter, wrap=False)
        self.button.setMinimumWidth(theme.px(520))
        self.button.clicked.connect(self.keep)
        for w in (self.question, self.seconds):
            self.body.addWidget(w)
        self.body.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        self._left = 0
        self.retranslate()

    def set_seconds(self, left: int) -> None:
        self._left = left
        self.seconds.setText(self.tr("กลับหน้าแรกใน %n วินาที", "", left))

    def retranslate(self) -> None:
        self.question.setText(self.tr("ยังใช้งานอยู่หรือไม่?"))
        self.button.set_text(self.tr("ใช้งานต่อ"))
        self.set_seconds(self._left)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ConfirmRestart(Overlay):
    """ "Start over?" before what the visitor chose and typed is thrown away.

    "ทำต่อ" (go on) is the big, first choice; "เริ่มใหม่" (start over) is on the other side of the card.

    Signals:
        keep(): go on with the visit.
        restart(): throw the visit away.
    """

    keep = Signal()
    restart = Signal()

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        super().__init__(parent, theme)
        self.question = QLabel()
        self.question.setProperty("role", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel()
        self.detail.setProperty("role", "body")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keep_button = TouchButton(
            theme, icon="back", role="primary", icon_size=56, align=Qt.AlignmentFlag.AlignCenter, wrap=False
        )
        self.restart_button = TouchButton(
            theme, icon="home", role="choice", icon_size=56, align=Qt.AlignmentFlag.AlignCenter, wrap=False
        )
        for button in (self.keep_button, self.restart_button):
            button.setMinimumWidth(theme.px(400))
        self.keep_button.clicked.connect(self.keep)
        self.restart_button.clicked.connect(self.restart)
        self.body.addWidget(self.question)
        self.body.addWidget(self.detail)
        row = QHBoxLayout()
        row.setSpacing(theme.px(160))  # more than a finger's slip between "go on" and "throw it away"
        row.addWidget(self.keep_button)
        row.addWidget(self.restart_button)
        self.body.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("เริ่มใหม่ทั้งหมดหรือไม่?"))
        self.detail.setText(self.tr("สิ่งที่เลือกและพิมพ์ไว้จะถูกลบ"))
        self.keep_button.set_text(self.tr("ทำต่อ"))
        self.restart_button.set_text(self.tr("เริ่มใหม่"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PinPad(Overlay):
    """The supervisor's PIN, typed on big digits; the kiosk checks it, the pad only collects it.

    Signals:
        entered(str): the PIN typed, on OK.
        cancelled(): the pad was closed.
    """

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, theme: Theme) -> None:
        super().__init__(parent, theme)
        self.title = QLabel()
        self.title.setProperty("role", "subtitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setReadOnly(True)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Two lines kept, empty or not: a refusal appearing must not move the keys under a finger.
        self.message = MessageLine(lines=2)
        self.message.setObjectName("pin-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout()
        grid.setSpacing(theme.px(14))
        self.keys: dict[str, TouchButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
        for i, key in enumerate(labels):
            button = TouchButton(
                theme, role="primary" if key == "ok" else "choice", align=Qt.AlignmentFlag.AlignCenter, wrap=False
            )
            button.setProperty("role", "primary" if key == "ok" else "key")
            button.set_text(key)
            button.clicked.connect(lambda _=False, k=key: self._on_key(k))
            self.keys[key] = button
            grid.addWidget(button, i // 3, i % 3)
        self.cancel = TouchButton(theme, icon="close", align=Qt.AlignmentFlag.AlignCenter, wrap=False)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        for w in (self.title, self.field, self.message):
            self.body.addWidget(w)
        self.body.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.cancel)
        self.body.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("สำหรับเจ้าหน้าที่: ใส่รหัส PIN ผู้ดูแลเพื่อออกจากโหมดตู้บริการ"))
        self.keys["clear"].set_text(self.tr("ลบ"))
        self.keys["ok"].set_text(self.tr("ตกลง"))
        self.cancel.set_text(self.tr("ยกเลิก"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open(self) -> None:
        self.field.clear()
        self.message.clear()
        super().open()

    def refuse(self, message: str | None = None) -> None:
        """Clear the PIN and say why it was refused (by default: a wrong PIN)."""
        self.field.clear()
        self.message.setText(message or self.tr("รหัสไม่ถูกต้อง"))

    def _on_key(self, key: str) -> None:
        if key == "clear":
            self.field.clear()
        elif key == "ok":
            self.entered.emit(self.field.text())
        elif len(self.field.text()) < 12:
            self.field.setText(self.field.text() + key)

    def _on_cancel_clicked(self) -> None:
        self.hide()
        self.cancelled.emit()
