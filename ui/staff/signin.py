"""Staff sign-in: choose your name, type your PIN; five wrong PINs lock the name for five minutes."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from kiosk.app import officers
from ui.staff.common import StaffContext, StaffPage, button, card, describe, heading
from ui.tasks import Op
from ui.widgets.messageline import MessageLine

if TYPE_CHECKING:
    from kiosk.staff import OfficerInfo, StaffSession

ROLE_TH = {"officer": "เจ้าหน้าที่", "supervisor": "ผู้ดูแล"}


class SignInPage(StaffPage):
    """Names on the left, a PIN pad on the right; the PIN is checked on the database worker.

    Signals:
        signed_in(StaffSession): the PIN was right.
        leave(): close the staff area without signing in.
    """

    signed_in = Signal(object)
    leave = Signal()

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.officers: list[OfficerInfo] = []
        self._buttons: dict[uuid.UUID, QPushButton] = {}  # the name buttons on the page now, by officer
        self.chosen: OfficerInfo | None = None
        self.locked_until: dt.datetime | None = None
        self._busy = False

        self.title = heading(role="staff-title")
        self.outer.addWidget(self.title)
        body = QHBoxLayout()
        body.setSpacing(px(32))
        left = QVBoxLayout()
        self.names_title = heading()
        left.addWidget(self.names_title)
        self.names_box = QVBoxLayout()
        self.names_box.setSpacing(px(10))
        left.addLayout(self.names_box)
        self.empty = heading(role="staff-muted")
        left.addWidget(self.empty)
        left.addStretch(1)
        body.addLayout(left, 1)

        frame, pad = card()
        pad.setContentsMargins(px(28), px(20), px(28), px(20))
        pad.setSpacing(px(12))
        self.who = heading()
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setMaxLength(8)
        # Digits only from a keyboard too (Thai digits are taken as digits by the check).
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9๐-๙]{0,8}"), self.pin))
        self.pin.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhHiddenText
        )
        self.pin.returnPressed.connect(self._on_ok)
        # A wrong PIN's message and the lock share one slot of a fixed height above the keys:
        # a message appearing or going never moves a key under the officer's finger.
        self.error = MessageLine(lines=3, role="staff-error")
        self.error.setObjectName("signin-error")
        self.lock = MessageLine(lines=4, role="staff-locked")  # two lines, each may wrap
        self.lock.setObjectName("lock")
        self.message_slot = QWidget()
        self.message_slot.setObjectName("signin-message")
        self._messages = QStackedLayout(self.message_slot)
        self._messages.addWidget(self.error)
        self._messages.addWidget(self.lock)
        grid = QGridLayout()
        grid.setSpacing(px(10))
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]):
            b = button(key, role="confirm" if key == "ok" else "key")
            b.setObjectName(f"key-{key}")
            b.clicked.connect(lambda _=False, k=key: self._on_key(k))
            self.keys[key] = b
            grid.addWidget(b, i // 3, i % 3)
        for w in (self.who, self.pin, self.message_slot):
            pad.addWidget(w)
        pad.addLayout(grid)
        frame.setMinimumWidth(px(560))
        body.addWidget(frame, 0, Qt.AlignmentFlag.AlignTop)
        self.outer.addLayout(body, 1)
        bottom = QHBoxLayout()
        self.leave_button = button()
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(self.leave)
        bottom.addWidget(self.leave_button)
        bottom.addStretch(1)
        self.outer.addLayout(bottom)

        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._show_lock)
        self.retranslate()
        self._choose(None)

    def retranslate(self) -> None:
        self.title.setText("เข้าสู่ระบบเจ้าหน้าที่")
        self.names_title.setText("เลือกชื่อของท่าน")
        self.empty.setText("ยังไม่มีเจ้าหน้าที่ที่ตั้งรหัส PIN แล้ว — ผู้ดูแลเพิ่มได้ด้วยคำสั่ง kiosk staff add" if not self.officers else "")
        self.keys["clear"].setText("ลบ")
        self.keys["ok"].setText("เข้าสู่ระบบ")
        self.leave_button.setText("กลับหน้าตู้บริการ")

    # Loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.run(Op(officers.who_can_sign_in, self.ctx.app), self._on_officers)

    def _on_officers(self, officers: list[OfficerInfo]) -> None:
        self.officers = officers
        while self.names_box.count():
            item = self.names_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # off screen now; Qt deletes it once back in the event loop
                widget.deleteLater()
        self._buttons = {}  # the old ones are pending deleteLater(): never look them up again
        for officer in officers:
            b = button(f"{officer.name}  ·  {ROLE_TH.get(officer.role.value, officer.role.value)}", checkable=True)
            b.setObjectName(f"officer-{officer.id}")
            self._buttons[officer.id] = b
            b.clicked.connect(lambda _=False, o=officer: self._choose(o))
            self.names_box.addWidget(b)
            b.setVisible(self.isVisible())  # at once, not after the next turn of the event loop
        self.retranslate()
        keep = self.chosen.id if self.chosen else None
        self._choose(next((o for o in officers if o.id == keep), officers[0] if len(officers) == 1 else None))

    def reset(self) -> None:
        """Forget the PIN typed and the name chosen (on sign-out)."""
        self.pin.clear()
        self.error.clear()
        self._choose(None)

    # Choosing and typing ------------------------------------------------------------------

    def name_button(self, officer_id: uuid.UUID) -> QPushButton | None:
        """The button of an officer's name on the page now, or None when the name is not listed."""
        return self._buttons.get(officer_id)

    def _choose(self, officer: OfficerInfo | None) -> None:
        self.chosen = officer
        for o in self.officers:
            b = self.name_button(o.id)
            if b is not None:
                b.setChecked(officer is not None and o.id == officer.id)
        self.pin.clear()
        self.error.clear()
        self.who.setText(f"รหัส PIN ของ {officer.name}" if officer else "เลือกชื่อก่อน แล้วใส่รหัส PIN")
        now = self.ctx.app.station.now()
        until = officer.locked_until if officer else None
        self.locked_until = until if until is not None and until > now else None
        self._show_lock()

    def _show_lock(self) -> None:
        """While locked: the time it ends and the minutes left, and no PIN pad."""
        until = self.locked_until
        now = self.ctx.app.station.now()
        locked = until is not None and until > now
        if locked and until is not None:
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            local = until.astimezone(self.ctx.zone)
            self.lock.setText(f"ล็อกชั่วคราว: ใส่รหัส PIN ผิด 5 ครั้ง\nลองใหม่ได้เวลา {local:%H:%M} น. (อีกประมาณ {minutes} นาที)")
            self._lock_timer.start()
        else:
            self.locked_until = None
            self._lock_timer.stop()
        self._messages.setCurrentWidget(self.lock if locked else self.error)
        enabled = self.chosen is not None and not locked and not self._busy
        for b in self.keys.values():
            b.setEnabled(enabled)
        self.pin.setEnabled(enabled)

    def _on_key(self, key: str) -> None:
        if key == "clear":
            self.pin.clear()
        elif key == "ok":
            self._on_ok()
        elif len(self.pin.text()) < 8:
            self.pin.setText(self.pin.text() + key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and self.pin.isEnabled() and not self.pin.hasFocus():
            self._on_key(text)
            return
        super().keyPressEvent(event)

    def _on_ok(self) -> None:
        officer, pin = self.chosen, self.pin.text()
        if officer is None or not pin or self._busy or self.locked_until is not None:
            return
        self._busy = True
        self._show_lock()
        self.run(Op(officers.sign_in, self.ctx.app, officer.id, pin), self._on_signed_in, on_failure=self._on_refused)

    def _on_signed_in(self, session: StaffSession) -> None:
        self._busy = False
        self.pin.clear()
        self.error.clear()
        self._show_lock()
        self.signed_in.emit(session)

    def _on_refused(self, error: BaseException) -> None:
        self._busy = False
        self.pin.clear()
        until = getattr(error, "locked_until", None)
        if until is not None:
            self.locked_until = until
            self.error.clear()
        else:
            self.error.setText(describe(error))
        self._show_lock()

    def hideEvent(self, event: QHideEvent) -> None:
        self._lock_timer.stop()
        self.pin.clear()
        super().hideEvent(event)
