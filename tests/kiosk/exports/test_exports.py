"""Register exports read back: CSV with BOM, typed XLSX, PDF pages (poppler), audit, cancel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.cli import main
from kiosk.db import Database
from kiosk.exports import COLUMNS, ExportCancelled, ExportError, export_register, record_export
from kiosk.exports.thaipdf import ThaiText, style
from kiosk.models import AuditEvent
from kiosk.station import Station
from kiosk.textbreak import word_breaks
from tests.kiosk.exports.conftest import FULL_ID, ZERO_ID, pdf_pages, pdf_text

DAY = dt.date(2026, 11, 24)
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _export(db: Database, station: Station, path: Path, fmt: str, **kwargs: object) -> int:
    with db.write() as session:
        result = export_register(
            session,
            station,
            date_from=NOV[0],
            date_to=NOV[1],
            fmt=fmt,
            path=path,
            actor="หัวหน้า",
            **kwargs,  # type: ignore[arg-type]
        )
        record_export(session, station, result)
    return result.rows


def test_csv_has_bom_and_masked_ids(register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    assert _export(register, station, path, "csv") == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["ลำดับ"] == "1"
    assert first["วันที่ (พ.ศ.) เวลา"] == "24 พ.ย. 2569 10:00 น."
    assert first["ชื่อ–สกุล"] == "นางปิ่นทอง ใจดี"
    assert first["เลขประจำตัวประชาชน"] == "1-xxxx-xxxxx-x0-8"
    assert first["โทรศัพท์"] == "089-876-5432"  # grouped: a spreadsheet keeps the zero
    assert first["กลุ่มผู้รับบริการ"] == "ผู้สูงอายุ"
    assert first["ผลการให้บริการ"] == "สำเร็จ"
    assert first["เจ้าหน้าที่ผู้ให้บริการ"] == "นายปิ่น ศักดิ์สิทธิ์"
    second = dict(zip(COLUMNS, rows[2], strict=True))
    assert second["ผลการให้บริการ"] == "ส่งต่อ – ต้องติดต่อสำนักงานที่ดิน"
    assert second["หมายเหตุ"] == "นัดหมายวันศุกร์"
    assert second["เลขประจำตัวประชาชน"] == "0-xxxx-xxxxx-x2-1"
    assert rows[3][COLUMNS.index("ผลการให้บริการ")] == "รอรับบริการ"
    assert FULL_ID not in raw.decode("utf-8-sig")


def test_full_id_export_is_explicit_and_audited(register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "full.csv"
    _export(register, station, path, "csv", full_id=True)
    text = path.read_text(encoding="utf-8-sig")
    assert "1-1017-00230-70-8" in text and "0-1234-56789-12-1" in text
    with register.read() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.entity == "register")))
    assert [e.action for e in events] == ["export_full_id"]
    details = json.loads(events[0].details)
    assert events[0].actor == "หัวหน้า"
    assert details | {"file": "full.csv"} == {
        "from": "2026-11-01",
        "to": "2026-11-30",
        "format": "csv",
        "rows": 3,
        "file": "full.csv",
        "full_id": True,
    }
    assert FULL_ID not in events[0].details


def test_xlsx_types_and_frozen_header(register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _export(register, station, path, "xlsx")
    ws = load_workbook(path).worksheets[0]
    assert ws.freeze_panes == "A3"
    assert "ทะเบียนผู้มาขอรับบริการ" in ws["A1"].value
    assert tuple(c.value for c in ws[2]) == COLUMNS
    seq, when, name, nid, phone = (ws.cell(row=3, column=i).value for i in range(1, 6))
    assert seq == 1 and isinstance(seq, int)
    assert when == dt.datetime(2026, 11, 24, 10, 0)  # local wall-clock time, a real datetime
    assert "yyyy" in ws.cell(row=3, column=2).number_format
    assert name == "นางปิ่นทอง ใจดี"
    assert nid == "1-xxxx-xxxxx-x0-8" and phone == "0898765432"
    assert ws.cell(row=4, column=4).value == "0-xxxx-xxxxx-x2-1"  # text, the leading 0 kept
    assert ws.cell(row=4, column=4).data_type == "s"
    assert ws.max_row == 5
    assert ws.auto_filter.ref == "A2:L5"


def test_pdf_pages_header_and_numbers(busy_register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    assert _export(busy_register, station, path, "pdf") == 120
    pages = pdf_pages(path)
    assert pages >= 5
    for page in range(1, pages + 1):
        text = pdf_text(path, page)
        assert "(e-Service)" in text  # the title on every page
        assert re.search(rf"\b{page} / {pages}\b", text), f"page number missing on page {page}"
        assert "x" in text  # masked IDs: ASCII survives extraction
    assert not re.search(r"\d-\d{4}-\d{5}-\d{2}-\d", pdf_text(path))  # no full ID


def test_pdf_thai_digits(register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    _export(register, station, path, "pdf", thai_digits=True)
    text = pdf_text(path)
    assert "๑ / ๑" in text
    assert "๒๕๖๙" in text


def test_empty_period_gives_a_one_page_pdf(db: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert _export(db, station, path, "pdf") == 0
    assert pdf_pages(path) == 1


def test_pdf_breaks_thai_only_between_words(tmp_path: Path) -> None:
    """Render narrow paragraphs, read the lines back with pdftotext and check each line end."""
    from reportlab.pdfgen.canvas import Canvas

    # words whose glyphs map back to Unicode in the PDF (no substituted marks)
    text = "ประชาชนสามารถลงทะเบียนตรวจสอบสิทธิหลักประกันสุขภาพจังหวัดสกลนครบริการประชาชน" * 2
    path = tmp_path / "words.pdf"
    canvas = Canvas(str(path))
    flowable = ThaiText(text, style("t", size=12))
    _w, h = flowable.wrap(70, 1000)
    flowable.drawOn(canvas, 50, 800 - h)
    canvas.save()
    lines = [line.strip() for line in pdf_text(path).splitlines() if line.strip()]
    assert len(lines) > 5
    assert "".join(lines) == text
    allowed = set(word_breaks(text))
    position = 0
    for line in lines[:-1]:
        position += len(line)
        assert position in allowed, f"a word is split after {line!r}"


def test_cancel_leaves_no_file(busy_register: Database, station: Station, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("pdf", "xlsx", "csv"):
        path = out / f"r.{fmt}"
        seen: list[float] = []
        with pytest.raises(ExportCancelled), busy_register.write() as session:
            export_register(
                session,
                station,
                date_from=NOV[0],
                date_to=NOV[1],
                fmt=fmt,
                path=path,
                actor="t",
                progress=seen.append,
                cancelled=lambda seen=seen: len(seen) >= 2,  # type: ignore[misc]
            )
        assert list(out.iterdir()) == [], fmt
    with busy_register.read() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.entity == "register")).all() == []


def test_progress_reaches_one(busy_register: Database, station: Station, tmp_path: Path) -> None:
    for fmt in ("pdf", "xlsx", "csv"):
        seen: list[float] = []
        with busy_register.write() as session:
            export_register(
                session,
                station,
                date_from=NOV[0],
                date_to=NOV[1],
                fmt=fmt,
                path=tmp_path / f"r.{fmt}",
                actor="t",
                progress=seen.append,
            )
        assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen), fmt


def test_bad_requests_change_nothing(register: Database, station: Station, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for kwargs in ({"fmt": "doc"}, {"date_from": NOV[1], "date_to": NOV[0]}, {"full_id": True, "actor": " "}):
        args = {"date_from": NOV[0], "date_to": NOV[1], "fmt": "csv", "actor": "t"} | kwargs
        with pytest.raises(ExportError) as caught, register.write() as session:
            export_register(session, station, path=out / "x.csv", **args)  # type: ignore[arg-type]
        assert caught.value.th and caught.value.en
    assert list(out.iterdir()) == []


def test_cli_export_to_directory(
    register: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = db_path.parent
    (home / "kiosk.toml").write_text('[station]\ncentre_name = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"\n', encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(
        [
            "--home",
            str(home),
            "register",
            "export",
            "--from",
            "2569-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "xlsx",
            "-o",
            str(out_dir),
            "--full-id",
            "-q",
        ]
    )
    assert code == 0
    files = list(out_dir.iterdir())
    assert [f.name for f in files] == ["ทะเบียน e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร 1 พ.ย. 2569 - 30 พ.ย. 2569.xlsx"]
    assert "FULL national IDs" in capsys.readouterr().out
    assert ZERO_ID[0] == "0"


def test_pdf_cells_are_never_cut_short(register: Database, station: Station, tmp_path: Path) -> None:
    """A register keeps every word: the longest note and reason the kiosk accepts are printed whole."""
    from kiosk.models import Visit

    with register.write() as session:
        visit = session.scalars(select(Visit).order_by(Visit.created_at)).first()
        assert visit is not None
        visit.note = ("นัดกลับมาใหม่ " * 40)[:480] + " NOTE-END"
        visit.result_reason = ("ส่งต่อสำนักงานที่ดิน " * 20)[:280] + " REASON-END"
    path = tmp_path / "long.pdf"
    _export(register, station, path, "pdf")
    text = pdf_text(path)
    assert "NOTE-END" in text and "REASON-END" in text
    assert "…" not in text


def test_a_thaid_visitor_is_marked_in_the_register_until_the_officer_fills_in_the_name(
    db: Database, station: Station
) -> None:
    from kiosk.exports import iter_rows
    from kiosk.models import IdMethod
    from kiosk.register import VisitorDetails, complete_registration, visits_in_period
    from tests.helpers import visitor

    thaid = visitor(db, station, method=IdMethod.THAID, name=None)
    officer = visitor(db, station, method=IdMethod.OFFICER, name=None)
    typed = visitor(db, station, method=IdMethod.TYPED, name="มาลี บุญมา")
    today = station.today()

    def names() -> dict[object, str]:
        with db.read() as session:
            return {row.visit_id: row.full_name for row in iter_rows(session, station, today, today)}

    assert names() == {thaid: "ผู้ใช้ ThaID (ไม่ได้บันทึกชื่อ)", officer: "(ไม่ได้บันทึกชื่อ)", typed: "มาลี บุญมา"}
    with db.read() as session:
        waiting = {v.id for v in visits_in_period(session, today, today) if v.needs_completion}
    assert waiting == {thaid, officer}
    with db.write() as session:  # the officer read the name on the visitor's ThaID app
        complete_registration(session, station, thaid, actor="เจ้าหน้าที่", details=VisitorDetails(full_name="สมศรี มีสุข"))
    assert names()[thaid] == "สมศรี มีสุข"
