"""The reprint queue: slips the printer could not print, to print again or dismiss."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem

from kiosk.app import slips
from kiosk.printing import stored_fault_th
from ui.staff.common import StaffContext, StaffPage, button, heading
from ui.tasks import Op

if TYPE_CHECKING:
    from kiosk.app.slips import SlipResult
    from kiosk.printing import PendingSlip

KIND_TH = {"ticket": "บัตรคิว", "survey": "สลิปแบบสำรวจ"}


class ReprintPage(StaffPage):
    """Pending slips with their last fault; reprint runs on the printer's worker."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        self.slips: list[PendingSlip] = []
        self.title = heading(role="staff-title")
        self.hint = heading(role="staff-muted")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("slips")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(max(48, ctx.theme.px(52)))
        self.reprint = button(role="primary")
        self.reprint.setObjectName("reprint")
        self.dismiss = button(role="danger")
        self.dismiss.setObjectName("dismiss")
        self.reload = button()
        actions = QHBoxLayout()
        actions.addWidget(self.reprint)
        actions.addWidget(self.dismiss)
        actions.addStretch(1)
        actions.addWidget(self.reload)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.hint)
        self.outer.addWidget(self.table, 1)
        self.outer.addLayout(actions)
        self.reprint.clicked.connect(self._on_reprint_clicked)
        self.dismiss.clicked.connect(self._on_dismiss_clicked)
        self.reload.clicked.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("รายการพิมพ์ซ้ำ")
        self.hint.setText("บัตรคิวและสลิปแบบสำรวจที่เครื่องพิมพ์พิมพ์ไม่ได้ แก้ไขเครื่องพิมพ์แล้วกดพิมพ์ซ้ำ")
        self.table.setHorizontalHeaderLabels(["คิว", "ประเภท", "เวลา", "ครั้งที่ลอง", "ปัญหาล่าสุด"])
        self.reprint.setText("พิมพ์ซ้ำ")
        self.dismiss.setText("ไม่ต้องพิมพ์ (นำออกจากรายการ)")
        self.reload.setText("โหลดใหม่")

    def refresh(self) -> None:
        self.run(Op(slips.pending, self.ctx.app), self.show_slips)

    def show_slips(self, slips: list[PendingSlip]) -> None:
        self.slips = slips
        self.table.setRowCount(len(slips))
        for i, slip in enumerate(slips):
            cells = (
                slip.ticket or "–",
                KIND_TH.get(slip.kind.value, slip.kind.value),
                self.ctx.local_datetime(slip.created_at),
                str(slip.attempts),
                stored_fault_th(slip.last_error),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, slip)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if slips:
            self.table.selectRow(0)
        self.reprint.setEnabled(bool(slips))
        self.dismiss.setEnabled(bool(slips))

    def selected(self) -> PendingSlip | None:
        rows = self.table.selectionModel().selectedRows()
        return self.slips[rows[0].row()] if rows else None

    def _on_reprint_clicked(self) -> None:
        slip = self.selected()
        if slip is None:
            return
        app = self.ctx.app
        self.reprint.setEnabled(False)
        self.run(Op(slips.reprint, app, slip.id), self._on_reprinted, on_failure=self._on_error)

    def _on_reprinted(self, result: SlipResult) -> None:
        if result.printed:
            self.say("พิมพ์ซ้ำแล้ว")
        else:
            self.message.emit(f"ยังพิมพ์ไม่ได้: {result.staff_th}", True)
        self.refresh()

    def _on_error(self, error: BaseException) -> None:
        self.fail(error)
        self.refresh()

    def _on_dismiss_clicked(self) -> None:
        slip, who = self.selected(), self.ctx.who
        if slip is None or who is None:
            return
        self.run(Op(slips.dismiss, self.ctx.app, who, slip.id), lambda _r: self.refresh())
