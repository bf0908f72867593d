"""What the monthly report and the register PDF say, line by line: headings, totals, signatures, figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.db import Database
from kiosk.exports import export_register
from kiosk.exports.rows import unit_name
from kiosk.report import (
    MonthlyFigures,
    Period,
    satisfaction_percent,
    shown_mean,
    write_monthly_report,
)
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.kiosk.exports.conftest import pdf_text

CENTRE, DISTRICT, PROVINCE = "ศูนย์ดำรงธรรมอำเภอเมืองนครศรีธรรมราช", "เมืองนครศรีธรรมราช", "นครศรีธรรมราช"


def test_unit_name_says_each_name_once() -> None:
    assert unit_name(CENTRE, DISTRICT, PROVINCE) == "ศูนย์ดำรงธรรมอำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช"
    assert unit_name("จุดบริการตำบลท่าวัง", "เมืองนครศรีธรรมราช", "นครศรีธรรมราช") == (
        "จุดบริการตำบลท่าวัง อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช"
    )
    assert unit_name("ศูนย์ดำรงธรรมอำเภอ", "", "") == "ศูนย์ดำรงธรรมอำเภอ"


def test_shown_mean_and_percentage_agree() -> None:
    assert shown_mean(8.643) == 8.64 and satisfaction_percent(8.643) == pytest.approx(86.40)
    assert shown_mean(8.645) == 8.65  # halves up, as people round
    assert satisfaction_percent(4.5, 5) == pytest.approx(90.0)


def _figures(rating_mean: float | None) -> MonthlyFigures:
    period = Period(2026, 11, dt.date(2026, 10, 26), dt.date(2026, 11, 25), 25)
    groups = len(VisitorGroup)
    return MonthlyFigures(
        period=period,
        centre=CENTRE,
        district=DISTRICT,
        province=PROVINCE,
        services=(),
        group_totals=(0,) * groups,
        total=37,
        results={"none": 2, "success": 30, "failed": 3, "referred": 2},
        survey_slips_printed=30,
        survey_answered=5,
        ratings=21,
        rating_mean=rating_mean,
        official=None,
    )


def test_monthly_report_form(tmp_path: Path) -> None:
    path = write_monthly_report(_figures(8.6428571), tmp_path / "r.pdf", digits="arabic")
    lines = [line.strip() for line in pdf_text(path).splitlines() if line.strip()]
    text = "\n".join(lines)
    # the title: the centre (which names the district) and the province, each once, never broken inside
    assert "ศูนย์ดำรงธรรมอำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช" in lines
    assert text.count("อำเภอเมืองนครศรีธรรมราช") == 1
    assert "ประจำเดือน พฤศจิกายน 2569 (ตัดยอดวันที่ 25 ของเดือน)" in lines
    assert "ระหว่างวันที่ 26 ตุลาคม 2569 ถึงวันที่ 25 พฤศจิกายน 2569" in lines
    # the mean as printed and its percentage agree
    assert "8.64" in lines and "86.40" in lines and "86.43" not in text
    # the results add up in a total row
    at = lines.index("ยังไม่บันทึกผล / ไม่มาตามเรียก")
    assert lines[at + 3 : at + 6] == ["รวม", "37", "100.00"]
    # room to write is drawn, not typed: no row of dots wraps into a stray line
    assert "๕. ปัญหา อุปสรรค และข้อเสนอแนะ" in lines
    assert not [line for line in lines if set(line) <= {".", " "}]
    # two signatures: the reporter and the approving officer, each on one line
    signed = [line for line in lines if line.startswith("ลงชื่อ")]
    assert len(signed) == 2
    assert signed[0].endswith("ผู้รายงาน") and signed[1].endswith("ผู้อนุมัติ")
    assert sum(line.startswith("ตำแหน่ง") for line in lines) == 2


def test_monthly_report_without_ratings(tmp_path: Path) -> None:
    f = dataclasses.replace(_figures(None), ratings=0)
    text = pdf_text(write_monthly_report(f, tmp_path / "r.pdf"))
    assert "ร้อยละความพึงพอใจ" not in text.split("ก.พ.ร.")[0]


def test_register_pdf_closing_total_survey_column_and_thai_digits(
    register: Database, station: Station, tmp_path: Path
) -> None:
    path = tmp_path / "r.pdf"
    with register.write() as session:
        export_register(
            session,
            station,
            date_from=dt.date(2026, 11, 1),
            date_to=dt.date(2026, 11, 30),
            fmt="pdf",
            path=path,
            actor="test",
            thai_digits=True,
        )
    text = pdf_text(path)
    lines = [line.strip() for line in text.splitlines()]
    assert "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร จังหวัดสกลนคร" in lines
    assert text.count("อำเภอเมืองสกลนคร") == 1
    assert "รวมผู้มาขอรับบริการทั้งสิ้น ๓ ราย (สำเร็จ ๑ ราย · ส่งต่อ ๑ ราย · ยังไม่บันทึกผล ๑ ราย)" in text
    # what the kiosk knows of the survey, never "not answered"
    assert "ไม่ตอบ" not in text
    joined = " ".join(lines)  # a narrow cell wraps คะแนน ๙/๑๐
    assert "คะแนน ๙/๑๐" in joined and "คะแนน ๔/๕" in joined
    # IDs and phones in Thai digits too: not one Arabic digit on the page
    assert "๑-xxxx-xxxxx-x๐-๘" in text and "๐๘๙๘๗๖๕๔๓๒" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)
