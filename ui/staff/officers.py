"""The supervisor's officers: add one with a PIN, set a new PIN, lift a lock-out, retire or take back."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QHideEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app import officers
from kiosk.models import Role
from kiosk.staff import PIN_MAX, PIN_MIN
from ui.staff.common import StaffContext, StaffPage, button, card, describe, heading
from ui.staff.signin import ROLE_TH
from ui.tasks import Op
from ui.widgets.thaiinput import thai_input

if TYPE_CHECKING:
    from kiosk.staff import OfficerInfo

_PIN_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhHiddenText
)


class OfficersPage(StaffPage):
    """Every officer with role, state, PIN and lock-out; the form adds an officer or sets a new PIN.

    The application layer refuses what the buttons already keep from the supervisor: retiring oneself or the
    last active supervisor. Every change is audited by :mod:`kiosk.staff`.
    """

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.officers: list[OfficerInfo] = []
        self.pin_for: OfficerInfo | None = None  # None: the form adds an officer
        self.title = heading(role="staff-title")
        self.hint = heading(role="staff-muted")
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.hint)

        body = QHBoxLayout()
        body.setSpacing(px(24))
        left = QVBoxLayout()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("officers")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(max(48, px(52)))
        left.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.reset_pin = button()
        self.reset_pin.setObjectName("reset-pin")
        self.unlock = button()
        self.unlock.setObjectName("unlock")
        self.toggle_active = button(role="danger")
        self.toggle_active.setObjectName("toggle-active")
        for b in (self.reset_pin, self.unlock, self.toggle_active):
            actions.addWidget(b)
        actions.addStretch(1)
        left.addLayout(actions)
        body.addLayout(left, 1)

        frame, box = card()
        box.setContentsMargins(px(24), px(14), px(24), px(14))
        box.setSpacing(px(10))
        self.form_title = heading()
        self.form_title.setObjectName("form-title")
        box.addWidget(self.form_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(px(14))
        grid.setVerticalSpacing(px(10))
        self.name_label, self.role_label, self.pin_label, self.again_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(100)
        self.name.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        thai_input(self.name)
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in Role:
            self.role.addItem("", role.value)
        digits = QRegularExpression(f"[0-9๐-๙]{{0,{PIN_MAX}}}")
        self.pin = QLineEdit()
        self.pin.setObjectName("new-pin")
        self.again = QLineEdit()
        self.again.setObjectName("new-pin-again")
        for field in (self.pin, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(PIN_MAX)
            field.setInputMethodHints(_PIN_HINTS)
            field.setValidator(QRegularExpressionValidator(digits, field))
            field.textEdited.connect(self._on_form_edited)
        self.name.textEdited.connect(self._on_form_edited)
        self.pin_hint = heading(role="staff-muted")
        fields: tuple[tuple[QLabel, QWidget], ...] = (
            (self.name_label, self.name),
            (self.role_label, self.role),
            (self.pin_label, self.pin),
            (self.again_label, self.again),
        )
        for i, (label, widget) in enumerate(fields):
            grid.addWidget(label, i, 0)
            grid.addWidget(widget, i, 1)
        grid.addWidget(self.pin_hint, len(fields), 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.error = QLabel()
        self.error.setObjectName("form-error")
        self.error.setProperty("role", "staff-error")
        self.error.setWordWrap(True)
        box.addWidget(self.error)
        box.addStretch(1)
        buttons = QHBoxLayout()
        self.save = button(role="primary")
        self.save.setObjectName("save")
        self.cancel = button()
        self.cancel.setObjectName("cancel")
        buttons.addWidget(self.save, 1)
        buttons.addWidget(self.cancel)
        box.addLayout(buttons)
        frame.setMinimumWidth(px(700))
        body.addWidget(frame)
        self.outer.addLayout(body, 1)

        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.reset_pin.clicked.connect(self._on_reset_pin_clicked)
        self.unlock.clicked.connect(self._on_unlock_clicked)
        self.toggle_active.clicked.connect(self._on_toggle_active_clicked)
        self.save.clicked.connect(self._on_save_clicked)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.pin.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self._on_save_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("เจ้าหน้าที่และรหัส PIN")
        self.hint.setText(
            "เจ้าหน้าที่ที่ระงับการใช้งานจะเข้าสู่ระบบไม่ได้ แต่ชื่อยังอยู่ในทะเบียน ระงับการใช้งานของตนเองหรือของผู้ดูแลคนสุดท้ายไม่ได้"
        )
        self.table.setHorizontalHeaderLabels(["ชื่อ", "บทบาท", "การใช้งาน", "รหัส PIN", "การล็อก"])
        self.reset_pin.setText("ตั้งรหัส PIN ใหม่")
        self.unlock.setText("ปลดล็อก")
        self.name_label.setText("ชื่อ–สกุล")
        self.name.setPlaceholderText("เช่น นางสาววิไล สายทอง")
        self.role_label.setText("บทบาท")
        for i in range(self.role.count()):
            self.role.setItemText(i, ROLE_TH[self.role.itemData(i)])
        self.pin_label.setText("รหัส PIN")
        self.again_label.setText("ใส่อีกครั้ง")
        self.pin_hint.setText(f"ตัวเลข {PIN_MIN}–{PIN_MAX} หลัก ไม่ใช่ตัวเลขเดียวกันทั้งหมด")
        self.cancel.setText("ล้าง")
        self._show_form()
        self._on_table_selection_changed()

    # Loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        self.run(Op(officers.everyone, self.ctx.app, who), self.show_officers)

    def show_officers(self, officers: list[OfficerInfo]) -> None:
        keep = self.selected()
        self.officers = officers
        me = self.ctx.who.id if self.ctx.who else None
        now = self.ctx.app.station.now()
        self.table.setRowCount(len(officers))
        for i, o in enumerate(officers):
            locked = o.locked_until is not None and o.locked_until > now
            cells = (
                f"{o.name} (ท่าน)" if o.id == me else o.name,
                ROLE_TH.get(o.role.value, o.role.value),
                "ใช้งาน" if o.active else "ระงับแล้ว",
                "ตั้งแล้ว" if o.has_pin else "ยังไม่ตั้ง",
                f"ล็อกถึง {self.ctx.local(o.locked_until)}" if locked else "–",
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not o.active:
                    item.setForeground(Qt.GlobalColor.darkGray)
                elif (locked and j == 4) or (not o.has_pin and j == 3):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for column in range(1, self.table.columnCount()):  # room between the short columns
            self.table.setColumnWidth(column, self.table.columnWidth(column) + self.ctx.theme.px(28))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if keep is not None:
            self.select_officer(keep.id)
        if self.pin_for is not None:  # the officer may have gone from the list meanwhile
            self.pin_for = next((o for o in officers if o.id == self.pin_for.id), None)
            self._show_form()
        self._on_table_selection_changed()

    # Choosing -----------------------------------------------------------------------------

    def selected(self) -> OfficerInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.officers[rows[0].row()] if rows and rows[0].row() < len(self.officers) else None

    def select_officer(self, officer_id: uuid.UUID) -> None:
        ids = [o.id for o in self.officers]
        if officer_id in ids:
            self.table.selectRow(ids.index(officer_id))

    def _is_locked(self, officer: OfficerInfo) -> bool:
        return officer.locked_until is not None and officer.locked_until > self.ctx.app.station.now()

    def _may_retire(self, officer: OfficerInfo) -> bool:
        """What the application layer would allow: not oneself, not the last active supervisor."""
        if self.ctx.who is not None and officer.id == self.ctx.who.id:
            return False
        if officer.role is not Role.SUPERVISOR:
            return True
        return any(o.active and o.role is Role.SUPERVISOR and o.id != officer.id for o in self.officers)

    def _on_table_selection_changed(self) -> None:
        o = self.selected()
        self.reset_pin.setEnabled(o is not None)
        self.unlock.setEnabled(o is not None and self._is_locked(o))
        retiring = o is None or o.active
        self.toggle_active.setText("ระงับการใช้งาน" if retiring else "ใช้งานอีกครั้ง")
        self.toggle_active.setProperty("role", "danger" if retiring else "")
        self.toggle_active.style().unpolish(self.toggle_active)
        self.toggle_active.style().polish(self.toggle_active)
        self.toggle_active.setEnabled(o is not None and (not o.active or self._may_retire(o)))

    # The form -----------------------------------------------------------------------------

    def _show_form(self) -> None:
        """The form adds an officer, or sets a new PIN for ``pin_for``."""
        adding = self.pin_for is None
        for w in (self.name_label, self.name, self.role_label, self.role):
            w.setVisible(adding)
        if self.pin_for is None:
            self.form_title.setText("เพิ่มเจ้าหน้าที่")
            self.save.setText("เพิ่มเจ้าหน้าที่")
        else:
            self.form_title.setText(f"ตั้งรหัส PIN ใหม่ของ {self.pin_for.name}")
            self.save.setText("บันทึกรหัส PIN ใหม่")

    def clear_form(self) -> None:
        self.pin_for = None
        self.name.clear()
        self.role.setCurrentIndex(0)
        self.pin.clear()
        self.again.clear()
        self.error.clear()
        self._show_form()

    def _on_form_edited(self) -> None:
        self.error.clear()

    def _on_cancel_clicked(self) -> None:
        self.clear_form()

    def _on_reset_pin_clicked(self) -> None:
        o = self.selected()
        if o is None:
            return
        self.pin_for = o
        self.pin.clear()
        self.again.clear()
        self.error.clear()
        self._show_form()
        self.pin.setFocus()

    def _on_save_clicked(self) -> None:
        who = self.ctx.who
        if who is None or not self.save.isEnabled():
            return
        app, pin, again, target = self.ctx.app, self.pin.text(), self.again.text(), self.pin_for
        self.save.setEnabled(False)  # one request at a time
        if target is None:
            name, role = self.name.text(), str(self.role.currentData())
            self.run(
                Op(officers.add, app, who, name=name, role=role, pin=pin, pin_again=again),
                self._on_added,
                on_failure=self._on_form_refused,
            )
        else:
            self.run(
                Op(officers.reset_pin, app, who, target.id, pin=pin, pin_again=again),
                self._on_pin_set,
                on_failure=self._on_form_refused,
            )

    def _on_added(self, officer: OfficerInfo) -> None:
        self.save.setEnabled(True)
        self.clear_form()
        self.say(f"เพิ่ม{ROLE_TH.get(officer.role.value, '')} {officer.name} แล้ว เข้าสู่ระบบด้วยรหัส PIN ที่ตั้งได้ทันที")
        self.changed.emit()
        self._select_after_refresh(officer.id)

    def _on_pin_set(self, officer: OfficerInfo) -> None:
        self.save.setEnabled(True)
        self.clear_form()
        self.say(f"ตั้งรหัส PIN ใหม่ของ {officer.name} แล้ว")
        self.changed.emit()
        self._select_after_refresh(officer.id)

    def _on_form_refused(self, error: BaseException) -> None:
        self.save.setEnabled(True)
        self.pin.clear()
        self.again.clear()
        self.error.setText(describe(error))

    def _select_after_refresh(self, officer_id: uuid.UUID) -> None:
        who = self.ctx.who
        if who is None:
            return
        app = self.ctx.app

        def shown(officers: list[OfficerInfo]) -> None:
            self.show_officers(officers)
            self.select_officer(officer_id)

        self.run(Op(officers.everyone, app, who), shown)

    # Lock-out and retiring ------------------------------------------------------------------

    def _on_unlock_clicked(self) -> None:
        o, who = self.selected(), self.ctx.who
        if o is None or who is None:
            return
        app = self.ctx.app

        def done(officer: OfficerInfo) -> None:
            self.say(f"ปลดล็อก {officer.name} แล้ว")
            self.changed.emit()
            self.refresh()

        self.run(Op(officers.unlock, app, who, o.id), done)

    def _on_toggle_active_clicked(self) -> None:
        o, who = self.selected(), self.ctx.who
        if o is None or who is None:
            return
        app, active = self.ctx.app, not o.active

        def done(officer: OfficerInfo) -> None:
            self.say(f"{officer.name}: {'ใช้งานได้อีกครั้ง' if officer.active else 'ระงับการใช้งานแล้ว'}")
            if not officer.active and self.pin_for is not None and self.pin_for.id == officer.id:
                self.clear_form()
            self.changed.emit()
            self.refresh()

        self.run(Op(officers.set_active, app, who, o.id, active), done)

    def hideEvent(self, event: QHideEvent) -> None:
        self.clear_form()  # no PIN stays typed in a page nobody looks at
        super().hideEvent(event)
