"""The monthly report form (แบบรายงานผลการดำเนินงาน) to the province, as figures and as a PDF."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.models import Service, Setting, Visit, VisitResult
from kiosk.register import audit
from kiosk.station import Station
from kiosk.thai import MONTHS_TH, be_year, format_date, format_month, thai_digits
from kiosk.validation import VisitorGroup

SURVEY_KEY = "report.survey_figures"  # JSON: {"2026-11": {"responses": 120, "mean": 9.17, "scale_max": 10}}
DOPA_CUTOFF_DAY = 25  # DOPA collects the statistics on the 25th of every month


class ReportError(Exception):
    def __init__(self, code: str, th: str, en: str) -> None:
        self.code = code
        self.th = th
        self.en = en
        super().__init__(en)


@dataclass(frozen=True)
class Period:
    """The days a monthly report covers (both included)."""

    year: int
    month: int
    first: dt.date
    last: dt.date
    cutoff_day: int | None

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` with a CE or BE year."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not m:
        raise ReportError("report.month", "รูปแบบเดือนไม่ถูกต้อง (ปปปป-ดด)", f"not a month in the form YYYY-MM: {text!r}")
    year, month = int(m.group(1)), int(m.group(2))
    if year > 2400:
        year -= 543
    if not 1 <= month <= 12:
        raise ReportError("report.month", "เดือนต้องอยู่ระหว่าง 1–12", f"month must be 1..12, got {month}")
    return year, month


def report_period(year: int, month: int, *, cutoff_day: int | None = None) -> Period:
    """The month, or with ``cutoff_day`` (DOPA's 25) the days after the previous month's cutoff up to this one's.

    With cutoff 25, November 2026 runs from 26 October to 25 November.
    """
    if cutoff_day is None:
        return Period(
            year, month, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), None
        )
    if not 1 <= cutoff_day <= 28:
        raise ReportError("report.cutoff", "วันตัดยอดต้องอยู่ระหว่าง 1–28", f"cutoff day must be 1..28, got {cutoff_day}")
    prev_year, prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    first = dt.date(prev_year, prev_month, cutoff_day) + dt.timedelta(days=1)
    return Period(year, month, first, dt.date(year, month, cutoff_day), cutoff_day)


@dataclass(frozen=True)
class SurveyFigures:
    """The official OPDC survey's figures for a month, as the supervisor copied them."""

    responses: int
    mean: float
    scale_max: float = 10.0

    @property
    def percent(self) -> float:
        return self.mean / self.scale_max * 100


@dataclass(frozen=True)
class ServiceRow:
    number: int
    code: str
    name_th: str
    owner_th: str
    by_group: tuple[int, ...]  # in the order of VisitorGroup
    total: int


@dataclass(frozen=True)
class MonthlyFigures:
    period: Period
    centre: str
    district: str
    province: str
    services: tuple[ServiceRow, ...]
    group_totals: tuple[int, ...]
    total: int
    results: dict[str, int]  # VisitResult value -> count; "none" for visits without a result
    survey_slips_printed: int
    survey_answered: int
    ratings: int
    rating_mean: float | None  # on a 0–10 scale, whatever scale each rating used
    official: SurveyFigures | None

    @property
    def rating_percent(self) -> float | None:
        return None if self.rating_mean is None else self.rating_mean / 10 * 100


def _all_figures(session: Session) -> dict[str, Any]:
    setting = session.get(Setting, SURVEY_KEY)
    if setting is None or not setting.value:
        return {}
    data = json.loads(setting.value)
    return data if isinstance(data, dict) else {}


def survey_figures(session: Session, year: int, month: int) -> SurveyFigures | None:
    entry = _all_figures(session).get(f"{year:04d}-{month:02d}")
    if not isinstance(entry, dict):
        return None
    return SurveyFigures(int(entry["responses"]), float(entry["mean"]), float(entry.get("scale_max", 10)))


def set_survey_figures(
    session: Session,
    station: Station,
    year: int,
    month: int,
    *,
    responses: int,
    mean: float,
    scale_max: float = 10.0,
    actor: str,
) -> SurveyFigures:
    """Record the official survey's figures for a month (from the OPDC's report to the district)."""
    if responses < 0:
        raise ReportError("survey.responses", "จำนวนผู้ตอบต้องไม่ติดลบ", "responses must be 0 or more")
    if not 0 < scale_max <= 100:
        raise ReportError("survey.scale", "ค่าสูงสุดของคะแนนไม่ถูกต้อง", "scale maximum must be in (0, 100]")
    if not 0 <= mean <= scale_max:
        raise ReportError("survey.mean", "ค่าเฉลี่ยต้องอยู่ระหว่าง 0 ถึงคะแนนเต็ม", f"mean must be 0..{scale_max}, got {mean}")
    data = _all_figures(session)
    key = f"{year:04d}-{month:02d}"
    data[key] = {"responses": responses, "mean": mean, "scale_max": scale_max}
    setting = session.get(Setting, SURVEY_KEY)
    value = json.dumps(data, sort_keys=True)
    if setting is None:
        session.add(Setting(key=SURVEY_KEY, value=value, updated_at=station.now()))
    else:
        setting.value = value
    audit(session, station, actor=actor, action="survey_figures", entity="report", entity_id=key, details=data[key])
    session.flush()
    return SurveyFigures(responses, mean, scale_max)


def monthly_figures(
    session: Session, station: Station, year: int, month: int, *, cutoff_day: int | None = None
) -> MonthlyFigures:
    """Count the register of a report period. Purged visits count too: only their names are gone."""
    period = report_period(year, month, cutoff_day=cutoff_day)
    in_period = (Visit.local_day >= period.first, Visit.local_day <= period.last)
    groups = list(VisitorGroup)
    counts: dict[tuple[Any, VisitorGroup], int] = {}
    for service_id, group, n in session.execute(
        select(Visit.service_id, Visit.group, func.count()).where(*in_period).group_by(Visit.service_id, Visit.group)
    ):
        counts[(service_id, VisitorGroup(group))] = int(n)
    services = session.execute(
        select(Service.id, Service.code, Service.name_th, Service.owner_th, Service.active).order_by(
            Service.display_order, Service.code
        )
    ).all()
    rows: list[ServiceRow] = []
    for service_id, code, name, owner, active in services:
        by_group = tuple(counts.get((service_id, g), 0) for g in groups)
        if not active and not any(by_group):
            continue  # a retired service with no visit in the period
        rows.append(ServiceRow(len(rows) + 1, code, name, owner, by_group, sum(by_group)))
    group_totals = tuple(sum(r.by_group[i] for r in rows) for i in range(len(groups)))
    results = {"none": 0} | {r.value: 0 for r in VisitResult}
    for result, n in session.execute(select(Visit.result, func.count()).where(*in_period).group_by(Visit.result)):
        results[VisitResult(result).value if result else "none"] = int(n)
    printed = session.scalar(
        select(func.count()).select_from(Visit).where(*in_period, Visit.survey_slip_printed_at.is_not(None))
    )
    answered = session.scalar(
        select(func.count()).select_from(Visit).where(*in_period, Visit.survey_answered.is_(True))
    )
    n_ratings, mean = session.execute(
        select(func.count(), func.avg(Visit.rating_score * 10.0 / Visit.rating_max)).where(
            *in_period, Visit.rating_score.is_not(None), Visit.rating_max > 0
        )
    ).one()
    return MonthlyFigures(
        period=period,
        centre=station.centre_name,
        district=station.district,
        province=station.province,
        services=tuple(rows),
        group_totals=group_totals,
        total=sum(group_totals),
        results=results,
        survey_slips_printed=int(printed or 0),
        survey_answered=int(answered or 0),
        ratings=int(n_ratings or 0),
        rating_mean=float(mean) if mean is not None else None,
        official=survey_figures(session, year, month),
    )


def report_file_name(centre: str, year: int, month: int) -> str:
    """The province's convention: ``รายงานผล e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf``."""
    name = f"รายงานผล e-Service {centre} {MONTHS_TH[month - 1]} {be_year(year)}.pdf"
    return re.sub(r'[\\/:*?"<>|]', "-", " ".join(name.split()))


# The PDF ----------------------------------------------------------------------------------


def write_monthly_report(figures: MonthlyFigures, path: Path, *, digits: str = "thai") -> Path:
    """Write the report form to ``path`` (atomically); Thai digits by default, as official letters use."""
    from kiosk.exports.files import atomic_path

    if digits not in ("thai", "arabic"):
        raise ValueError("digits must be 'thai' or 'arabic'")
    with atomic_path(Path(path)) as tmp:
        _MonthlyReportPdf(figures, digits=digits).build(tmp)
    return Path(path)


class _MonthlyReportPdf:
    def __init__(self, figures: MonthlyFigures, *, digits: str) -> None:
        from kiosk.exports.thaipdf import style

        self.f = figures
        self.digits = digits
        self.title = style("r-title", size=16, bold=True, align="center", leading=21)
        self.line = style("r-line", size=14, align="center", leading=19)
        self.head = style("r-head", size=14, bold=True, leading=20)
        self.body = style("r-body", size=13, leading=18)
        self.cell = style("r-cell", size=11, leading=14)
        self.cell_b = style("r-cell-b", size=11, bold=True, leading=14)
        self.num = style("r-num", size=10, leading=14, align="right")
        self.num_b = style("r-num-b", size=10, bold=True, leading=14, align="right")
        self.th_c = style("r-th", size=10, bold=True, leading=13, align="center")
        self.small = style("r-small", size=10)

    def d(self, text: str) -> str:
        return thai_digits(text) if self.digits == "thai" else text

    def n(self, value: float, decimals: int = 0) -> str:
        return self.d(f"{value:,.{decimals}f}")

    def t(self, text: str, st: Any) -> Any:
        from kiosk.exports.thaipdf import ThaiText

        return ThaiText(self.d(text), st)

    def build(self, path: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        from kiosk.exports.thaipdf import PageCountCanvas

        f = self.f
        doc = SimpleDocTemplate(
            str(path),
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=f"รายงานผล e-Service {f.centre} {format_month(f.period.year, f.period.month)}",
            author=f.centre,
            creator="damrongdhama-kiosk",
        )
        digits, small = self.digits, self.small

        class _Canvas(PageCountCanvas):
            total_style = small
            total_digits = digits

        doc.build(self.story(doc.width), onFirstPage=self.footer, onLaterPages=self.footer, canvasmaker=_Canvas)

    def footer(self, canvas: Any, doc: Any) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from kiosk.exports.thaipdf import ThaiText

        label = ThaiText(self.d(f"หน้า {canvas.getPageNumber()} / "), self.small)
        w = stringWidth(label.text, self.small.fontName, self.small.fontSize)
        x = A4[0] - doc.rightMargin - w - 20
        label.wrap(w + 2, 20)
        label.drawOn(canvas, x, 10 * 2.835)
        canvas.draw_page_total(x + w, 10 * 2.835)

    def story(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        f = self.f
        p = f.period
        unit = " ".join(
            x
            for x in (f.centre, f"อำเภอ{f.district}" if f.district else "", f"จังหวัด{f.province}" if f.province else "")
            if x
        )
        span = f"ระหว่างวันที่ {format_date(p.first)} ถึงวันที่ {format_date(p.last)}"
        if p.cutoff_day:
            span += f" (ตัดยอดวันที่ {p.cutoff_day} ของเดือน)"
        story: list[Any] = [
            self.t("แบบรายงานผลการดำเนินงาน", self.title),
            self.t("จุดให้บริการแบบอิเล็กทรอนิกส์ (e-Service) ศูนย์ดำรงธรรมอำเภอ", self.title),
            self.t(unit, self.line),
            self.t(f"ประจำเดือน {format_month(p.year, p.month)}  {span}", self.line),
            Spacer(1, 8),
            self.t(f"๑. จำนวนผู้มาขอรับบริการ รวม {self.n(f.total)} ราย แยกตามงานบริการและกลุ่มผู้รับบริการ", self.head),
            Spacer(1, 4),
            self.counts_table(width),
            Spacer(1, 10),
            self.t("๒. ผลการให้บริการ", self.head),
            self.results_table(width),
            Spacer(1, 10),
            KeepTogether([self.t("๓. การสำรวจความพึงพอใจ", self.head), self.survey_table(width)]),
            Spacer(1, 10),
            KeepTogether([self.t("๔. จำนวนผู้รับบริการแยกตามงานบริการ (ลำดับตามตารางข้อ ๑)", self.head), self.chart(width)]),
            Spacer(1, 10),
            KeepTogether(
                [self.t("๕. ปัญหา อุปสรรค และข้อเสนอแนะ", self.head)] + [self.t("." * 150, self.body) for _ in range(5)]
            ),
            Spacer(1, 24),
            KeepTogether(self.sign_off(width)),
        ]
        return story

    def _table(
        self, data: list[list[Any]], widths: list[float], *, header_rows: int = 1, total_row: bool = False
    ) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        from kiosk.exports.thaipdf import GRID_COLOR, HEADER_FILL

        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if total_row:
            commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F0F0F0")))
        return Table(data, colWidths=widths, repeatRows=header_rows, style=TableStyle(commands))

    def counts_table(self, width: float) -> Any:
        from kiosk.validation import GROUP_LABELS_TH

        f = self.f
        groups = list(VisitorGroup)
        head = [self.t("ลำดับ", self.th_c), self.t("งานบริการ", self.th_c)]
        head += [self.t(GROUP_LABELS_TH[g], self.th_c) for g in groups] + [self.t("รวม", self.th_c)]
        data: list[list[Any]] = [head]
        for r in f.services:
            data.append(
                [self.t(str(r.number), self.num), self.t(r.name_th, self.cell)]
                + [self.t(self.n(v), self.num) for v in r.by_group]
                + [self.t(self.n(r.total), self.num_b)]
            )
        data.append(
            [self.t("", self.cell), self.t("รวมทั้งสิ้น", self.cell_b)]
            + [self.t(self.n(v), self.num_b) for v in f.group_totals]
            + [self.t(self.n(f.total), self.num_b)]
        )
        number_w = 42.0
        first = 32.0
        name_w = width - first - number_w * (len(groups) + 1)
        return self._table(data, [first, name_w] + [number_w] * (len(groups) + 1), total_row=True)

    def results_table(self, width: float) -> Any:
        f = self.f
        labels = [(r.label_th, f.results.get(r.value, 0)) for r in VisitResult]
        if f.results.get("none"):
            labels.append(("ยังไม่บันทึกผล / ไม่มาตามเรียก", f.results["none"]))
        data = [[self.t("ผลการให้บริการ", self.th_c), self.t("จำนวน (ราย)", self.th_c), self.t("ร้อยละ", self.th_c)]]
        for label, n in labels:
            share = n / f.total * 100 if f.total else 0.0
            data.append([self.t(label, self.cell), self.t(self.n(n), self.num), self.t(self.n(share, 2), self.num)])
        return self._table(data, [width - 180, 90, 90])

    def survey_table(self, width: float) -> Any:
        f = self.f
        rows: list[tuple[str, str]] = [
            ("จำนวนใบเชิญตอบแบบสำรวจ (QR code) ที่พิมพ์ให้ผู้รับบริการ", self.n(f.survey_slips_printed) + " ใบ"),
            ("จำนวนผู้รับบริการที่แจ้งว่าตอบแบบสำรวจแล้ว", self.n(f.survey_answered) + " ราย"),
            ("คะแนนประเมินอย่างย่อที่ตู้บริการ: จำนวนผู้ให้คะแนน", self.n(f.ratings) + " ราย"),
        ]
        if f.rating_mean is not None and f.rating_percent is not None:
            rows.append(("คะแนนประเมินอย่างย่อที่ตู้บริการ: คะแนนเฉลี่ย (เต็ม ๑๐)", self.n(f.rating_mean, 2)))
            rows.append(("คะแนนประเมินอย่างย่อที่ตู้บริการ: ร้อยละความพึงพอใจ", self.n(f.rating_percent, 2)))
        if f.official is not None:
            o = f.official
            rows.append(("แบบสำรวจของสำนักงาน ก.พ.ร.: จำนวนผู้ตอบ", self.n(o.responses) + " ราย"))
            rows.append((f"แบบสำรวจของสำนักงาน ก.พ.ร.: คะแนนเฉลี่ย (เต็ม {self.n(o.scale_max)})", self.n(o.mean, 2)))
            rows.append(("แบบสำรวจของสำนักงาน ก.พ.ร.: ร้อยละความพึงพอใจ", self.n(o.percent, 2)))
        else:
            rows.append(("แบบสำรวจของสำนักงาน ก.พ.ร.", "ยังไม่ได้บันทึกผลของเดือนนี้"))
        data = [[self.t("รายการ", self.th_c), self.t("ผล", self.th_c)]]
        data += [[self.t(a, self.cell), self.t(b, self.num)] for a, b in rows]
        return self._table(data, [width - 150, 150])

    def chart(self, width: float) -> Any:
        from reportlab.graphics.charts.barcharts import HorizontalBarChart
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib.colors import HexColor

        from kiosk.exports.thaipdf import FONT

        BAR_COLOR = HexColor("#4A78B0")
        rows = self.f.services
        height = max(80.0, 12.0 * len(rows) + 30)
        drawing = Drawing(width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 30, 20
        chart.width, chart.height = width - 60, height - 30
        chart.data = [[r.total for r in reversed(rows)] or [0]]
        chart.categoryAxis.categoryNames = [self.d(str(r.number)) for r in reversed(rows)] or [""]
        chart.categoryAxis.labels.fontName = FONT
        chart.categoryAxis.labels.fontSize = 8
        chart.valueAxis.valueMin = 0
        top = max([r.total for r in rows] + [1])
        chart.valueAxis.valueMax = top * 1.15
        chart.valueAxis.labels.fontName = FONT
        chart.valueAxis.labels.fontSize = 8
        if self.digits == "thai":
            chart.valueAxis.labelTextFormat = lambda v: thai_digits(f"{v:,.0f}")
        chart.bars[0].fillColor = BAR_COLOR
        chart.bars[0].strokeWidth = 0.3
        chart.barLabelFormat = (lambda v: thai_digits(f"{v:,.0f}")) if self.digits == "thai" else "%d"
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 7
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
        drawing.add(chart)
        return drawing

    def sign_off(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        from kiosk.exports.thaipdf import style

        sign = style("r-sign", size=13, leading=22, align="center")
        lines = [
            "ลงชื่อ ...................................................... ผู้รายงาน",
            "(......................................................)",
            "ตำแหน่ง ......................................................",
            "วันที่ ........ เดือน .......................... พ.ศ. ..............",
        ]
        cells = [["", self.t(line, sign)] for line in lines]
        table = Table(cells, colWidths=[width * 0.4, width * 0.6])
        return [table]
