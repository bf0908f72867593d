"""The CSV and the XLSX as their real readers open them: LibreOffice (headless), a program, a printer."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.db import Database
from kiosk.exports import ExportFormat, export_register
from kiosk.exports.csv import grouped_phone, spreadsheet_text
from kiosk.models import Visit
from kiosk.station import Station
from tests.kiosk.exports.bulk import insert_visits
from tests.kiosk.exports.conftest import pdf_pages, pdf_text

# What people type into a note, and what an attacker would (OWASP "CSV injection").
NASTY = (
    '=HYPERLINK("http://evil.example","click")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "  =1+1",
    "\"'=1+1",
    "\t=1+1",
    "=1+1\r\n=2+2",
)
LANDLINE = "021234567"


def soffice(tmp: Path, source: Path, to: str, *, infilter: str | None = None) -> Path:
    """Convert ``source`` with LibreOffice headless in its own profile; return the new file."""
    out = tmp / f"lo-{to}"
    args = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp / 'lo-profile'}"]
    if infilter:
        args.append(f"--infilter={infilter}")
    args += ["--convert-to", to, "--outdir", str(out), str(source)]
    subprocess.run(args, check=True, capture_output=True, timeout=180)
    return out / f"{source.stem}.{to}"


@pytest.fixture
def nasty_register(db: Database) -> Database:
    """60 visits; the first notes are formulas, one phone is a Bangkok landline, one note is a negative number."""
    with db.write() as session:
        insert_visits(session, count=60, start=dt.date(2026, 11, 2), per_day=30)
        ids = list(session.scalars(select(Visit.id).order_by(Visit.created_at)))
        for visit_id, note in zip(ids, NASTY, strict=False):
            session.execute(update(Visit).where(Visit.id == visit_id).values(note=note, phone="0905332942"))
        session.execute(update(Visit).where(Visit.id == ids[20]).values(phone=LANDLINE, note="-5"))
    return db


def _export(db: Database, station: Station, path: Path, fmt: ExportFormat, *, plain_csv: bool = False) -> None:
    with db.write() as session:
        export_register(
            session,
            station,
            date_from=dt.date(2026, 11, 1),
            date_to=dt.date(2026, 11, 30),
            fmt=fmt,
            path=path,
            actor="test",
            plain_csv=plain_csv,
        )


def test_guards() -> None:
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("  @x") == "'  @x"
    assert spreadsheet_text("\"'+1") == "'\"'+1"
    assert spreadsheet_text("สำเร็จ – เอกสารไม่ครบ") == "สำเร็จ – เอกสารไม่ครบ"
    assert spreadsheet_text("") == ""
    assert spreadsheet_text("   ") == "   "
    assert grouped_phone("0812345678") == "081-234-5678"
    assert grouped_phone("021234567") == "02-123-4567"
    assert grouped_phone("042123456") == "042-123-456"


@pytest.mark.slow  # LibreOffice starts in a few seconds
def test_libreoffice_runs_no_formula_and_keeps_every_phone_zero(
    nasty_register: Database, station: Station, tmp_path: Path
) -> None:
    import openpyxl

    path = tmp_path / "register.csv"
    _export(nasty_register, station, path, ExportFormat.CSV)
    # as LibreOffice opens a double-clicked CSV: comma, double quotes, UTF-8, from line 1, its default options
    converted = soffice(tmp_path, path, "xlsx", infilter="CSV:44,34,76,1")
    sheet = openpyxl.load_workbook(converted).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=False))
    header = [c.value for c in rows[0]]
    phone_col, note_col = header.index("โทรศัพท์"), header.index("หมายเหตุ")
    assert len(rows) == 61
    formulas = [c.coordinate for row in rows for c in row if c.data_type == "f"]
    assert formulas == []
    with nasty_register.read() as session:
        stored = {
            (note or "", phone or "")
            for note, phone in session.execute(select(Visit.note, Visit.phone).order_by(Visit.created_at))
        }
    values = [row[phone_col].value for row in rows[1:] if row[phone_col].value is not None]
    assert len(values) >= 20
    for value in values:
        assert isinstance(value, str) and value.startswith("0"), value
    phones = [str(v) for v in values]
    assert sorted(p.replace("-", "") for p in phones) == sorted(p for _n, p in stored if p)
    assert "02-123-4567" in phones
    notes = [str(row[note_col].value) for row in rows[1:] if row[note_col].value]
    for note in NASTY:
        # LibreOffice reads a CR LF inside quotes as a line break: compare without it
        assert ("'" + note).replace("\r\n", "\n") in {n.replace("\r\n", "\n") for n in notes}
    assert "'-5" in notes


def test_plain_csv_is_the_stored_data(nasty_register: Database, station: Station, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    _export(nasty_register, station, path, ExportFormat.CSV, plain_csv=True)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    notes = {row[-1] for row in rows[1:]}
    assert set(NASTY) <= notes
    assert LANDLINE in {row[4] for row in rows[1:]}


@pytest.mark.slow  # LibreOffice starts in a few seconds
def test_xlsx_prints_landscape_with_every_column_on_the_page_width(
    nasty_register: Database, station: Station, tmp_path: Path
) -> None:
    import openpyxl

    path = tmp_path / "register.xlsx"
    _export(nasty_register, station, path, ExportFormat.XLSX)
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default
    assert ws.print_title_rows == "$2:$2"
    assert ws.oddHeader is not None and ws.oddFooter is not None
    assert "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร จังหวัดสกลนคร" in str(ws.oddHeader.center.text)
    assert "ระหว่างวันที่" in str(ws.oddFooter.left.text)
    assert ws["A3"].font.name == "TH SarabunPSK"
    # the notes stay text in the XLSX
    assert {ws.cell(row=r, column=12).data_type for r in range(3, 12)} == {"s"}

    printed = soffice(tmp_path, path, "pdf")
    info = subprocess.run(["pdfinfo", str(printed)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    width, height = float(size[2]), float(size[4])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    pages = pdf_pages(printed)
    assert pages <= 3
    for page in range(1, pages + 1):
        text = pdf_text(printed, page)
        # the first and the last column on every page: no column was pushed onto a page of its own
        assert "ลำดับ" in text and "หมายเหตุ" in text, page
