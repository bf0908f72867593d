"""Sync status for the supervisor: last success, rows pending, last error, and "send now"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel

from ui.staff.common import CancellableRun, StaffContext, StaffPage, button, card, heading
from ui.tasks import Op

if TYPE_CHECKING:
    from kiosk.sync import SyncResult, SyncStatus


class SyncPage(StaffPage):
    """What the nightly sync to the district did last; a sync now runs on the network worker."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.status: SyncStatus | None = None
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
        self.job = CancellableRun("sync", self)  # the same progress and cancel as an export's
        self.progress = self.job.progress
        self.outer.addWidget(self.progress)
        actions = QHBoxLayout()
        self.sync_now = button(role="primary")
        self.sync_now.setObjectName("sync-now")
        self.cancel = self.job.cancel
        self.reload = button()
        actions.addWidget(self.sync_now)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.reload)
        self.outer.addLayout(actions)
        self.outer.addStretch(1)
        self.sync_now.clicked.connect(self._on_sync_now_clicked)
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
        if not self._configured():
            self.sync_now.setEnabled(False)
            self.sync_now.setToolTip("ยังไม่ได้ตั้งค่าที่อยู่ฐานข้อมูลอำเภอ กรุณาแจ้งผู้ดูแลระบบ")

    def _configured(self) -> bool:
        return bool(self.ctx.app.config.sync.url)  # sync.url, or $KIOSK_SYNC_URL over it (kiosk.config)

    def refresh(self) -> None:
        from kiosk.app import sync

        self.run(Op(sync.status, self.ctx.app), self.show_status)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        v = self.values
        if not self._configured():
            v["state"].setText("ยังไม่ได้ตั้งค่าการส่งข้อมูล (แจ้งผู้ดูแลระบบให้ตั้งค่าที่อยู่ฐานข้อมูลอำเภอ)")
        elif status.ok:
            v["state"].setText("ปกติ")
        else:
            v["state"].setText("ส่งไม่สำเร็จ — กรุณาตรวจสอบ")
        v["last_success"].setText(self.ctx.local_datetime(status.last_success_at))
        v["pending"].setText(f"{status.pending:,} รายการ")
        v["last_attempt"].setText(self.ctx.local_datetime(status.last_attempt_at))
        if status.last_error_code:
            v["error"].setText(status.last_error_th)
            v["error"].setToolTip(f"{status.last_error_code}: {status.last_error}")  # for a technician's mouse
        else:
            v["error"].setText("–")

    def _on_sync_now_clicked(self) -> None:
        from kiosk.app import sync

        self.sync_now.setEnabled(False)
        job = self.job.begin()
        self.run(Op(sync.sync_now, self.ctx.app, job=job), self._on_synced, on_failure=self._on_sync_failed)

    def _finish(self) -> None:
        self.sync_now.setEnabled(self._configured())
        self.job.finish()
        self.refresh()

    def _on_synced(self, result: SyncResult) -> None:
        self._finish()
        stopped = " (หยุดก่อนครบ)" if result.cancelled else ""
        self.say(f"ส่งข้อมูลแล้ว {result.sent:,} รายการ เหลือรอส่ง {result.pending:,}{stopped}")

    def _on_sync_failed(self, error: BaseException) -> None:
        self._finish()
        self.fail(error)
