"""The fiscal-year report from the staff area's report page."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.fiscal import current_fiscal_year
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import settle, tap, visitor
from tests.kiosk.exports.conftest import pdf_text
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.area import StaffArea


def test_supervisor_writes_the_fiscal_year_as_pdf_and_xlsx(
    qtbot: QtBot,
    area: StaffArea,
    db: Database,
    station: Station,
    officers: dict[str, StaffSession],
    tmp_path: Path,
) -> None:
    visitor(db, station)
    visitor(db, station)
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["report"])
    settle(qtbot, area)
    page = area.report
    year = current_fiscal_year(station.today())
    assert page.fiscal_year.currentData() == year
    assert page.fiscal_year.count() == 3

    tap(qtbot, page.write_fiscal_pdf)
    qtbot.waitUntil(lambda: "สร้างรายงานแล้ว" in page.fiscal_result.text(), timeout=10000)
    tap(qtbot, page.write_fiscal_xlsx)
    qtbot.waitUntil(lambda: page.fiscal_result.text().endswith(".xlsx"), timeout=10000)
    files = sorted((tmp_path / "exports").iterdir())
    assert [f.suffix for f in files] == [".pdf", ".xlsx"]
    assert all(f.name.endswith(f"ปีงบประมาณ {year}{f.suffix}") for f in files)
    assert "ผู้มาขอรับบริการทั้งปี ๒ ราย" in pdf_text(files[0])
    assert page.write_fiscal_pdf.isEnabled() and page.write_fiscal_xlsx.isEnabled()
