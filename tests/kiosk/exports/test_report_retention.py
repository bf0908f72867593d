"""Monthly report figures and PDF; retention purge keeps what the report counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.db import Database
from kiosk.models import AuditEvent, Visit
from kiosk.report import (
    ReportError,
    monthly_figures,
    parse_month,
    report_file_name,
    report_period,
    set_survey_figures,
    write_monthly_report,
)
from kiosk.retention import SCRUBBED, purge_if_due, purge_personal_data
from kiosk.station import Station
from tests.conftest import FakeClock
from tests.kiosk.exports.conftest import pdf_pages, pdf_text


def test_period_with_dopa_cutoff() -> None:
    p = report_period(2026, 11, cutoff_day=25)
    assert (p.first, p.last) == (dt.date(2026, 10, 26), dt.date(2026, 11, 25))
    p = report_period(2026, 1, cutoff_day=25)
    assert (p.first, p.last) == (dt.date(2025, 12, 26), dt.date(2026, 1, 25))
    p = report_period(2028, 2)
    assert (p.first, p.last) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert parse_month("2569-11") == (2026, 11)
    for bad in ("2026-13", "11/2026"):
        with pytest.raises(ReportError):
            parse_month(bad)
    with pytest.raises(ReportError):
        report_period(2026, 11, cutoff_day=31)


def test_monthly_figures(register: Database, station: Station) -> None:
    with register.write() as session:
        set_survey_figures(session, station, 2026, 11, responses=120, mean=9.173, actor="หัวหน้า")
        f = monthly_figures(session, station, 2026, 11, cutoff_day=25)
    assert f.total == 3
    assert sum(r.total for r in f.services) == 3 and len(f.services) == 22
    assert f.group_totals[1] == 1  # elderly
    assert f.results == {"none": 1, "success": 1, "failed": 0, "referred": 1}
    assert f.ratings == 2
    assert f.rating_mean == pytest.approx((9 + 8) / 2)  # 9/10 and 4/5 on a 0–10 scale
    assert f.rating_percent == pytest.approx(85.0)
    assert f.official is not None and f.official.percent == pytest.approx(91.73)


def test_monthly_report_pdf(register: Database, station: Station, tmp_path: Path) -> None:
    with register.write() as session:
        set_survey_figures(session, station, 2026, 11, responses=120, mean=9.173, actor="หัวหน้า")
        f = monthly_figures(session, station, 2026, 11)
    path = tmp_path / report_file_name(station.centre_name, 2026, 11)
    assert path.name == "รายงานผล e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf"
    write_monthly_report(f, path, digits="arabic")
    text = pdf_text(path)
    assert "91.73" in text and "85.00" in text and "e-Service" in text
    pages = pdf_pages(path)
    assert re.search(rf"1 / {pages}", text)


def test_cli_report_monthly(register: Database, db_path: Path, tmp_path: Path) -> None:
    home = str(db_path.parent)
    assert (
        main(["--home", home, "report", "survey-figures", "--month", "2026-11", "--responses", "5", "--mean", "9"]) == 0
    )
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--home", home, "report", "monthly", "--month", "2569-11", "--cutoff-day", "25", "-o", str(out)]) == 0
    (report,) = out.iterdir()
    assert report.name.startswith("รายงานผล e-Service") and report.name.endswith("พฤศจิกายน 2569.pdf")
    assert "๙๐.๐๐" in pdf_text(report)  # official figures, Thai digits by default


def test_purge_removes_personal_fields_keeps_counts(register: Database, station: Station, clock: FakeClock) -> None:
    with register.read() as session:
        before = monthly_figures(session, station, 2026, 11)
    clock.advance(days=31)
    with register.write() as session:
        dry = purge_personal_data(session, station, retention_days=30, dry_run=True)
    assert (dry.visits, dry.audit_events, dry.dry_run) == (3, 1, True)
    with register.read() as session:
        assert session.scalar(select(Visit.full_name).where(Visit.full_name.is_not(None))) is not None
    with register.write() as session:
        result = purge_personal_data(session, station, retention_days=30, actor="หัวหน้า")
    assert (result.visits, result.audit_events) == (3, 1)
    with register.read() as session:
        visits = session.scalars(select(Visit)).all()
        for v in visits:
            assert (v.full_name, v.national_id, v.id_suffix, v.phone, v.note) == (None, None, None, None, "")
            assert v.purged_at == station.now() and v.version >= 2
        after = monthly_figures(session, station, 2026, 11)
        events = session.scalars(select(AuditEvent).where(AuditEvent.action.in_(["correct", "purge"]))).all()
    assert after == before
    correct = next(e for e in events if e.action == "correct")
    assert json.loads(correct.details)["phone"] == {"from": SCRUBBED, "to": SCRUBBED}
    assert "0898765432" not in correct.details and "0812345678" not in correct.details
    assert any(e.action == "purge" and e.actor == "หัวหน้า" for e in events)
    with register.write() as session:  # idempotent
        again = purge_personal_data(session, station, retention_days=30)
    assert again.visits == 0


def test_purge_keeps_recent_visits_and_runs_once_a_day(register: Database, station: Station, clock: FakeClock) -> None:
    clock.advance(days=10)
    with register.write() as session:
        first = purge_if_due(session, station, retention_days=30)
        second = purge_if_due(session, station, retention_days=30)
    assert first is not None and first.visits == 0 and second is None
    with register.read() as session:
        assert session.scalar(select(Visit.full_name).where(Visit.full_name == "นางปิ่นทอง ใจดี")) is not None


def test_cli_purge(register: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = db_path.parent
    (home / "kiosk.toml").write_text("[privacy]\nretention_days = 36500\n", encoding="utf-8")
    assert main(["--home", str(home), "purge", "--dry-run"]) == 0
    assert "would remove personal data of 0 visit(s)" in capsys.readouterr().out
    assert main(["--home", str(home), "purge"]) == 0
    assert "removed personal data of 0 visit(s)" in capsys.readouterr().out
    with register.read() as session:
        assert session.scalar(select(Visit.full_name).where(Visit.full_name == "นางปิ่นทอง ใจดี")) is not None
