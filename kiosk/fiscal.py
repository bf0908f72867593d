"""The fiscal-year figures the province asks for (ปีงบประมาณ, October to September), as PDF and XLSX.

A fiscal year is named by its Buddhist-Era year: ปีงบประมาณ 2569 runs from October 2568
to September 2569 (October 2025 to September 2026). Each month is the monthly report's
period: the calendar month, or with DOPA's cutoff day the days after the previous
month's cutoff up to this month's, so the year's twelve months add up to the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from kiosk.exports.rows import district_unit, unit_name
from kiosk.report import (
    HUB_VISITS,
    LOCAL_VISITS,
    Period,
    ReportError,
    ReportPdf,
    SurveyFigures,
    Tally,
    report_period,
    satisfaction_percent,
    shown_mean,
    survey_figures,
    tally_visits,
)
from kiosk.station import Station
from kiosk.sync.hub import hub_visit
from kiosk.thai import MONTHS_TH_SHORT, be_year, format_date

if TYPE_CHECKING:
    from kiosk.district import DistrictReader

FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)


def fiscal_months(year_be: int) -> list[tuple[int, int]]:
    """(CE year, month) of the twelve months of ปีงบประมาณ ``year_be``, October first."""
    if not 2500 <= year_be <= 2700:
        raise ReportError(
            "report.fiscal_year",
            "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2569",
            f"the fiscal year is a Buddhist-Era year such as 2569, got {year_be}",
        )
    year_ce = year_be - 543
    return [(year_ce - 1 if month >= 10 else year_ce, month) for month in FISCAL_MONTHS]


def current_fiscal_year(day: dt.date) -> int:
    """The Buddhist-Era fiscal year ``day`` falls in (1 October 2026 starts ปีงบประมาณ 2570)."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


class _Rated:
    """Figures with a mean rating on 0–10, and its percentage (of the mean as printed)."""

    rating_mean: float | None

    @property
    def rating_percent(self) -> float | None:
        mean = self.rating_mean
        return None if mean is None else satisfaction_percent(mean)


@dataclass(frozen=True)
class MonthFigures(_Rated):
    """One month of the fiscal year."""

    period: Period
    users: int
    cumulative: int  # users from the start of the fiscal year to the end of this month
    ratings: int
    rating_mean: float | None  # the kiosk's quick ratings, on 0–10
    official: SurveyFigures | None  # the OPDC survey's figures, where the supervisor entered them


@dataclass(frozen=True)
class StationYear(_Rated):
    """One station's year in the district's ranking."""

    rank: int
    station_id: str
    users: int
    ratings: int
    rating_mean: float | None


@dataclass(frozen=True)
class FiscalYearFigures:
    year_be: int
    first: dt.date
    last: dt.date
    cutoff_day: int | None
    centre: str
    district: str
    province: str
    months: tuple[MonthFigures, ...]
    stations: tuple[StationYear, ...] | None = None  # the district's: every station, ranked

    @property
    def users(self) -> int:
        return sum(m.users for m in self.months)

    @property
    def ratings(self) -> int:
        return sum(m.ratings for m in self.months)

    @property
    def rating_mean(self) -> float | None:
        """The mean of every rating of the year (not the mean of the monthly means)."""
        rated = [(m.ratings, m.rating_mean) for m in self.months if m.rating_mean is not None and m.ratings]
        n = sum(r for r, _ in rated)
        return sum(r * mean for r, mean in rated) / n if n else None

    @property
    def rating_percent(self) -> float | None:
        mean = self.rating_mean
        return None if mean is None else satisfaction_percent(mean)

    @property
    def official(self) -> SurveyFigures | None:
        """The OPDC survey over the months entered: answers added up, their mean weighted by answers."""
        entered = [m.official for m in self.months if m.official is not None]
        answers = sum(o.responses for o in entered)
        if not entered or not answers:
            return None
        scale = entered[0].scale_max
        if any(o.scale_max != scale for o in entered):
            mean = sum(o.responses * o.mean / o.scale_max * 10 for o in entered) / answers
            return SurveyFigures(answers, mean, 10.0)
        return SurveyFigures(answers, sum(o.responses * o.mean for o in entered) / answers, scale)

    @property
    def official_months(self) -> int:
        return sum(1 for m in self.months if m.official is not None)

    @property
    def unit(self) -> str:
        if self.stations is not None:
            return district_unit(self.district, self.province, len(self.stations))
        return unit_name(self.centre, self.district, self.province)


def _months(
    year_be: int,
    cutoff_day: int | None,
    tally: Callable[[Period], Tally],
    official: Callable[[int, int], SurveyFigures | None],
) -> tuple[MonthFigures, ...]:
    months: list[MonthFigures] = []
    cumulative = 0
    for year, month in fiscal_months(year_be):
        period = report_period(year, month, cutoff_day=cutoff_day)
        t = tally(period)
        cumulative += t.total
        months.append(MonthFigures(period, t.total, cumulative, t.ratings, t.mean, official(year, month)))
    return tuple(months)


def _year_period(months: tuple[MonthFigures, ...], cutoff_day: int | None) -> Period:
    last = months[-1].period
    return Period(last.year, last.month, months[0].period.first, last.last, cutoff_day)


def fiscal_year_figures(
    session: Session, station: Station, year_be: int, *, cutoff_day: int | None = None
) -> FiscalYearFigures:
    """This station's fiscal year, month by month, from its own register."""
    months = _months(
        year_be,
        cutoff_day,
        lambda period: tally_visits(session.execute, LOCAL_VISITS, period),
        lambda year, month: survey_figures(session, year, month),
    )
    return FiscalYearFigures(
        year_be,
        months[0].period.first,
        months[-1].period.last,
        cutoff_day,
        station.centre_name,
        station.district,
        station.province,
        months,
    )


def district_fiscal_year_figures(
    hub: DistrictReader,
    year_be: int,
    *,
    cutoff_day: int | None = None,
    district: str = "",
    province: str = "",
    official: Callable[[int, int], SurveyFigures | None] = lambda _y, _m: None,
) -> FiscalYearFigures:
    """Every station of the district from the hub: the months of all stations together, and a ranking.

    Stations are ranked by users over the year (as the province ranks districts and the
    country provinces), then by the mean rating; equal figures share a rank.
    """
    months = _months(year_be, cutoff_day, lambda period: tally_visits(hub.execute, HUB_VISITS, period), official)
    year = _year_period(months, cutoff_day)
    lines = []
    for station_id in hub.station_ids():
        t = tally_visits(hub.execute, HUB_VISITS, year, hub_visit.c.station_id == station_id)
        lines.append((station_id, t.total, t.ratings, t.mean))
    lines.sort(key=lambda line: (-line[1], -(line[3] if line[3] is not None else -1.0), line[0]))
    ranked: list[StationYear] = []
    for i, (station_id, users, ratings, mean) in enumerate(lines):
        before = ranked[-1] if ranked else None
        same = before is not None and (before.users, before.rating_mean) == (users, mean)
        ranked.append(StationYear(before.rank if same and before else i + 1, station_id, users, ratings, mean))
    return FiscalYearFigures(
        year_be,
        year.first,
        year.last,
        cutoff_day,
        "",
        district,
        province,
        months,
        tuple(ranked),
    )


def fiscal_year_file_name(unit_short: str, year_be: int, fmt: str) -> str:
    """``รายงานผล e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร ปีงบประมาณ 2569.pdf``."""
    import re

    name = f"รายงานผล e-Service {unit_short} ปีงบประมาณ {year_be}.{fmt}"
    return re.sub(r'[\\/:*?"<>|]', "-", " ".join(name.split()))


def month_label(period: Period) -> str:
    """``ต.ค. 2568``: the month in short, with its Buddhist-Era year."""
    return f"{MONTHS_TH_SHORT[period.month - 1]} {be_year(period.year)}"


# The PDF ----------------------------------------------------------------------------------


def write_fiscal_year_pdf(figures: FiscalYearFigures, path: Path, *, digits: str = "thai") -> Path:
    """The fiscal-year report as an A4 PDF (atomically); Thai digits by default."""
    from kiosk.exports.files import atomic_path

    with atomic_path(Path(path)) as tmp:
        _FiscalYearPdf(figures, digits=digits).build(tmp)
    return Path(path)


class _FiscalYearPdf(ReportPdf):
    def __init__(self, figures: FiscalYearFigures, *, digits: str) -> None:
        super().__init__(digits=digits)
        self.f = figures

    def document_title(self) -> str:
        return f"รายงานผล e-Service {self.f.unit} ปีงบประมาณ {self.f.year_be}"

    def story(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        f = self.f
        year = f"ปีงบประมาณ พ.ศ. {f.year_be}"
        if f.cutoff_day:
            year += f" (ตัดยอดวันที่ {f.cutoff_day} ของทุกเดือน)"
        story: list[Any] = [
            self.t("รายงานผลการดำเนินงานประจำปีงบประมาณ", self.title),
            self.t("จุดให้บริการแบบอิเล็กทรอนิกส์ (e-Service)", self.title),
            self.t(f.unit, self.line, keep_names=True),
            self.t(year, self.line, keep_names=True),
            self.t(f"ระหว่างวันที่ {format_date(f.first)} ถึงวันที่ {format_date(f.last)}", self.line, keep_names=True),
            Spacer(1, 8),
            *[self.t(line, self.body, keep_names=True) for line in self.summary()],
            Spacer(1, 8),
            self.t("๑. ผลการให้บริการรายเดือน", self.head),
            Spacer(1, 4),
            self.months_table(width),
        ]
        if f.stations is not None:
            story += [
                Spacer(1, 10),
                KeepTogether(
                    [
                        self.t(f"๒. อันดับจุดบริการในอำเภอ ({self.n(len(f.stations))} จุด)", self.head),
                        Spacer(1, 4),
                        self.ranking_table(width),
                    ]
                ),
            ]
        story += [Spacer(1, 24), KeepTogether(self.sign_off(width))]
        return story

    def summary(self) -> list[str]:
        """The year in three lines: users, the kiosk's ratings, the OPDC survey."""
        f = self.f
        lines = [f"• ผู้มาขอรับบริการทั้งปี {self.n(f.users)} ราย"]
        if f.rating_mean is not None and f.rating_percent is not None:
            lines.append(
                f"• คะแนนความพึงพอใจจากตู้บริการ เฉลี่ย {self.n(shown_mean(f.rating_mean), 2)} จากเต็ม ๑๐"
                f" (ร้อยละ {self.n(f.rating_percent, 2)}) จากผู้ให้คะแนน {self.n(f.ratings)} ราย"
            )
        else:
            lines.append("• ยังไม่มีผู้ให้คะแนนที่ตู้บริการในปีนี้")
        official = f.official
        if official is not None:
            lines.append(
                f"• แบบสำรวจของสำนักงาน ก.พ.ร. (บันทึกไว้ {self.n(f.official_months)} เดือน)"
                f" ผู้ตอบ {self.n(official.responses)} ราย เฉลี่ย {self.n(official.mean, official.mean_decimals)}"
                f" (ร้อยละ {self.n(official.percent, 2)})"
            )
        else:
            lines.append("• แบบสำรวจของสำนักงาน ก.พ.ร. ยังไม่ได้บันทึกผลของเดือนใดในปีนี้")
        return lines

    def months_table(self, width: float) -> Any:
        f = self.f
        heads = [
            "เดือน",
            "ช่วงวันที่",
            "ผู้รับบริการ (ราย)",
            "สะสม (ราย)",
            "ผู้ให้คะแนน (ราย)",
            "คะแนนเฉลี่ย (เต็ม ๑๐)",
            "ร้อยละ",
            "ก.พ.ร. ผู้ตอบ (ราย)",
            "ก.พ.ร. ร้อยละ",
        ]
        data: list[list[Any]] = [[self.t(h, self.th_c) for h in heads]]
        dash = "-"
        for m in f.months:
            p = m.period
            days = (
                f"{p.first.day} {MONTHS_TH_SHORT[p.first.month - 1]}–{p.last.day} {MONTHS_TH_SHORT[p.last.month - 1]}"
            )
            mean = self.n(shown_mean(m.rating_mean), 2) if m.rating_mean is not None else dash
            percent = self.n(m.rating_percent, 2) if m.rating_percent is not None else dash
            o = m.official
            data.append(
                [
                    self.t(month_label(p), self.cell),
                    self.t(days, self.cell),
                    self.t(self.n(m.users), self.num),
                    self.t(self.n(m.cumulative), self.num),
                    self.t(self.n(m.ratings), self.num),
                    self.t(mean, self.num),
                    self.t(percent, self.num),
                    self.t(self.n(o.responses) if o else dash, self.num),
                    self.t(self.n(o.percent, 2) if o else dash, self.num),
                ]
            )
        o = f.official
        data.append(
            [
                self.t("รวมทั้งปี", self.cell_b),
                self.t("", self.cell),
                self.t(self.n(f.users), self.num_b),
                self.t(self.n(f.users), self.num_b),
                self.t(self.n(f.ratings), self.num_b),
                self.t(self.n(shown_mean(f.rating_mean), 2) if f.rating_mean is not None else dash, self.num_b),
                self.t(self.n(f.rating_percent, 2) if f.rating_percent is not None else dash, self.num_b),
                self.t(self.n(o.responses) if o else dash, self.num_b),
                self.t(self.n(o.percent, 2) if o else dash, self.num_b),
            ]
        )
        first, second = 62.0, 96.0
        rest = (width - first - second) / 7
        return self._table(data, [first, second] + [rest] * 7, total_row=True)

    def ranking_table(self, width: float) -> Any:
        from kiosk.exports.thaipdf import ThaiText

        f = self.f
        heads = ["อันดับ", "จุดบริการ", "ผู้รับบริการ (ราย)", "ผู้ให้คะแนน (ราย)", "คะแนนเฉลี่ย (เต็ม ๑๐)", "ร้อยละ"]
        data: list[list[Any]] = [[self.t(h, self.th_c) for h in heads]]
        for s in f.stations or ():
            data.append(
                [
                    self.t(str(s.rank), self.num),
                    ThaiText(s.station_id, self.cell),  # an identifier keeps its own digits
                    self.t(self.n(s.users), self.num),
                    self.t(self.n(s.ratings), self.num),
                    self.t(self.n(shown_mean(s.rating_mean), 2) if s.rating_mean is not None else "-", self.num),
                    self.t(self.n(s.rating_percent, 2) if s.rating_percent is not None else "-", self.num),
                ]
            )
        rest = (width - 50 - 140) / 4
        return self._table(data, [50, 140] + [rest] * 4)


# The XLSX ---------------------------------------------------------------------------------


def write_fiscal_year_xlsx(figures: FiscalYearFigures, path: Path) -> Path:
    """The same figures as a workbook: the months (and the ranking) as numbers, printable on A4."""
    import xlsxwriter

    from kiosk.exports.files import atomic_path
    from kiosk.exports.xlsx import FONT_NAME, FONT_SIZE, PAPER_A4, ROW_HEIGHT

    f = figures
    with atomic_path(Path(path)) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
        try:
            font = {"font_name": FONT_NAME, "font_size": FONT_SIZE}
            title = wb.add_format({**font, "bold": True, "font_size": FONT_SIZE + 2})
            head = wb.add_format(
                {**font, "bold": True, "bg_color": "#DDE5F0", "text_wrap": True, "valign": "vcenter", "border": 1}
            )
            text = wb.add_format({**font, "border": 1})
            count = wb.add_format({**font, "border": 1, "num_format": "#,##0"})
            two = wb.add_format({**font, "border": 1, "num_format": "0.00"})
            bold_text = wb.add_format({**font, "border": 1, "bold": True, "bg_color": "#F0F0F0"})
            bold_count = wb.add_format(
                {**font, "border": 1, "bold": True, "bg_color": "#F0F0F0", "num_format": "#,##0"}
            )
            bold_two = wb.add_format({**font, "border": 1, "bold": True, "bg_color": "#F0F0F0", "num_format": "0.00"})
            date = wb.add_format({**font, "border": 1, "num_format": "[$-1070000]d/mm/yyyy"})
            period = f"ปีงบประมาณ พ.ศ. {f.year_be} ระหว่างวันที่ {format_date(f.first)} ถึงวันที่ {format_date(f.last)}"

            official_mean = wb.add_format({**font, "border": 1, "num_format": "0.00#"})  # 9.173 as entered
            bold_official_mean = wb.add_format(
                {**font, "border": 1, "bold": True, "bg_color": "#F0F0F0", "num_format": "0.00#"}
            )

            def setup(ws: Any, header_row: int) -> None:
                ws.set_default_row(ROW_HEIGHT)
                ws.set_landscape()
                ws.set_paper(PAPER_A4)
                ws.fit_to_pages(1, 0)
                ws.repeat_rows(header_row)
                ws.set_header(f'&C&"{FONT_NAME},Bold"&14{f.unit.replace("&", "&&")}')
                ws.set_footer(f'&L&"{FONT_NAME}"&12{period}&R&"{FONT_NAME}"&12หน้า &P / &N')
                ws.set_row(header_row, 2 * FONT_SIZE * 1.35)

            ws = wb.add_worksheet("รายเดือน")
            ws.write_string(0, 0, f"รายงานผล e-Service {f.unit} {period}", title)
            heads = (
                "เดือน",
                "วันแรก",
                "วันสุดท้าย",
                "ผู้รับบริการ (ราย)",
                "สะสม (ราย)",
                "ผู้ให้คะแนน (ราย)",
                "คะแนนเฉลี่ย (เต็ม 10)",
                "ร้อยละความพึงพอใจ",
                "ก.พ.ร. ผู้ตอบ (ราย)",
                "ก.พ.ร. คะแนนเฉลี่ย",
                "ก.พ.ร. ร้อยละ",
            )
            for col, (name, width) in enumerate(zip(heads, (12, 13, 13, 12, 12, 12, 12, 12, 12, 12, 12), strict=True)):
                ws.set_column(col, col, width)
                ws.write_string(1, col, name, head)
            setup(ws, 1)
            ws.freeze_panes(2, 1)
            r = 2
            for m in f.months:
                ws.write_string(r, 0, month_label(m.period), text)
                ws.write_datetime(r, 1, dt.datetime.combine(m.period.first, dt.time()), date)
                ws.write_datetime(r, 2, dt.datetime.combine(m.period.last, dt.time()), date)
                ws.write_number(r, 3, m.users, count)
                ws.write_number(r, 4, m.cumulative, count)
                ws.write_number(r, 5, m.ratings, count)
                _number_or_blank(ws, r, 6, shown_mean(m.rating_mean) if m.rating_mean is not None else None, two)
                _number_or_blank(ws, r, 7, m.rating_percent, two)
                o = m.official
                _number_or_blank(ws, r, 8, o.responses if o else None, count)
                _number_or_blank(ws, r, 9, o.mean if o else None, official_mean)
                _number_or_blank(ws, r, 10, o.percent if o else None, two)
                r += 1
            ws.write_string(r, 0, "รวมทั้งปี", bold_text)
            ws.write_datetime(r, 1, dt.datetime.combine(f.first, dt.time()), date)
            ws.write_datetime(r, 2, dt.datetime.combine(f.last, dt.time()), date)
            ws.write_number(r, 3, f.users, bold_count)
            ws.write_number(r, 4, f.users, bold_count)
            ws.write_number(r, 5, f.ratings, bold_count)
            _number_or_blank(ws, r, 6, shown_mean(f.rating_mean) if f.rating_mean is not None else None, bold_two)
            _number_or_blank(ws, r, 7, f.rating_percent, bold_two)
            o = f.official
            _number_or_blank(ws, r, 8, o.responses if o else None, bold_count)
            _number_or_blank(ws, r, 9, o.mean if o else None, bold_official_mean)
            _number_or_blank(ws, r, 10, o.percent if o else None, bold_two)

            if f.stations is not None:
                rk = wb.add_worksheet("อันดับจุดบริการ")
                rk.write_string(0, 0, f"อันดับจุดบริการ {f.unit} {period}", title)
                rank_heads = ("อันดับ", "จุดบริการ", "ผู้รับบริการ (ราย)", "ผู้ให้คะแนน (ราย)", "คะแนนเฉลี่ย (เต็ม 10)", "ร้อยละ")
                for col, (name, width) in enumerate(zip(rank_heads, (8, 20, 14, 14, 14, 12), strict=True)):
                    rk.set_column(col, col, width)
                    rk.write_string(1, col, name, head)
                setup(rk, 1)
                for r, s in enumerate(f.stations, start=2):
                    rk.write_number(r, 0, s.rank, count)
                    rk.write_string(r, 1, s.station_id, text)
                    rk.write_number(r, 2, s.users, count)
                    rk.write_number(r, 3, s.ratings, count)
                    _number_or_blank(rk, r, 4, shown_mean(s.rating_mean) if s.rating_mean is not None else None, two)
                    _number_or_blank(rk, r, 5, s.rating_percent, two)
        finally:
            wb.close()
    return Path(path)


def _number_or_blank(ws: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


__all__ = [
    "FiscalYearFigures",
    "MonthFigures",
    "StationYear",
    "current_fiscal_year",
    "district_fiscal_year_figures",
    "fiscal_months",
    "fiscal_year_figures",
    "fiscal_year_file_name",
    "write_fiscal_year_pdf",
    "write_fiscal_year_xlsx",
]
