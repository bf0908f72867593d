"""Sync status for the supervisor: last success, rows pending, last error, and "send now"."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QProgressBar

from ui.staff.common import Relay, StaffContext, StaffPage, button, card, heading

if TYPE_CHECKING:
    from kiosk.sync import SyncResult, SyncStatus


class SyncPage(StaffPage):
    """What the nightly sync to the district did last; a sync now runs on the network worker."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.status: SyncStatus | None = None
        self._cancel: threading.Event | None = None
        self.title = heading(role="staff-title")
        self.outer.addWidget(self.title)
        frame, box = card()
        box.setContentsMargins(px(24), px(16), px(24), px(16))
        form = QFormLayout()
        form.setVerticalSpacing(px(12))
        form.setHorizontalSpacing(px(24))
        self.values = {key: QLabel() for key in ("state", "last_success", "pending", "last_attempt", "error")}
        for key, label in self.values.items():
            label.setObjectName(f"sync-{key}")
            label.setWordWrap(True)
        self.labels = {key: heading() for key in self.values}
        for key in self.values:
            form.addRow(self.labels[key], self.values[key])
        box.addLayout(form)
        self.outer.addWidget(frame)
        self.progress = QProgressBar()
        self.progress.setObjectName("sync-progress")
        self.progress.hide()
        self.outer.addWidget(self.progress)
        actions = QHBoxLayout()
        self.sync_now = button(role="primary")
        self.sync_now.setObjectName("sync-now")
        self.cancel = button()
        self.cancel.hide()
        self.reload = button()
        actions.addWidget(self.sync_now)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.reload)
        self.outer.addLayout(actions)
        self.outer.addStretch(1)
        self.relay = Relay()
        self.relay.counted.connect(self._on_counted)
        self.sync_now.clicked.connect(self._on_sync_now_clicked)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.reload.clicked.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("ส่งข้อมูลไปที่ว่าการอำเภอ")
        for key, text in {
            "state": "สถานะ",
            "last_success": "ส่งสำเร็จล่าสุด",
            "pending": "รายการรอส่ง",
            "last_attempt": "พยายามส่งล่าสุด",
            "error": "ข้อผิดพลาดล่าสุด",
        }.items():
            self.labels[key].setText(text)
        self.sync_now.setText("ส่งข้อมูลตอนนี้")
        self.cancel.setText("หยุดส่ง")
        self.reload.setText("โหลดใหม่")
        if not self.ctx.desk.options.sync_url:
            self.sync_now.setEnabled(False)
            self.sync_now.setToolTip("ยังไม่ได้ตั้งค่า sync.url ใน kiosk.toml")

    def refresh(self) -> None:
        self.run(self.ctx.desk.sync_status, self.show_status)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        v = self.values
        if not self.ctx.desk.options.sync_url:
            v["state"].setText("ยังไม่ได้ตั้งค่าการส่งข้อมูล (sync.url ใน kiosk.toml)")
        elif status.ok:
            v["state"].setText("ปกติ")
        else:
            v["state"].setText("ส่งไม่สำเร็จ — กรุณาตรวจสอบ")
        v["last_success"].setText(self.ctx.local_datetime(status.last_success_at))
        v["pending"].setText(f"{status.pending:,} รายการ")
        v["last_attempt"].setText(self.ctx.local_datetime(status.last_attempt_at))
        if status.last_error_code:
            v["error"].setText(f"{status.last_error_th}\n({status.last_error_code}: {status.last_error})")
        else:
            v["error"].setText("–")

    def _on_sync_now_clicked(self) -> None:
        desk = self.ctx.desk
        cancel = self._cancel = threading.Event()
        relay = self.relay
        self.sync_now.setEnabled(False)
        self.cancel.show()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.run(
            lambda: desk.sync_now(progress=relay.counted.emit, cancel=cancel),
            self._on_synced,
            lane="network",
            on_failure=self._on_sync_failed,
        )

    def _on_counted(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_cancel_clicked(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _finish(self) -> None:
        self.sync_now.setEnabled(bool(self.ctx.desk.options.sync_url))
        self.cancel.hide()
        self.progress.hide()
        self.refresh()

    def _on_synced(self, result: SyncResult) -> None:
        self._finish()
        stopped = " (หยุดก่อนครบ)" if result.cancelled else ""
        self.say(f"ส่งข้อมูลแล้ว {result.sent:,} รายการ เหลือรอส่ง {result.pending:,}{stopped}")

    def _on_sync_failed(self, error: BaseException) -> None:
        self._finish()
        self.fail(error)
