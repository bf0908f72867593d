"""The PDFs' text layer gives back exactly the Thai written: pdftotext, pypdf and pdfminer read it back."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kiosk.db import Database
from kiosk.exports import ExportFormat, export_register
from kiosk.exports.thaipdf import PageCountCanvas, draw_text, style
from kiosk.report import monthly_figures, write_monthly_report
from kiosk.station import Station
from kiosk.thai import thai_digits
from tests.kiosk.exports.bulk import insert_visits
from tests.kiosk.exports.conftest import PRIVATE_USE, assert_fonts_embedded, pdf_text
from tests.kiosk.exports.thai_names import thai_names

NAMES = 2000


class Extracted:
    """Text read out of a PDF, searchable for names a table cell may have wrapped."""

    def __init__(self, text: str) -> None:
        lines = [line.strip() for line in text.splitlines()]
        self.spaced = " ".join(lines)  # a line break where the cell wrapped at a space
        self.joined = "".join(lines)  # a line break where a word too long for its column was cut

    def has(self, words: str) -> bool:
        return words in self.spaced or words in self.joined


def findable(name: str, text: str | Extracted) -> bool:
    """``name`` occurs exactly, or, where the extractor read the next column's cell in between
    (a wrapped name beside a one-line ID), each of its words does."""
    found = text if isinstance(text, Extracted) else Extracted(text)
    return found.has(name) or all(found.has(word) for word in name.split())


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def named_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The register PDF of 2,000 visitors with realistic Thai names, over October and November 2026."""
    from tests.conftest import BANGKOK, FakeClock, new_register

    tmp = tmp_path_factory.mktemp("named")
    names = thai_names(NAMES)
    clock = FakeClock(dt.datetime(2026, 11, 30, 10, 0, tzinfo=BANGKOK).astimezone(dt.UTC))
    station = Station(
        id="KIOSK-01",
        zone=BANGKOK,
        centre_name="ศูนย์ดำรงธรรมอำเภอเมืองนครศรีธรรมราช",
        district="เมืองนครศรีธรรมราช",
        province="นครศรีธรรมราช",
        clock=clock,
    )
    with new_register(tmp / "r.sqlite3") as db:
        with db.write() as session:
            insert_visits(session, count=NAMES, start=dt.date(2026, 10, 1), per_day=50, names=names)
        path = tmp / "register.pdf"
        with db.write() as session:
            export_register(
                session,
                station,
                date_from=dt.date(2026, 10, 1),
                date_to=dt.date(2026, 12, 31),
                fmt=ExportFormat.PDF,
                path=path,
                actor="test",
            )
    return path, names


@pytest.mark.slow
def test_register_pdf_gives_back_every_name_to_pdftotext(named_pdf: tuple[Path, list[str]]) -> None:
    path, names = named_pdf
    text = pdf_text(path)
    found = Extracted(text)
    missing = [n for n in names if not findable(n, found)]
    assert missing == [], f"{len(missing)} of {len(names)} names not found, e.g. {missing[:5]}"
    assert not PRIVATE_USE.search(text)
    assert "ผู้มาขอรับบริการแบบอิเล็กทรอนิกส์" in text


@pytest.mark.slow
def test_register_pdf_gives_back_every_name_to_pypdf(named_pdf: tuple[Path, list[str]]) -> None:
    """pypdf takes 2–4 s a page of this register: it reads every fifteenth page, about 130 names.

    Every page draws its names with the same codes, so the sample stands for the whole file.
    """
    from pypdf import PdfReader

    path, names = named_pdf
    reader = PdfReader(path)
    pages = range(0, len(reader.pages), 10)
    text = "\n".join(reader.pages[i].extract_text() for i in pages)
    poppler = "\n".join(pdf_text(path, i + 1) for i in pages)
    on_pages = [n for n in names if findable(n, poppler)]
    assert len(on_pages) >= 100
    missing = [n for n in on_pages if not findable(n, text)]
    assert missing == [], f"{len(missing)} of {len(on_pages)} names not found, e.g. {missing[:5]}"
    assert not PRIVATE_USE.search(text)


@pytest.mark.slow
def test_register_pdf_gives_back_every_name_to_pdfminer(named_pdf: tuple[Path, list[str]]) -> None:
    """pdfminer reads the first eight pages (about 120 names; it takes under a second a page)."""
    from pdfminer.high_level import extract_text

    path, names = named_pdf
    text = extract_text(path, page_numbers=list(range(8)))
    poppler = Extracted(pdf_text_pages(path, 1, 8))
    on_pages = [n for n in names if findable(n, poppler)]
    assert len(on_pages) >= 100
    found = Extracted(text)
    missing = [n for n in on_pages if not findable(n, found)]
    assert missing == [], f"{len(missing)} of {len(on_pages)} names not found, e.g. {missing[:5]}"
    assert not PRIVATE_USE.search(text)


def pdf_text_pages(path: Path, first: int, last: int) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.slow
def test_register_pdf_embeds_every_font(named_pdf: tuple[Path, list[str]]) -> None:
    assert_fonts_embedded(named_pdf[0])


@pytest.mark.parametrize(
    "text",
    [
        "น้ำฝน ค้ำจุน ป้ำ กำนัน นำ ทำ",
        "ทั่วไป วันที่ ปิ่นแก้ว ปู่ ป่า ฟ้า จ๋า ต๊ะ",
        "ผู้ใหญ่บ้าน กิ่งแก้ว ฟื้นฟู ปั้น ฝั่ง ศักดิ์สิทธิ์ ฤๅษี",
        "จังหวัดนครศรีธรรมราช ๑๒๓ 1,234.50",
    ],
)
def test_shaped_text_round_trips_exactly(text: str, tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    canvas = PageCountCanvas(str(path))
    for size in (9, 14, 16):
        draw_text(canvas, text, style(f"t{size}", size=size), x=40, y=800 - size * 5, width=520)
    canvas.showPage()
    canvas.save()
    lines = [line for line in pdf_text(path).splitlines() if line.strip()]
    assert lines[:3] == [text] * 3
    assert [line for line in pypdf_text(path).splitlines() if line.strip()][:3] == [text] * 3
    assert_fonts_embedded(path)


def test_monthly_report_text_layer(register: Database, station: Station, tmp_path: Path) -> None:
    with register.read() as session:
        figures = monthly_figures(session, station, 2026, 11)
    path = write_monthly_report(figures, tmp_path / "r.pdf")
    for text in (pdf_text(path), pypdf_text(path)):
        assert not PRIVATE_USE.search(text)
        for row in figures.services:
            assert findable(thai_digits(row.name_th), text), row.name_th  # the report writes Thai digits
        for words in ("ผลการให้บริการ", "ปัญหา อุปสรรค และข้อเสนอแนะ", "ผู้รายงาน", "การสำรวจความพึงพอใจ"):
            assert words in text
    assert_fonts_embedded(path)
