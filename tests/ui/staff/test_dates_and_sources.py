"""The staff area's date fields in the Buddhist Era, and the supervisor's choice of the whole district's register."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import Context, exports, roster
from kiosk.db import Database
from kiosk.staff import StaffSession
from kiosk.station import Station
from tests.helpers import FakeClock, settle, tap, type_text, visitor
from tests.ui.staff.conftest import SUPERVISOR_PIN
from tests.ui.staff.test_staff_area import sign_in
from ui.staff.area import StaffArea

# Nothing listens on port 1: the hub is "configured" but refuses the connection at once.
UNREACHABLE = "postgresql+psycopg://report:secret@127.0.0.1:1/register"


@pytest.fixture
def district_url() -> str:
    return ""


@pytest.fixture
def desk(app: Context, district_url: str) -> Context:
    app.config = replace(app.config, district_url=district_url)
    return app


def retype(edit: Any, text: str) -> None:
    edit.lineEdit().selectAll()
    type_text(edit, text)
    edit.interpretText()


def test_export_page_shows_be_dates_and_gives_the_desk_ce_dates(
    qtbot: QtBot,
    area: StaffArea,
    officers: dict[str, StaffSession],
    desk: Context,
    db: Database,
    station: Station,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visitor(db, station, name="มาวันนี้")  # 24 November 2026
    clock.set(clock.moment - dt.timedelta(days=10))
    visitor(db, station, name="มาสิบวันก่อน")  # 14 November 2026
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["export"])
    page = area.export
    assert page.date_from.text() == "1 พ.ย. 2569" and page.date_to.text() == "24 พ.ย. 2569"
    retype(page.date_from, "20/11/2569")
    retype(page.date_to, "30 พ.ย. 2569")
    assert page.date_from.text() == "20 พ.ย. 2569"
    asked: list[dict[str, Any]] = []
    export = exports.export_register.fn

    def spy(app: Context, who: StaffSession, **kwargs: Any) -> Any:
        asked.append(kwargs)
        return export(app, who, **kwargs)

    monkeypatch.setattr(exports.export_register, "fn", spy)  # this station's register, not the district's
    tap(qtbot, page.format_buttons["csv"])
    tap(qtbot, page.export)
    settle(qtbot, area)
    qtbot.waitUntil(lambda: "ส่งออกแล้ว 1 รายการ" in page.result.text(), timeout=3000)
    (call,) = asked
    assert (call["date_from"], call["date_to"]) == (dt.date(2026, 11, 20), dt.date(2026, 11, 30))
    (path,) = (tmp_path / "exports").glob("*.csv")
    assert "20 พ.ย. 2569 - 30 พ.ย. 2569" in path.name
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert [row[2] for row in list(csv.reader(f))[1:]] == ["มาวันนี้"]


def test_roster_adds_a_duty_on_a_typed_be_day(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], desk: Context
) -> None:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["roster"])
    settle(qtbot, area)
    page = area.roster
    assert page.day.text() == "24 พ.ย. 2569"
    page.officer.setCurrentIndex(page.officer.findData(str(officers["officer"].id)))
    type_text(page.day, "๒๖/๑๑/๒๕๖๙")  # the field is selected whole when it takes the focus
    page.day.interpretText()
    assert page.day.text() == "26 พ.ย. 2569"
    tap(qtbot, page.add)
    settle(qtbot, area)
    view = roster.view(desk, dt.date(2026, 11, 24), dt.date(2026, 11, 30))
    assert [(d.day, d.officer_name) for d in view.duties] == [(dt.date(2026, 11, 26), officers["officer"].name)]


def test_district_source_is_disabled_without_a_district_url(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession]
) -> None:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    for name in ("export", "report"):
        tap(qtbot, area.tabs[name])
        settle(qtbot, area)
        source = getattr(area, name).source
        assert source.local.isChecked()
        assert not source.district.isEnabled() and source.hint.isVisible()
        tap(qtbot, source.district)
        assert source.local.isChecked() and not source.is_district()


@pytest.mark.parametrize("district_url", [UNREACHABLE])
def test_district_export_and_report_run_on_the_network_and_say_why_they_fail(
    qtbot: QtBot, area: StaffArea, officers: dict[str, StaffSession], tmp_path: Path
) -> None:
    sign_in(qtbot, area, officers["supervisor"], SUPERVISOR_PIN)
    tap(qtbot, area.tabs["export"])
    export = area.export
    assert export.source.district.isEnabled() and not export.source.hint.isVisible()
    tap(qtbot, export.source.district)
    tap(qtbot, export.format_buttons["csv"])
    tap(qtbot, export.export)
    assert export.progress.isVisible() and export.cancel.isVisible()
    qtbot.waitUntil(lambda: "refused" in export.result.toolTip(), timeout=5000)
    assert "เชื่อมต่อเครื่องแม่ข่ายของอำเภอไม่ได้" in export.result.text()
    assert "secret" not in export.result.text() + export.result.toolTip()
    assert "refused" not in export.result.text()  # staff read Thai; the detail is for a technician's mouse
    assert not export.progress.isVisible() and export.export.isEnabled()
    assert not list((tmp_path / "exports").glob("*"))

    tap(qtbot, area.tabs["report"])
    settle(qtbot, area)
    report = area.report
    tap(qtbot, report.source.district)  # the figures are read from the hub too
    qtbot.waitUntil(lambda: "refused" in report.summary.toolTip(), timeout=5000)
    tap(qtbot, report.write)
    qtbot.waitUntil(lambda: "refused" in report.result.toolTip(), timeout=5000)
    assert report.write.isEnabled() and not report.cancel.isVisible()
    assert not list((tmp_path / "exports").glob("*"))
