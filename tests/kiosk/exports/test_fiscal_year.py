"""The fiscal-year report: its figures against an independent count of the raw rows, its PDF, XLSX and CLI."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.cli import main
from kiosk.db import Database
from kiosk.fiscal import (
    current_fiscal_year,
    fiscal_months,
    fiscal_year_figures,
    write_fiscal_year_pdf,
    write_fiscal_year_xlsx,
)
from kiosk.models import Visit
from kiosk.report import ReportError, set_survey_figures
from kiosk.station import Station
from kiosk.thai import thai_digits
from tests.kiosk.exports.bulk import insert_visits
from tests.kiosk.exports.conftest import PRIVATE_USE, assert_fonts_embedded, pdf_text


@pytest.fixture
def year_register(db: Database, station: Station) -> Database:
    """1,500 visits on the weekdays from 20 September 2025 (six a day), some rated on a 1–5 scale."""
    with db.write() as session:
        insert_visits(session, count=1500, start=dt.date(2025, 9, 20), per_day=6)
        five = list(session.scalars(select(Visit.id).where(Visit.rating_score.is_not(None)).limit(60)))
        session.execute(update(Visit).where(Visit.id.in_(five)).values(rating_score=4, rating_max=5))
        set_survey_figures(session, station, 2026, 3, responses=40, mean=9.173, actor="test")
        set_survey_figures(session, station, 2026, 4, responses=10, mean=8.5, actor="test")
    return db


def independent_count(db_path: Path, year_be: int, cutoff: int | None) -> dict[tuple[int, int], tuple[int, int, float]]:
    """(CE year, month) -> (visits, ratings, sum of ratings on 0–10), straight from the SQLite file.

    Written apart from the kiosk's code: plain sqlite3 and calendar arithmetic. A day after
    the cutoff belongs to the next month; a month belongs to the fiscal year of the
    September that ends it.
    """
    out: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    with sqlite3.connect(db_path) as con:
        for day_text, score, top in con.execute("SELECT local_day, rating_score, rating_max FROM visit"):
            day = dt.date.fromisoformat(day_text)
            year, month = day.year, day.month
            if cutoff is not None and day.day > cutoff:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            fiscal_be = (year + 1 if month >= 10 else year) + 543
            if fiscal_be != year_be:
                continue
            line = out[(year, month)]
            line[0] += 1
            if score is not None and top:
                line[1] += 1
                line[2] += score * 10 / top
    return {k: (int(v[0]), int(v[1]), v[2]) for k, v in out.items()}


@pytest.mark.parametrize("cutoff", [25, None])
def test_figures_match_an_independent_count(
    year_register: Database, station: Station, db_path: Path, cutoff: int | None
) -> None:
    with year_register.read() as session:
        figures = fiscal_year_figures(session, station, 2569, cutoff_day=cutoff)
    expected = independent_count(db_path, 2569, cutoff)
    assert [(m.period.year, m.period.month) for m in figures.months] == [
        (2025, 10), (2025, 11), (2025, 12), *((2026, m) for m in range(1, 10))
    ]  # fmt: skip
    running = 0
    for m in figures.months:
        users, ratings, total = expected.get((m.period.year, m.period.month), (0, 0, 0.0))
        running += users
        assert (m.users, m.cumulative, m.ratings) == (users, running, ratings), m.period
        if ratings:
            assert m.rating_mean == pytest.approx(total / ratings)
            assert m.rating_percent == pytest.approx(round(total / ratings, 2) * 10)
    assert figures.users == sum(v[0] for v in expected.values()) == running
    assert figures.users > 1000
    all_ratings = sum(v[1] for v in expected.values())
    assert figures.ratings == all_ratings
    assert figures.rating_mean == pytest.approx(sum(v[2] for v in expected.values()) / all_ratings)
    if cutoff == 25:
        assert (figures.first, figures.last) == (dt.date(2025, 9, 26), dt.date(2026, 9, 25))
    else:
        assert (figures.first, figures.last) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    # the official survey: the two months entered, the year's mean weighted by answers
    official = {(m.period.year, m.period.month): m.official for m in figures.months if m.official}
    assert set(official) == {(2026, 3), (2026, 4)}
    assert figures.official is not None
    assert figures.official.responses == 50
    assert figures.official.mean == pytest.approx((40 * 9.173 + 10 * 8.5) / 50)


def test_fiscal_months_and_current_year() -> None:
    assert fiscal_months(2569)[0] == (2025, 10) and fiscal_months(2569)[-1] == (2026, 9)
    assert current_fiscal_year(dt.date(2026, 9, 30)) == 2569
    assert current_fiscal_year(dt.date(2026, 10, 1)) == 2570
    with pytest.raises(ReportError):
        fiscal_months(2026)  # a CE year is refused, not read as 2026 BE


def test_pdf_and_xlsx(year_register: Database, station: Station, tmp_path: Path) -> None:
    import openpyxl

    with year_register.read() as session:
        figures = fiscal_year_figures(session, station, 2569, cutoff_day=25)
    pdf = write_fiscal_year_pdf(figures, tmp_path / "fy.pdf")
    text = pdf_text(pdf)
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร จังหวัดสกลนคร" in text
    assert "อำเภอเมืองสกลนคร อำเภอ" not in text
    assert thai_digits(f"{figures.users:,}") in text
    assert "รวมทั้งปี" in text and "ผู้อนุมัติ" in text
    assert not PRIVATE_USE.search(text)
    assert_fonts_embedded(pdf)
    for m in figures.months:
        assert thai_digits(f"{m.cumulative:,}") in text

    book = openpyxl.load_workbook(write_fiscal_year_xlsx(figures, tmp_path / "fy.xlsx"))
    ws = book["รายเดือน"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=15)]
    assert [r[3] for r in rows[:12]] == [m.users for m in figures.months]
    assert [r[4] for r in rows[:12]] == [m.cumulative for m in figures.months]
    assert rows[12][0] == "รวมทั้งปี" and rows[12][3] == figures.users
    assert ws.page_setup.orientation == "landscape"
    assert "อันดับจุดบริการ" not in book.sheetnames  # one station: no ranking


def test_cli(year_register: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(db_path.parent)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--home", home, "report", "fiscal-year", "--year", "2569", "-o", str(out)]) == 0
    assert main(["--home", home, "report", "fiscal-year", "--year", "2569", "-o", str(out), "--format", "xlsx"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert [n.endswith("ปีงบประมาณ 2569.pdf") or n.endswith("ปีงบประมาณ 2569.xlsx") for n in names] == [True, True]
    assert main(["--home", home, "report", "fiscal-year", "--year", "2026", "-o", str(out)]) == 2
    assert "Buddhist-Era" in capsys.readouterr().err
    assert main(["--home", home, "report", "fiscal-year", "--year", "2569", "--cutoff-day", "31", "-o", str(out)]) == 2
    assert len(list(out.iterdir())) == 2
