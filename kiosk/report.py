"""The monthly report form (แบบรายงานผลการดำเนินงาน) to the province, as figures and as a PDF."""

from __future__ import annotations

import abc
import calendar
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Result, func, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.exports.rows import district_scope, district_unit, unit_name
from kiosk.models import Service, Setting, Visit, VisitResult
from kiosk.register import audit
from kiosk.station import Station
from kiosk.sync.hub import hub_service, hub_visit
from kiosk.thai import MONTHS_TH, be_year, format_date, format_month, thai_digits
from kiosk.validation import VisitorGroup

if TYPE_CHECKING:
    from kiosk.district import DistrictReader

SURVEY_KEY = "report.survey_figures"  # JSON: {"2026-11": {"responses": 120, "mean": 9.17, "scale_max": 10}}
DOPA_CUTOFF_DAY = 25  # DOPA collects the statistics on the 25th of every month


def shown_mean(mean: float) -> float:
    """The mean as a report prints it: two decimals, halves rounded up (8.645 → 8.65)."""
    return float(Decimal(repr(mean)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def satisfaction_percent(mean: float, scale_max: float = 10.0) -> float:
    """The percentage of the mean as printed, so that the two agree: 8.643 shows as 8.64 and 86.40 %."""
    return shown_mean(mean) / scale_max * 100


class ReportError(KioskError):
    """A report that cannot be made as asked (a bad month, a bad cutoff day …)."""

    exit_code = 2


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
        # the mean as entered (9.173 → 91.73 %, as the OPDC reports it), shown with its decimals
        return self.mean / self.scale_max * 100

    @property
    def mean_decimals(self) -> int:
        """How many decimals the mean was entered with, at least two: 9.173 is shown as entered."""
        return max(2, min(3, -Decimal(repr(self.mean)).normalize().as_tuple().exponent))  # type: ignore[operator]


@dataclass(frozen=True)
class ServiceRow:
    number: int
    code: str
    name_th: str
    owner_th: str
    by_group: tuple[int, ...]  # in the order of VisitorGroup
    total: int


@dataclass(frozen=True)
class StationFigures:
    """One station's line in the district's report."""

    station_id: str
    total: int
    success: int
    survey_slips_printed: int
    ratings: int
    rating_mean: float | None  # on a 0–10 scale


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
    stations: tuple[StationFigures, ...] | None = None  # the district's report: one line per station

    @property
    def rating_percent(self) -> float | None:
        return None if self.rating_mean is None else satisfaction_percent(self.rating_mean)

    @property
    def unit(self) -> str:
        """Who the report is from: ``<centre> จังหวัด…`` (the district said once), or every station of the district."""
        if self.stations is not None:
            return district_unit(self.district, self.province, len(self.stations))
        return unit_name(self.centre, self.district, self.province)


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


@dataclass(frozen=True)
class _VisitColumns:
    """The columns a tally reads: the station's ``visit`` table or the hub's ``hub_visit``."""

    day: Any
    service: Any  # the key the catalogue is joined on: Service.id locally, the code at the hub
    group: Any
    result: Any
    slip_printed_at: Any
    answered: Any
    score: Any
    scale: Any


@dataclass(frozen=True)
class Tally:
    counts: dict[tuple[Any, VisitorGroup], int]
    results: dict[str, int]
    printed: int
    answered: int
    ratings: int
    mean: float | None  # on a 0–10 scale

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tally_visits(
    execute: Callable[[Any], Result[*tuple[Any, ...]]], c: _VisitColumns, period: Period, *where: Any
) -> Tally:
    """Count the visits of a period (and ``where``): per service and group, results, slips, ratings."""
    in_period = (c.day >= period.first, c.day <= period.last, *where)
    counts: dict[tuple[Any, VisitorGroup], int] = {}
    for service, group, n in execute(
        select(c.service, c.group, func.count()).where(*in_period).group_by(c.service, c.group)
    ):
        counts[(service, VisitorGroup(group))] = int(n)
    results = {"none": 0} | {r.value: 0 for r in VisitResult}
    for result, n in execute(select(c.result, func.count()).where(*in_period).group_by(c.result)):
        results[VisitResult(result).value if result else "none"] = int(n)
    printed, answered = execute(
        select(
            func.count().filter(c.slip_printed_at.is_not(None)),
            func.count().filter(c.answered.is_(True)),
        ).where(*in_period)
    ).one()
    n_ratings, mean = execute(
        select(func.count(), func.avg(c.score * 10.0 / c.scale)).where(*in_period, c.score.is_not(None), c.scale > 0)
    ).one()
    rating_mean = float(mean) if mean is not None else None
    return Tally(counts, results, int(printed or 0), int(answered or 0), int(n_ratings or 0), rating_mean)


def _service_rows(
    catalogue: Iterable[tuple[Any, str, str, str, bool]], counts: dict[tuple[Any, VisitorGroup], int]
) -> list[ServiceRow]:
    """One row per service of ``catalogue`` (key, code, name, owner, active) in its order; retired ones only if used."""
    rows: list[ServiceRow] = []
    for key, code, name, owner, active in catalogue:
        by_group = tuple(counts.get((key, g), 0) for g in VisitorGroup)
        if not active and not any(by_group):
            continue  # a retired service with no visit in the period
        rows.append(ServiceRow(len(rows) + 1, code, name, owner, by_group, sum(by_group)))
    return rows


def _figures(
    period: Period,
    tally: Tally,
    services: list[ServiceRow],
    *,
    centre: str,
    district: str,
    province: str,
    official: SurveyFigures | None,
    stations: tuple[StationFigures, ...] | None = None,
) -> MonthlyFigures:
    group_totals = tuple(sum(r.by_group[i] for r in services) for i in range(len(VisitorGroup)))
    return MonthlyFigures(
        period=period,
        centre=centre,
        district=district,
        province=province,
        services=tuple(services),
        group_totals=group_totals,
        total=sum(group_totals),
        results=tally.results,
        survey_slips_printed=tally.printed,
        survey_answered=tally.answered,
        ratings=tally.ratings,
        rating_mean=tally.mean,
        official=official,
        stations=stations,
    )


LOCAL_VISITS = _VisitColumns(
    day=Visit.local_day,
    service=Visit.service_id,
    group=Visit.group,
    result=Visit.result,
    slip_printed_at=Visit.survey_slip_printed_at,
    answered=Visit.survey_answered,
    score=Visit.rating_score,
    scale=Visit.rating_max,
)


def monthly_figures(
    session: Session, station: Station, year: int, month: int, *, cutoff_day: int | None = None
) -> MonthlyFigures:
    """Count the register of a report period. Purged visits count too: only their names are gone."""
    period = report_period(year, month, cutoff_day=cutoff_day)
    tally = tally_visits(session.execute, LOCAL_VISITS, period)
    catalogue = session.execute(
        select(Service.id, Service.code, Service.name_th, Service.owner_th, Service.active).order_by(
            Service.display_order, Service.code
        )
    )
    return _figures(
        period,
        tally,
        _service_rows(catalogue, tally.counts),
        centre=station.centre_name,
        district=station.district,
        province=station.province,
        official=survey_figures(session, year, month),
    )


HUB_VISITS = _VisitColumns(
    day=hub_visit.c.local_day,
    service=hub_visit.c.service_code,
    group=hub_visit.c.visitor_group,
    result=hub_visit.c.result,
    slip_printed_at=hub_visit.c.survey_slip_printed_at,
    answered=hub_visit.c.survey_answered,
    score=hub_visit.c.rating_score,
    scale=hub_visit.c.rating_max,
)


def _hub_catalogue(hub: DistrictReader, period: Period) -> list[tuple[Any, str, str, str, bool]]:
    """The stations' catalogues merged by code: the newest name, active anywhere, the lowest display order.

    A code some visit used but no catalogue lists (a station that never sent it) still gets
    a row, named as on its visits, so that the rows add up to the total.
    """
    merged: dict[str, tuple[int, str, str, bool]] = {}
    query = select(
        hub_service.c.code,
        hub_service.c.name_th,
        hub_service.c.owner_th,
        hub_service.c.active,
        hub_service.c.display_order,
    ).order_by(hub_service.c.updated_at)
    for code, name, owner, active, order in hub.execute(query):
        before = merged.get(code)
        merged[code] = (
            min(order, before[0]) if before else order,
            name,
            owner,
            active or (before[3] if before else False),
        )
    used = (
        select(hub_visit.c.service_code, func.max(hub_visit.c.service_name_th), func.max(hub_visit.c.owner_th))
        .where(hub_visit.c.local_day >= period.first, hub_visit.c.local_day <= period.last)
        .group_by(hub_visit.c.service_code)
    )
    last = max((order for order, *_ in merged.values()), default=0)
    for code, name, owner in hub.execute(used):
        if code not in merged:
            merged[code] = (last + 1, name, owner, False)
    ordered = sorted(merged.items(), key=lambda item: (item[1][0], item[0]))
    return [(code, code, name, owner, active) for code, (_order, name, owner, active) in ordered]


def district_monthly_figures(
    hub: DistrictReader,
    year: int,
    month: int,
    *,
    cutoff_day: int | None = None,
    district: str = "",
    province: str = "",
    official: SurveyFigures | None = None,
) -> MonthlyFigures:
    """The same figures for every station of the district, from the hub, with one line per station.

    Read with the admin or reporting role (a station's role would see only its own visits).
    The official survey's figures are not kept at the hub: pass them in, or leave them out.
    """
    period = report_period(year, month, cutoff_day=cutoff_day)
    tally = tally_visits(hub.execute, HUB_VISITS, period)
    per_station = []
    for station_id in hub.station_ids():
        own = tally_visits(hub.execute, HUB_VISITS, period, hub_visit.c.station_id == station_id)
        per_station.append(
            StationFigures(
                station_id=station_id,
                total=own.total,
                success=own.results[VisitResult.SUCCESS.value],
                survey_slips_printed=own.printed,
                ratings=own.ratings,
                rating_mean=own.mean,
            )
        )
    return _figures(
        period,
        tally,
        _service_rows(_hub_catalogue(hub, period), tally.counts),
        centre=district_scope(district),
        district=district,
        province=province,
        official=official,
        stations=tuple(per_station),
    )


def report_file_name(centre: str, year: int, month: int) -> str:
    """The province's convention: ``รายงานผล e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf``."""
    name = f"รายงานผล e-Service {centre} {MONTHS_TH[month - 1]} {be_year(year)}.pdf"
    return re.sub(r'[\\/:*?"<>|]', "-", " ".join(name.split()))


# The PDF ----------------------------------------------------------------------------------


def write_monthly_report(figures: MonthlyFigures, path: Path, *, digits: str = "thai") -> Path:
    """Write the report form to ``path`` (atomically); Thai digits by default, as official letters use."""
    from kiosk.exports.files import atomic_path

    with atomic_path(Path(path)) as tmp:
        _MonthlyReportPdf(figures, digits=digits).build(tmp)
    return Path(path)


class ReportPdf(abc.ABC):
    """An A4 report form to the province: styles, numbers in the report's digits, tables, page
    numbers and the sign-off; a report says what its ``story`` is."""

    def __init__(self, *, digits: str) -> None:
        from kiosk.exports.thaipdf import style

        if digits not in ("thai", "arabic"):
            raise ValueError("digits must be 'thai' or 'arabic'")
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

    def t(self, text: str, st: Any, *, keep_names: bool = False) -> Any:
        from kiosk.exports.thaipdf import ThaiText

        return ThaiText(self.d(text), st, prefer_spaces=keep_names)

    @abc.abstractmethod
    def document_title(self) -> str:
        """The PDF's title (its metadata)."""

    @abc.abstractmethod
    def story(self, width: float) -> list[Any]:
        """The report's flowables for a frame ``width`` points wide."""

    def build(self, path: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        from kiosk.exports.thaipdf import PageCountCanvas

        doc = SimpleDocTemplate(
            str(path),
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=self.document_title(),
            author="damrongdhama-kiosk",
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

    def _table(
        self, data: list[list[Any]], widths: list[float], *, header_rows: int = 1, total_row: bool = False
    ) -> Any:
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        from kiosk.exports.thaipdf import FONT, GRID_COLOR, HEADER_FILL

        commands: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # an empty cell would set the default Helvetica
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

    def sign_off(self, width: float) -> list[Any]:
        """Two signatures side by side: who reports, and the officer who approves the report."""
        from reportlab.platypus import Table

        from kiosk.exports.thaipdf import FONT, dotted_line, style

        sign = style("r-sign", size=13, leading=24, align="center")
        half = width / 2

        def block(role: str, position: str) -> list[Any]:
            return [
                self.t(dotted_line("ลงชื่อ", role, half - 12, sign), sign),
                self.t(dotted_line("(", ")", half - 40, sign), sign),
                self.t(dotted_line("ตำแหน่ง", position, half - 12, sign), sign),
                self.t(dotted_line("วันที่", "", half - 12, sign), sign),
            ]

        table = Table(
            [[block("ผู้รายงาน", ""), block("ผู้อนุมัติ", "")]],
            colWidths=[half, half],
            style=[("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
        return [table]


class _MonthlyReportPdf(ReportPdf):
    def __init__(self, figures: MonthlyFigures, *, digits: str) -> None:
        super().__init__(digits=digits)
        self.f = figures

    def document_title(self) -> str:
        f = self.f
        return f"รายงานผล e-Service {f.unit} {format_month(f.period.year, f.period.month)}"

    def story(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        from kiosk.exports.thaipdf import WritingLine

        f = self.f
        p = f.period
        unit = f.unit
        span = f"ระหว่างวันที่ {format_date(p.first)} ถึงวันที่ {format_date(p.last)}"
        month = f"ประจำเดือน {format_month(p.year, p.month)}"
        if p.cutoff_day:
            month += f" (ตัดยอดวันที่ {p.cutoff_day} ของเดือน)"
        story: list[Any] = [
            self.t("แบบรายงานผลการดำเนินงาน", self.title),
            self.t("จุดให้บริการแบบอิเล็กทรอนิกส์ (e-Service)", self.title),
            # broken only between the names (never inside จังหวัดนครศรีธรรมราช)
            self.t(unit, self.line, keep_names=True),
            self.t(month, self.line, keep_names=True),
            self.t(span, self.line, keep_names=True),
            Spacer(1, 8),
            self.t(f"๑. จำนวนผู้มาขอรับบริการ รวม {self.n(f.total)} ราย แยกตามงานบริการและกลุ่มผู้รับบริการ", self.head),
            Spacer(1, 4),
            self.counts_table(width),
            *self.stations_part(width),
            Spacer(1, 10),
            self.t("๒. ผลการให้บริการ", self.head),
            self.results_table(width),
            Spacer(1, 10),
            KeepTogether([self.t("๓. การสำรวจความพึงพอใจ", self.head), self.survey_table(width)]),
            Spacer(1, 10),
            KeepTogether([self.t("๔. จำนวนผู้รับบริการแยกตามงานบริการ (ลำดับตามตารางข้อ ๑)", self.head), self.chart(width)]),
            Spacer(1, 10),
            KeepTogether([self.t("๕. ปัญหา อุปสรรค และข้อเสนอแนะ", self.head)] + [WritingLine() for _ in range(5)]),
            Spacer(1, 24),
            KeepTogether(self.sign_off(width)),
        ]
        return story

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

    def stations_part(self, width: float) -> list[Any]:
        """The district's report: one line per station, the totals matching table ๑."""
        from reportlab.platypus import KeepTogether, Spacer

        from kiosk.exports.thaipdf import ThaiText

        f = self.f
        if f.stations is None:
            return []
        heads = ["จุดบริการ", "ผู้รับบริการ (ราย)", "สำเร็จ (ราย)", "ใบเชิญตอบแบบสำรวจ (ใบ)", "ผู้ให้คะแนน (ราย)"]
        heads.append("คะแนนเฉลี่ย (เต็ม ๑๐)")
        data: list[list[Any]] = [[self.t(h, self.th_c) for h in heads]]
        for st in f.stations:
            mean = self.n(shown_mean(st.rating_mean), 2) if st.rating_mean is not None else "-"
            values = (st.total, st.success, st.survey_slips_printed, st.ratings)
            numbers = [self.t(self.n(v), self.num) for v in values]
            # a station's id is an identifier: its digits stay as typed, whatever the report's digits
            data.append([ThaiText(st.station_id, self.cell), *numbers, self.t(mean, self.num)])
        mean = self.n(shown_mean(f.rating_mean), 2) if f.rating_mean is not None else "-"
        totals = (f.total, f.results.get(VisitResult.SUCCESS.value, 0), f.survey_slips_printed, f.ratings)
        data.append(
            [self.t("รวมทุกจุดบริการ", self.cell_b)]
            + [self.t(self.n(v), self.num_b) for v in totals]
            + [self.t(mean, self.num_b)]
        )
        number_w = (width - 130) / 5
        title = f"๑.๑ จำนวนผู้มาขอรับบริการแยกตามจุดบริการ ({self.n(len(f.stations))} จุด)"
        table = self._table(data, [130] + [number_w] * 5, total_row=True)
        return [Spacer(1, 10), KeepTogether([self.t(title, self.head), Spacer(1, 4), table])]

    def results_table(self, width: float) -> Any:
        f = self.f
        labels = [(r.label_th, f.results.get(r.value, 0)) for r in VisitResult]
        if f.results.get("none"):
            labels.append(("ยังไม่บันทึกผล / ไม่มาตามเรียก", f.results["none"]))
        data = [[self.t("ผลการให้บริการ", self.th_c), self.t("จำนวน (ราย)", self.th_c), self.t("ร้อยละ", self.th_c)]]
        for label, n in labels:
            share = n / f.total * 100 if f.total else 0.0
            data.append([self.t(label, self.cell), self.t(self.n(n), self.num), self.t(self.n(share, 2), self.num)])
        total_share = self.n(100.0, 2) if f.total else self.n(0.0, 2)
        data.append([self.t("รวม", self.cell_b), self.t(self.n(f.total), self.num_b), self.t(total_share, self.num_b)])
        return self._table(data, [width - 180, 90, 90], total_row=True)

    def survey_table(self, width: float) -> Any:
        f = self.f
        rows: list[tuple[str, str]] = [
            ("จำนวนใบเชิญตอบแบบสำรวจ (QR code) ที่พิมพ์ให้ผู้รับบริการ", self.n(f.survey_slips_printed) + " ใบ"),
            ("จำนวนผู้รับบริการที่แจ้งว่าตอบแบบสำรวจแล้ว", self.n(f.survey_answered) + " ราย"),
            ("คะแนนประเมินอย่างย่อที่ตู้บริการ: จำนวนผู้ให้คะแนน", self.n(f.ratings) + " ราย"),
        ]
        if f.rating_mean is not None and f.rating_percent is not None:
            rows.append(("คะแนนประเมินอย่างย่อที่ตู้บริการ: คะแนนเฉลี่ย (เต็ม ๑๐)", self.n(shown_mean(f.rating_mean), 2)))
            rows.append(("คะแนนประเมินอย่างย่อที่ตู้บริการ: ร้อยละความพึงพอใจ", self.n(f.rating_percent, 2)))
        if f.official is not None:
            o = f.official
            rows.append(("แบบสำรวจของสำนักงาน ก.พ.ร.: จำนวนผู้ตอบ", self.n(o.responses) + " ราย"))
            rows.append(
                (f"แบบสำรวจของสำนักงาน ก.พ.ร.: คะแนนเฉลี่ย (เต็ม {self.n(o.scale_max)})", self.n(o.mean, o.mean_decimals))
            )
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
        drawing = Drawing(width, height, initialFontName=FONT)  # not the default Helvetica, never embedded
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
