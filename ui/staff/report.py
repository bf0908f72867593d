"""The reports for the province: the monthly form (cut on DOPA's 25th, with the OPDC survey) and the fiscal year."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kiosk.thai import format_date, format_month
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

if TYPE_CHECKING:
    from kiosk.app.reports import WrittenFiscalYear, WrittenReport
    from kiosk.report import MonthlyFigures, SurveyFigures

MONTHS_BACK = 13
FISCAL_YEARS_BACK = 3
CUTOFF_DAY = 25  # DOPA collects the statistics on the 25th of every month


class ReportPage(StaffPage):
    """Pick a month, see its figures, enter the OPDC survey's figures, write the PDF report form."""

    def __init__(self, ctx: StaffContext) -> None:
        super().__init__(ctx)
        px = ctx.theme.px
        self.figures: MonthlyFigures | None = None
        self._asked: tuple[int, int, int | None, bool] | None = None  # the figures last asked for
        self.title = heading(role="staff-title")
        self.outer.addWidget(self.title)
        frame, box = card()
        box.setContentsMargins(px(24), px(16), px(24), px(16))
        form = QFormLayout()
        form.setVerticalSpacing(px(12))
        form.setHorizontalSpacing(px(24))
        self.month = QComboBox()
        self.month.setObjectName("month")
        today = ctx.app.station.today()
        year, month = today.year, today.month
        for _ in range(MONTHS_BACK):
            self.month.addItem(format_month(year, month), (year, month))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        self.cutoff = QCheckBox()
        self.cutoff.setObjectName("cutoff")
        self.cutoff.setChecked(True)
        self.thai_digits = QCheckBox()
        self.thai_digits.setChecked(True)
        self.labels = {k: heading() for k in ("source", "month", "period", "figures", "survey", "folder")}
        self.source = SourceChoice(available=bool(ctx.app.config.district_url), spacing=px(36))
        form.addRow(self.labels["source"], self.source)
        self.period = heading(role="staff-muted")
        self.summary = heading(role="staff-muted")
        self.summary.setObjectName("report-summary")
        form.addRow(self.labels["month"], _line(self.month, self.cutoff, self.thai_digits))
        form.addRow(self.labels["period"], self.period)
        form.addRow(self.labels["figures"], self.summary)
        self.responses = QSpinBox()
        self.responses.setObjectName("responses")
        self.responses.setRange(0, 100_000)
        self.mean = QDoubleSpinBox()
        self.mean.setObjectName("mean")
        self.mean.setRange(0, 10)
        self.mean.setDecimals(2)
        self.mean.setSingleStep(0.01)
        self.mean.setMinimumWidth(px(220))
        self.responses.setMinimumWidth(px(200))
        self.save_survey = button()
        form.addRow(self.labels["survey"], _line(self.responses, self.mean, self.save_survey))
        self.folder = QLineEdit(str(ctx.export_dir))
        self.folder.setObjectName("report-folder")
        form.addRow(self.labels["folder"], self.folder)
        box.addLayout(form)
        self.outer.addWidget(frame)
        self.job = CancellableRun("report", self)
        self.relay, self.progress, self.cancel = self.job.relay, self.job.progress, self.job.cancel
        self.outer.addWidget(self.progress)
        self.result = heading(role="staff-muted")
        self.result.setObjectName("report-result")
        self.outer.addWidget(self.result)
        actions = QHBoxLayout()
        self.write = button(role="primary")
        self.write.setObjectName("write-report")
        actions.addWidget(self.write)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        self.outer.addLayout(actions)
        # The fiscal year (ตุลาคม–กันยายน), with the same source, cutoff, digits and folder as above.
        self.fiscal_title = heading(role="staff-title")
        self.outer.addWidget(self.fiscal_title)
        self.fiscal_year = QComboBox()
        self.fiscal_year.setObjectName("fiscal-year")
        from kiosk.fiscal import current_fiscal_year

        latest = current_fiscal_year(today)
        for year_be in range(latest, latest - FISCAL_YEARS_BACK, -1):
            self.fiscal_year.addItem(str(year_be), year_be)
        self.write_fiscal_pdf = button(role="primary")
        self.write_fiscal_pdf.setObjectName("write-fiscal-pdf")
        self.write_fiscal_xlsx = button()
        self.write_fiscal_xlsx.setObjectName("write-fiscal-xlsx")
        self.fiscal_label = heading()
        fiscal_row = _line(self.fiscal_label, self.fiscal_year, self.write_fiscal_pdf, self.write_fiscal_xlsx)
        self.outer.addLayout(fiscal_row)
        self.fiscal_result = heading(role="staff-muted")
        self.fiscal_result.setObjectName("fiscal-result")
        self.outer.addWidget(self.fiscal_result)
        self.outer.addStretch(1)
        self.write_fiscal_pdf.clicked.connect(self._on_write_fiscal_pdf_clicked)
        self.write_fiscal_xlsx.clicked.connect(self._on_write_fiscal_xlsx_clicked)
        self.month.currentIndexChanged.connect(self.refresh)
        self.cutoff.toggled.connect(self.refresh)
        self.source.changed.connect(self.refresh)
        self.save_survey.clicked.connect(self._on_save_survey_clicked)
        self.write.clicked.connect(self._on_write_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("รายงานผลการดำเนินงานประจำเดือน")
        self.source.retranslate()
        for key, text in {
            "source": "ข้อมูลของ",
            "month": "เดือน",
            "period": "ช่วงวันที่",
            "figures": "ตัวเลขจากทะเบียน",
            "survey": "ผลสำรวจของ สำนักงาน ก.พ.ร.",
            "folder": "บันทึกไว้ที่โฟลเดอร์",
        }.items():
            self.labels[key].setText(text)
        self.cutoff.setText(f"ตัดยอดวันที่ {CUTOFF_DAY} (ตามที่กรมการปกครองรวบรวม)")
        self.thai_digits.setText("ใช้เลขไทย")
        self.responses.setSuffix(" ราย")
        self.mean.setPrefix("เฉลี่ย ")
        self.save_survey.setText("บันทึกผลสำรวจ")
        self.write.setText("สร้างรายงาน PDF")
        self.cancel.setText("ยกเลิก")
        self.fiscal_title.setText("รายงานประจำปีงบประมาณ (ตุลาคม–กันยายน)")
        self.fiscal_label.setText("ปีงบประมาณ พ.ศ.")
        self.write_fiscal_pdf.setText("สร้างรายงาน PDF")
        self.write_fiscal_xlsx.setText("สร้างไฟล์ Excel")

    def chosen(self) -> tuple[int, int, int | None]:
        year, month = self.month.currentData()
        return year, month, CUTOFF_DAY if self.cutoff.isChecked() else None

    def refresh(self) -> None:
        from kiosk.app import reports

        app, who = self.ctx.app, self.ctx.who
        year, month, cutoff = self.chosen()
        district = self.source.is_district()
        asked = self._asked = (year, month, cutoff, district)

        def show(figures: MonthlyFigures) -> None:
            if asked == self._asked:  # not figures of a choice changed since
                self.show_figures(figures)

        def failed(error: BaseException) -> None:
            if asked == self._asked:
                show_status(self.summary, describe(error), "error", error=error)
                self.fail(error)

        if district and who is not None:
            show_status(self.summary, "กำลังอ่านฐานข้อมูลอำเภอ…", "busy")
            self.run(
                Op(reports.district_monthly_figures, app, who, year, month, cutoff_day=cutoff), show, on_failure=failed
            )
        else:
            self.run(Op(reports.monthly_figures, app, year, month, cutoff_day=cutoff), show)

    def show_figures(self, figures: MonthlyFigures) -> None:
        from kiosk.report import shown_mean

        self.figures = figures
        p = figures.period
        self.period.setText(f"{format_date(p.first)} – {format_date(p.last)}")
        rating = (
            f"คะแนนจากตู้ {figures.ratings} ราย "
            f"เฉลี่ย {shown_mean(figures.rating_mean):.2f} ({figures.rating_percent:.2f}%)"
            if figures.rating_mean is not None and figures.rating_percent is not None
            else "ยังไม่มีคะแนนจากตู้"
        )
        stations = f"{len(figures.stations)} จุดบริการ · " if figures.stations is not None else ""
        show_status(
            self.summary,
            f"{stations}ผู้รับบริการ {figures.total:,} ราย · พิมพ์สลิปแบบสำรวจ {figures.survey_slips_printed:,} ใบ · {rating}",
            "busy",
        )
        official = figures.official
        self.responses.setValue(official.responses if official else 0)
        self.mean.setValue(official.mean if official else 0.0)

    def _on_save_survey_clicked(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        from kiosk.app import reports

        app = self.ctx.app
        year, month, _cutoff = self.chosen()
        responses, mean = self.responses.value(), self.mean.value()

        def saved(figures: SurveyFigures) -> None:
            self.say(f"บันทึกผลสำรวจแล้ว: {figures.responses} ราย เฉลี่ย {figures.mean:.2f} ({figures.percent:.2f}%)")
            self.refresh()

        self.run(Op(reports.set_survey_figures, app, who, year, month, responses=responses, mean=mean), saved)

    def _on_write_clicked(self) -> None:
        who = self.ctx.who
        if who is None:
            return
        from kiosk.app import reports

        app = self.ctx.app
        year, month, cutoff = self.chosen()
        folder, thai = Path(self.folder.text()).expanduser(), self.thai_digits.isChecked()
        district = self.source.is_district()
        self.write.setEnabled(False)
        job = self.job.begin()
        show_status(self.result, "กำลังอ่านฐานข้อมูลอำเภอและสร้างรายงาน…" if district else "กำลังสร้างรายงาน…", "busy")

        def written(report: WrittenReport) -> None:
            self._done()
            show_status(self.result, f"สร้างรายงานแล้ว: {report.path}", "done")
            self.say("สร้างรายงานประจำเดือนแล้ว")

        def failed(error: BaseException) -> None:
            from kiosk.exports import ExportCancelled

            self._done()
            if isinstance(error, ExportCancelled):
                show_status(self.result, "ยกเลิกแล้ว ไม่มีไฟล์ถูกบันทึก", "busy")
                self.say("ยกเลิกการสร้างรายงานแล้ว")
                return
            show_status(self.result, describe(error), "error", error=error)
            self.fail(error)

        # The district's figures come from the hub (network); this station's report, on the long-read worker.
        report = reports.district_monthly_report if district else reports.monthly_report
        op = Op(report, app, who, year, month, folder=folder, cutoff_day=cutoff, thai_digits=thai, job=job)
        self.run(op, written, on_failure=failed)

    def _on_write_fiscal_pdf_clicked(self) -> None:
        self._write_fiscal("pdf")

    def _on_write_fiscal_xlsx_clicked(self) -> None:
        self._write_fiscal("xlsx")

    def _write_fiscal(self, fmt: str) -> None:
        who = self.ctx.who
        if who is None:
            return
        from kiosk.app import reports

        app = self.ctx.app
        year_be: int = self.fiscal_year.currentData()
        _year, _month, cutoff = self.chosen()
        folder, thai = Path(self.folder.text()).expanduser(), self.thai_digits.isChecked()
        district = self.source.is_district()
        buttons = (self.write_fiscal_pdf, self.write_fiscal_xlsx)
        for b in buttons:
            b.setEnabled(False)
        show_status(
            self.fiscal_result,
            "กำลังอ่านฐานข้อมูลอำเภอและสร้างรายงาน…" if district else "กำลังสร้างรายงานประจำปีงบประมาณ…",
            "busy",
        )

        def written(report: WrittenFiscalYear) -> None:
            for b in buttons:
                b.setEnabled(True)
            show_status(self.fiscal_result, f"สร้างรายงานแล้ว: {report.path}", "done")
            self.say(f"สร้างรายงานปีงบประมาณ {year_be} แล้ว")

        def failed(error: BaseException) -> None:
            for b in buttons:
                b.setEnabled(True)
            show_status(self.fiscal_result, describe(error), "error", error=error)
            self.fail(error)

        # the district's figures come from the hub (network); this station's, on the long-read worker
        report = reports.district_fiscal_year_report if district else reports.fiscal_year_report
        op = Op(report, app, who, year_be, folder=folder, fmt=fmt, cutoff_day=cutoff, thai_digits=thai)
        self.run(op, written, on_failure=failed)

    def _done(self) -> None:
        self.write.setEnabled(True)
        self.job.finish()


def _line(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    return layout
