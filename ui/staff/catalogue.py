"""The supervisor's catalogue: turn a service on or off, with the message citizens see while it is off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem

from kiosk.app import catalogue
from ui.staff.common import StaffContext, StaffPage, button, heading
from ui.tasks import Op
from ui.widgets.thaiinput import thai_input

if TYPE_CHECKING:
    from kiosk.catalogue import ServiceEntry


class CataloguePage(StaffPage):
    """Every service of the catalogue with its state; the change is audited."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        self.services: list[ServiceEntry] = []
        self.title = heading(role="staff-title")
        self.hint = heading(role="staff-muted")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("services")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(max(48, ctx.theme.px(52)))
        self.message_edit = QLineEdit()
        self.message_edit.setObjectName("inactive-message")
        thai_input(self.message_edit)
        self.toggle = button(role="primary")
        self.toggle.setObjectName("toggle")
        actions = QHBoxLayout()
        actions.addWidget(self.message_edit, 1)
        actions.addWidget(self.toggle)
        for w in (self.title, self.hint):
            self.outer.addWidget(w)
        self.outer.addWidget(self.table, 1)
        self.outer.addLayout(actions)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.toggle.clicked.connect(self._on_toggle_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("งานบริการ (เปิด/ปิดให้บริการ)")
        self.hint.setText(
            "งานบริการที่ปิดจะแสดงที่ตู้ว่า “ปิดให้บริการชั่วคราว” พร้อมข้อความด้านล่าง รายชื่องานบริการต้องตรวจสอบกับบัญชีของกรมการปกครอง"
        )
        self.table.setHorizontalHeaderLabels(["ลำดับ", "งานบริการ", "หน่วยงาน", "สถานะ"])
        self.message_edit.setPlaceholderText("ข้อความเมื่อปิด เช่น ระบบของหน่วยงานปิดปรับปรุงถึงวันศุกร์")
        self._on_selection_changed()

    def refresh(self) -> None:
        self.run(Op(catalogue.services, self.ctx.app), self.show_services)

    def show_services(self, services: list[ServiceEntry]) -> None:
        keep = self.selected()
        self.services = services
        self.table.setRowCount(len(services))
        for i, s in enumerate(services):
            state = "เปิด" if s.active else f"ปิด — {s.inactive_message_th}" if s.inactive_message_th else "ปิด"
            for j, text in enumerate((str(i + 1), s.name_th, s.owner_th, state)):
                item = QTableWidgetItem(text)
                if not s.active:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        codes = [s.code for s in services]
        if keep is not None and keep.code in codes:
            self.table.selectRow(codes.index(keep.code))
        self._on_selection_changed()

    def selected(self) -> ServiceEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.services[rows[0].row()] if rows and rows[0].row() < len(self.services) else None

    def _on_selection_changed(self) -> None:
        s = self.selected()
        self.toggle.setEnabled(s is not None)
        self.message_edit.setEnabled(s is not None and s.active)
        self.toggle.setText("เปิดให้บริการ" if s is not None and not s.active else "ปิดให้บริการชั่วคราว")

    def _on_toggle_clicked(self) -> None:
        s, who = self.selected(), self.ctx.who
        if s is None or who is None:
            return
        app, message = self.ctx.app, self.message_edit.text()

        def done(entry: ServiceEntry) -> None:
            self.say(f"{entry.name_th}: {'เปิด' if entry.active else 'ปิด'}ให้บริการแล้ว")
            self.message_edit.clear()
            self.changed.emit()
            self.refresh()

        self.run(Op(catalogue.set_active, app, who, s.code, not s.active, message_th=message), done)
