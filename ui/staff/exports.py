"""Register export for the supervisor: a period, a source, a format, a progress bar and a cancel button."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
)

from ui.staff.common import (
    CancellableRun,
    SourceChoice,
    StaffContext,
    StaffPage,
    button,
    card,
    describe,
    heading,
    show_status,
)
from ui.tasks import Op
from ui.widgets.thaidate import ThaiDateEdit

if TYPE_CHECKING:
    from kiosk.exports import ExportResult

FORMATS = (("pdf", "PDF (พิมพ์เป็นทะเบียน)"), ("xlsx", "Excel (XLSX)"), ("csv", "CSV"))


class ExportPage(StaffPage):
    """Export the register of a period; a full-ID export asks for a second confirmation and is audited."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.title = heading(role="staff-title")
        self.outer.addWidget(self.title)
        frame, box = card()
        box.setContentsMargins(px(24), px(16), px(24), px(16))
        form = QFormLayout()
        form.setVerticalSpacing(px(12))
        form.setHorizontalSpacing(px(24))
        today = ctx.app.station.today()
        self.date_from = ThaiDateEdit(today.replace(day=1))
        self.date_to = ThaiDateEdit(today)
        self.date_from.setObjectName("date-from")
        self.date_to.setObjectName("date-to")
        self.labels = {k: heading() for k in ("source", "from", "to", "format", "options", "folder")}
        self.source = SourceChoice(available=bool(ctx.app.config.district_url), spacing=px(36))
        form.addRow(self.labels["source"], self.source)
        form.addRow(self.labels["from"], _left(self.date_from))
        form.addRow(self.labels["to"], _left(self.date_to))
        self.format_group = QButtonGroup(self)
        formats = QHBoxLayout()
        formats.setSpacing(px(36))
        self.format_buttons: dict[str, QRadioButton] = {}
        for code, text in FORMATS:
            radio = QRadioButton(text)
            radio.setObjectName(f"format-{code}")
            self.format_group.addButton(radio)
            self.format_buttons[code] = radio
            formats.addWidget(radio)
        formats.addStretch(1)
        self.format_buttons["pdf"].setChecked(True)
        form.addRow(self.labels["format"], formats)
        self.thai_digits = QCheckBox()
        self.full_id = QCheckBox()
        self.full_id.setObjectName("full-id")
        options = QHBoxLayout()
        options.setSpacing(px(36))
        options.addWidget(self.thai_digits)
        options.addWidget(self.full_id)
        options.addStretch(1)
        form.addRow(self.labels["options"], options)
        self.folder = QLineEdit(str(ctx.export_dir))
        self.folder.setObjectName("folder")
        form.addRow(self.labels["folder"], self.folder)
        box.addLayout(form)
        self.outer.addWidget(frame)

        self.warning = QLabel()
        self.warning.setObjectName("full-id-warning")
        self.warning.setProperty("role", "staff-locked")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.outer.addWidget(self.warning)
        self.job = CancellableRun("export", self)
        self.relay, self.progress, self.cancel = self.job.relay, self.job.progress, self.job.cancel
        self.outer.addWidget(self.progress)
        self.result = heading(role="staff-muted")
        self.result.setObjectName("export-result")
        self.outer.addWidget(self.result)
        actions = QHBoxLayout()
        self.export = button(role="primary")
        self.export.setObjectName("export")
        self.confirm = button(role="danger")
        self.confirm.setObjectName("confirm-full-id")
        self.confirm.hide()
        self.back = button()
        self.back.setObjectName("back")
        self.back.hide()
        actions.addWidget(self.export)
        actions.addWidget(self.confirm)
        actions.addWidget(self.back)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        self.outer.addLayout(actions)
        self.outer.addStretch(1)

        self.export.clicked.connect(self._on_export_clicked)
        self.confirm.clicked.connect(self._start)
        self.back.clicked.connect(self._hide_confirmation)
        self.full_id.toggled.connect(lambda _on: self._hide_confirmation())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("ส่งออกทะเบียนผู้มาขอรับบริการ")
        self.source.retranslate()
        for key, text in {
            "source": "ข้อมูลของ",
            "from": "ตั้งแต่วันที่",
            "to": "ถึงวันที่",
            "format": "รูปแบบไฟล์",
            "options": "ตัวเลือก",
            "folder": "บันทึกไว้ที่โฟลเดอร์",
        }.items():
            self.labels[key].setText(text)
        self.thai_digits.setText("ใช้เลขไทย (PDF)")
        self.full_id.setText("แสดงเลขประจำตัวประชาชนเต็ม (เฉพาะผู้ดูแล, บันทึกในประวัติ)")
        self.warning.setText(
            "ไฟล์นี้จะมีเลขประจำตัวประชาชนเต็ม 13 หลัก ซึ่งเป็นข้อมูลส่วนบุคคล"
            " การส่งออกจะถูกบันทึกชื่อผู้ส่งออกไว้ในประวัติ เก็บไฟล์ให้ปลอดภัยและลบเมื่อใช้เสร็จ"
        )
        self.export.setText("ส่งออก")
        self.confirm.setText("ยืนยัน ส่งออกพร้อมเลขประจำตัวเต็ม")
        self.back.setText("ไม่ส่งออก")
        self.cancel.setText("ยกเลิกการส่งออก")

    def chosen_format(self) -> str:
        return next(code for code, radio in self.format_buttons.items() if radio.isChecked())

    def _hide_confirmation(self) -> None:
        self.warning.hide()
        self.confirm.hide()
        self.back.hide()
        self.export.show()

    def _on_export_clicked(self) -> None:
        if self.full_id.isChecked():
            # Two steps for personal data leaving the kiosk: say what it means, then confirm.
            self.warning.show()
            self.confirm.show()
            self.back.show()
            self.export.hide()
            return
        self._start()

    def _start(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        from kiosk.app import exports

        app = self.ctx.app
        date_from, date_to = self.date_from.day(), self.date_to.day()
        fmt, full_id, thai = self.chosen_format(), self.full_id.isChecked(), self.thai_digits.isChecked()
        district = self.source.is_district()
        path = Path(self.folder.text()).expanduser() / exports.file_name(app, date_from, date_to, fmt, whole=district)
        self._hide_confirmation()
        self.export.setEnabled(False)
        job = self.job.begin()
        show_status(self.result, "กำลังอ่านฐานข้อมูลอำเภอและส่งออก…" if district else "กำลังส่งออก…", "busy")
        # The whole district's register is read from the hub (network); this station's, on the long-read worker.
        export = exports.export_district_register if district else exports.export_register
        op = Op(
            export,
            app,
            who,
            date_from=date_from,
            date_to=date_to,
            fmt=fmt,
            path=path,
            full_id=full_id,
            thai_digits=thai,
            job=job,
        )
        self.run(op, self._on_exported, on_failure=self._on_export_failed)

    def _done(self) -> None:
        self.export.setEnabled(True)
        self.job.finish()

    def _on_exported(self, result: ExportResult) -> None:
        self._done()
        show_status(self.result, f"ส่งออกแล้ว {result.rows:,} รายการ: {result.path}", "done")
        self.say(f"ส่งออกแล้ว {result.rows:,} รายการ")

    def _on_export_failed(self, error: BaseException) -> None:
        self._done()
        from kiosk.exports import ExportCancelled

        if isinstance(error, ExportCancelled):
            show_status(self.result, "ยกเลิกการส่งออกแล้ว ไม่มีไฟล์ถูกบันทึก", "busy")
            self.say("ยกเลิกการส่งออกแล้ว")
            return
        show_status(self.result, describe(error), "error", error=error)
        self.fail(error)


def _left(edit: ThaiDateEdit) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.addWidget(edit)
    layout.addStretch(1)
    return layout
