"""District reports read from the hub: two stations synced into a real PostgreSQL hub, then exported and counted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kiosk.cli import main
from kiosk.db import Database
from kiosk.district import Credentials, DistrictError, init_hub, reading_district
from kiosk.exports import DISTRICT_COLUMNS, DistrictRegister, export_register, record_export
from kiosk.models import AuditEvent, IdMethod, Officer, Role, Service, VisitResult
from kiosk.register import (
    VisitorDetails,
    mark_survey_printed,
    record_outcome,
    record_rating,
    register_visit,
)
from kiosk.report import MonthlyFigures, district_monthly_figures, monthly_figures, set_survey_figures
from kiosk.station import Station
from kiosk.sync import SyncError, sync_to_district
from kiosk.validation import VisitorGroup
from tests.conftest import BANGKOK, FakeClock, new_register
from tests.pg import PgServer, free_port

pytestmark = pytest.mark.postgres

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
FULL_ID = "1101700230708"
ZERO_ID = "0123456789121"


@dataclass(frozen=True)
class District:
    """A hub with two stations' registers synced into it."""

    server: PgServer
    admin_url: str
    stations: dict[str, Credentials]
    report: Credentials

    def url(self, cred: Credentials, *, password: str | None = None) -> str:
        return self.server.url(cred.database, user=cred.role, password=password or cred.password)

    @property
    def report_url(self) -> str:
        return self.url(self.report)


@pytest.fixture
def station2(clock: FakeClock) -> Station:
    return Station(
        id="KIOSK-02",
        zone=BANGKOK,
        centre_name="จุดบริการตำบลธาตุเชิงชุม",
        district="เมืองสกลนคร",
        province="สกลนคร",
        clock=clock,
    )


@pytest.fixture
def db2(tmp_path: Path) -> Iterator[Database]:
    with new_register(tmp_path / "kiosk2.sqlite3") as database:
        yield database


def _officer(db: Database, name: str) -> uuid.UUID:
    with db.write() as session:
        officer = Officer(id=uuid.uuid4(), name=name, role=Role.OFFICER)
        session.add(officer)
        return officer.id


def _codes(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Service.code).order_by(Service.display_order)))


def _fill_station_1(db: Database, station: Station, clock: FakeClock) -> None:
    officer = _officer(db, "นายปิ่น ศักดิ์สิทธิ์")
    codes = _codes(db)
    with db.write() as session:
        a = register_visit(
            session,
            station,
            service_code=codes[0],
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="นางปิ่นทอง ใจดี", national_id=FULL_ID),
        )
        clock.advance(minutes=7)
        b = register_visit(
            session,
            station,
            service_code=codes[4],
            group=VisitorGroup.GENERAL,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="นายสมชาย ศรีสุข", national_id=ZERO_ID),
        )
        clock.advance(minutes=5)
        register_visit(session, station, service_code=codes[6], group=VisitorGroup.CLERGY, id_method=IdMethod.OFFICER)
        record_outcome(session, station, a.visit.id, result=VisitResult.SUCCESS, officer_id=officer)
        mark_survey_printed(session, station, a.visit.id)
        record_rating(session, station, a.visit.id, score=9)
        record_outcome(session, station, b.visit.id, result=VisitResult.REFERRED, officer_id=officer, reason="ติดต่อที่ดิน")
        record_rating(session, station, b.visit.id, score=4, scale_max=5)


def _fill_station_2(db: Database, station: Station, clock: FakeClock) -> None:
    officer = _officer(db, "นางสาวกัลยา ทองดี")
    codes = _codes(db)
    with db.write() as session:
        clock.advance(minutes=2)
        c = register_visit(
            session,
            station,
            service_code=codes[0],
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="นายทองคำ มั่นคง"),
        )
        clock.advance(minutes=3)
        d = register_visit(
            session, station, service_code=codes[10], group=VisitorGroup.DISABLED, id_method=IdMethod.OFFICER
        )
        record_outcome(session, station, c.visit.id, result=VisitResult.SUCCESS, officer_id=officer)
        mark_survey_printed(session, station, c.visit.id)
        record_rating(session, station, c.visit.id, score=6)
        record_outcome(session, station, d.visit.id, result=VisitResult.FAILED, officer_id=officer, reason="ระบบขัดข้อง")
        mark_survey_printed(session, station, d.visit.id)
    # A visit of October, outside November's report and export.
    moment = clock.moment
    clock.set(dt.datetime(2026, 10, 20, 9, 0, tzinfo=BANGKOK).astimezone(dt.UTC))
    with db.write() as session:
        register_visit(session, station, service_code=codes[0], group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER)
    clock.set(moment)


@pytest.fixture
def district(
    pg_server: PgServer,
    pg_database: str,
    db: Database,
    db2: Database,
    station: Station,
    station2: Station,
    clock: FakeClock,
) -> District:
    """KIOSK-01 (3 visits in November) and KIOSK-02 (2 in November, 1 in October), both synced."""
    result = init_hub(pg_database, stations=["KIOSK-01", "KIOSK-02"], reporting=True)
    creds = {c.station_id: c for c in result.credentials if c.station_id}
    (report,) = [c for c in result.credentials if not c.station_id]
    hub = District(server=pg_server, admin_url=pg_database, stations=creds, report=report)
    _fill_station_1(db, station, clock)
    _fill_station_2(db2, station2, clock)
    assert sync_to_district(db, station, hub.url(creds["KIOSK-01"])).sent == 3
    assert sync_to_district(db2, station2, hub.url(creds["KIOSK-02"])).sent == 3
    return hub


def _export(district: District, db: Database, station: Station, path: Path, fmt: str, *, full_id: bool = False) -> int:
    with reading_district(district.report_url, whole_district=True) as hub, db.write() as session:
        result = export_register(
            session,
            station,
            date_from=NOV[0],
            date_to=NOV[1],
            fmt=fmt,
            path=path,
            actor="ปลัดอำเภอ",
            full_id=full_id,
            source=DistrictRegister(hub, station.zone),
        )
        record_export(session, station, result)
    return result.rows


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# Exports ------------------------------------------------------------------------------------


def test_district_csv_merges_both_stations_with_a_station_column(
    district: District, db: Database, station: Station, tmp_path: Path
) -> None:
    path = tmp_path / "district.csv"
    assert _export(district, db, station, path, "csv") == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(header) == DISTRICT_COLUMNS and header[1] == "สถานี"
    lines = [dict(zip(DISTRICT_COLUMNS, row, strict=True)) for row in rows]
    assert [line["ลำดับ"] for line in lines] == ["1", "2", "3", "4", "5"]
    # in order of arrival across the district: 10:00, 10:07, 10:12 at KIOSK-01, 10:14, 10:17 at KIOSK-02
    assert [line["สถานี"] for line in lines] == ["KIOSK-01", "KIOSK-01", "KIOSK-01", "KIOSK-02", "KIOSK-02"]
    assert [line["วันที่ (พ.ศ.) เวลา"] for line in lines][::2] == [
        "24 พ.ย. 2569 10:00 น.",
        "24 พ.ย. 2569 10:12 น.",
        "24 พ.ย. 2569 10:17 น.",
    ]
    assert lines[0]["เลขประจำตัวประชาชน"] == "1-xxxx-xxxxx-x0-8"
    assert lines[1]["เลขประจำตัวประชาชน"] == "0-xxxx-xxxxx-x2-1"
    assert lines[3]["ชื่อ–สกุล"] == "นายทองคำ มั่นคง"
    assert lines[3]["เจ้าหน้าที่ผู้ให้บริการ"] == "นางสาวกัลยา ทองดี"
    assert lines[4]["ผลการให้บริการ"] == "ไม่สำเร็จ – ระบบขัดข้อง"
    assert lines[4]["กลุ่มผู้รับบริการ"] == "ผู้พิการ"
    assert FULL_ID not in raw.decode("utf-8-sig")


def test_district_xlsx_has_the_station_column_and_typed_dates(
    district: District, db: Database, station: Station, tmp_path: Path
) -> None:
    path = tmp_path / "district.xlsx"
    assert _export(district, db, station, path, "xlsx") == 5
    ws = load_workbook(path).active
    assert ws is not None
    assert "ทุกจุดบริการในอำเภอเมืองสกลนคร จังหวัดสกลนคร (2 จุดบริการ)" in ws["A1"].value
    assert tuple(c.value for c in ws[2]) == DISTRICT_COLUMNS
    assert ws.freeze_panes == "A3"
    assert [ws.cell(row=r, column=2).value for r in range(3, 8)] == ["KIOSK-01"] * 3 + ["KIOSK-02"] * 2
    assert ws.cell(row=3, column=3).value == dt.datetime(2026, 11, 24, 10, 0)
    assert ws.cell(row=4, column=5).value == "0-xxxx-xxxxx-x2-1"
    assert ws.auto_filter.ref == "A2:M7"


def test_full_id_district_export_reads_the_hub_and_is_audited_here(
    district: District, db: Database, station: Station, tmp_path: Path
) -> None:
    path = tmp_path / "full.csv"
    _export(district, db, station, path, "csv", full_id=True)
    text = path.read_text(encoding="utf-8-sig")
    assert "1-1017-00230-70-8" in text and "0-1234-56789-12-1" in text  # the hub keeps the full IDs
    with db.read() as session:
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.entity == "register"))
    assert event.action == "export_full_id" and event.actor == "ปลัดอำเภอ"
    details = json.loads(event.details)
    assert details["source"] == f"district 127.0.0.1:{district.server.port}/{district.report.database}"
    assert details["stations"] == 2 and details["rows"] == 5
    assert district.report.password not in event.details and FULL_ID not in event.details


def test_cli_district_pdf_names_both_stations(
    district: District, db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = _home(db_path)
    out = tmp_path / "out"
    out.mkdir()
    code = main(
        [
            "--home",
            str(home),
            "register",
            "export",
            "--from",
            "2569-11-01",
            "--to",
            "2569-11-30",
            "--format",
            "pdf",
            "-o",
            str(out),
            "--source",
            "district",
            "--url",
            district.report_url,
            "-q",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    (pdf,) = out.iterdir()
    assert pdf.name == "ทะเบียน e-Service ทุกจุดบริการในอำเภอเมืองสกลนคร 1 พ.ย. 2569 - 30 พ.ย. 2569.pdf"
    assert "5 visit(s) from 2 station(s) of the district hub 127.0.0.1:" in captured.out
    assert district.report.password not in captured.out + captured.err
    text = _pdf_text(pdf)
    assert text.count("KIOSK-01") == 3 and text.count("KIOSK-02") == 2
    assert "1-xxxx-xxxxx-x0-8" in text and "e-Service" in text


# Monthly report -----------------------------------------------------------------------------


def _by_code(f: MonthlyFigures) -> dict[str, tuple[int, ...]]:
    return {r.code: r.by_group for r in f.services if r.total}


def test_district_monthly_figures_are_the_sum_of_both_stations(
    district: District, db: Database, db2: Database, station: Station, station2: Station
) -> None:
    with db.read() as session:
        one = monthly_figures(session, station, 2026, 11)
    with db2.read() as session:
        two = monthly_figures(session, station2, 2026, 11)
    with reading_district(district.report_url, whole_district=True) as hub:
        both = district_monthly_figures(hub, 2026, 11, district="เมืองสกลนคร", province="สกลนคร")

    assert (one.total, two.total, both.total) == (3, 2, 5)
    assert both.group_totals == tuple(a + b for a, b in zip(one.group_totals, two.group_totals, strict=True))
    expected: dict[str, tuple[int, ...]] = {}
    for f in (one, two):
        for code, by_group in _by_code(f).items():
            before = expected.get(code, (0,) * len(by_group))
            expected[code] = tuple(a + b for a, b in zip(before, by_group, strict=True))
    assert _by_code(both) == expected and len(expected) == 4  # the first service served at both stations
    assert both.results == {k: one.results[k] + two.results[k] for k in one.results}
    assert both.survey_slips_printed == one.survey_slips_printed + two.survey_slips_printed == 3
    assert both.survey_answered == one.survey_answered + two.survey_answered
    assert both.ratings == one.ratings + two.ratings == 3
    assert one.rating_mean is not None and two.rating_mean is not None
    assert both.rating_mean == pytest.approx((one.rating_mean * one.ratings + two.rating_mean * two.ratings) / 3)
    assert both.rating_mean == pytest.approx((9 + 8 + 6) / 3)  # 4 of 5 counts as 8 of 10
    # the same service rows, in the catalogue's order, as a station's own report
    assert [r.code for r in both.services] == [r.code for r in one.services]
    assert both.centre == "ทุกจุดบริการในอำเภอเมืองสกลนคร"
    assert both.stations is not None
    lines = {s.station_id: s for s in both.stations}
    assert (lines["KIOSK-01"].total, lines["KIOSK-02"].total) == (3, 2)
    assert (lines["KIOSK-01"].success, lines["KIOSK-02"].success) == (1, 1)
    assert (lines["KIOSK-01"].survey_slips_printed, lines["KIOSK-02"].survey_slips_printed) == (1, 2)
    assert lines["KIOSK-02"].rating_mean == pytest.approx(6.0)
    assert both.official is None


def test_cli_district_monthly_report(
    district: District,
    db: Database,
    db_path: Path,
    station: Station,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.write() as session:
        set_survey_figures(session, station, 2026, 11, responses=40, mean=9.25, actor="ปลัดอำเภอ")
    home = _home(db_path)
    monkeypatch.setenv("KIOSK_DISTRICT_URL", district.report_url)
    out = tmp_path / "out"
    out.mkdir()
    args = ["--home", str(home), "report", "monthly", "--month", "2026-11", "-o", str(out)]
    assert main([*args, "--source", "district"]) == 0
    captured = capsys.readouterr()
    assert "5 visit(s) at 2 station(s) of the district hub" in captured.out
    assert district.report.password not in captured.out + captured.err
    (pdf,) = out.iterdir()
    assert pdf.name == "รายงานผล e-Service ทุกจุดบริการในอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf"
    text = _pdf_text(pdf)
    assert "KIOSK-01" in text and "KIOSK-02" in text  # identifiers keep their digits among Thai ones
    assert "๙๒.๕๐" in text  # the official survey's figures, from this machine's register
    # the quick ratings: (9 + 8 + 6) / 3 on 0–10, shown as 7.67, and the percentage of the mean shown
    assert "๗.๖๗" in text and "๗๖.๗๐" in text

    assert main(args) == 0  # the station's own report beside it
    local = next(p for p in out.iterdir() if p != pdf)
    assert "KIOSK-02" not in _pdf_text(local)


def test_district_fiscal_year_ranks_the_stations(
    district: District,
    db: Database,
    db_path: Path,
    station: Station,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.fiscal import district_fiscal_year_figures

    # November 2569 BE is in ปีงบประมาณ 2570 (October 2569 to September 2570)
    with reading_district(district.report_url, whole_district=True) as hub:
        year = district_fiscal_year_figures(hub, 2570, district="เมืองสกลนคร", province="สกลนคร")
    assert [(m.users, m.cumulative) for m in year.months[:3]] == [(1, 1), (5, 6), (0, 6)]
    assert year.users == 6 and year.ratings == 3
    assert year.rating_mean == pytest.approx((9 + 8 + 6) / 3)
    assert year.stations is not None
    # 3 visitors each; KIOSK-01's ratings are higher (8.5 against 6)
    assert [(s.rank, s.station_id, s.users) for s in year.stations] == [(1, "KIOSK-01", 3), (2, "KIOSK-02", 3)]
    assert year.stations[0].rating_mean == pytest.approx(8.5)

    home = _home(db_path)
    monkeypatch.setenv("KIOSK_DISTRICT_URL", district.report_url)
    out = tmp_path / "fy"
    out.mkdir()
    args = ["--home", str(home), "report", "fiscal-year", "--year", "2570", "--cutoff-day", "0", "-o", str(out)]
    assert main([*args, "--source", "district"]) == 0
    assert "6 visit(s) at 2 station(s)" in capsys.readouterr().out
    (pdf,) = out.iterdir()
    assert pdf.name == "รายงานผล e-Service ทุกจุดบริการในอำเภอเมืองสกลนคร ปีงบประมาณ 2570.pdf"
    text = _pdf_text(pdf)
    assert "อันดับจุดบริการในอำเภอ (๒ จุด)" in text
    assert text.index("KIOSK-01") < text.index("KIOSK-02")


def _home(db_path: Path) -> Path:
    home = db_path.parent
    (home / "kiosk.toml").write_text(
        '[station]\nid = "KIOSK-01"\ncentre_name = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"\n'
        'district = "เมืองสกลนคร"\nprovince = "สกลนคร"\n',
        encoding="utf-8",
    )
    return home


# Refusals -----------------------------------------------------------------------------------


def _run(home: Path, tmp_path: Path, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "refused"
    out.mkdir(exist_ok=True)
    args = ["--home", str(home), "register", "export", "--from", "2026-11-01", "--to", "2026-11-30"]
    return main([*args, "--format", "csv", "-o", str(out), "-q", *extra]), out


def test_district_source_needs_a_url(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_DISTRICT_URL", raising=False)
    home = _home(db_path)
    code, out = _run(home, tmp_path, "--source", "district")
    err = capsys.readouterr().err
    assert code == 2
    assert "--source district reads the district hub" in err and "$KIOSK_DISTRICT_URL" in err
    assert "cannot read other stations" in err
    code, _ = _run(home, tmp_path, "--url", "postgresql://x@127.0.0.1/hub")
    assert code == 2 and "--source district only" in capsys.readouterr().err
    report = ["--home", str(home), "report", "monthly", "--month", "2026-11", "-o", str(out), "--source", "district"]
    assert main(report) == 2 and "$KIOSK_DISTRICT_URL" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_unreachable_or_wrong_hub_is_a_precise_error_without_the_password(
    district: District, db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = _home(db_path)
    secret = district.report.password
    refused = district.server.url(district.report.database, user=district.report.role, password=secret)
    refused = refused.replace(f":{district.server.port}/", f":{free_port()}/")
    code, out = _run(home, tmp_path, "--source", "district", "--url", refused)
    err = capsys.readouterr().err
    assert code == 1
    assert "cannot read the district hub" in err and "refused the connection" in err and secret not in err

    wrong = district.url(district.report, password="not-the-password")
    code, _ = _run(home, tmp_path, "--source", "district", "--url", wrong)
    err = capsys.readouterr().err
    assert code == 1 and "wrong password" in err and "not-the-password" not in err

    code, _ = _run(home, tmp_path, "--source", "district", "--url", f"sqlite:///{tmp_path / 'x.db'}")
    err = capsys.readouterr().err
    assert code == 1 and "must be PostgreSQL" in err

    report = ["--home", str(home), "report", "monthly", "--month", "2026-11", "-o", str(out)]
    assert main([*report, "--source", "district", "--url", refused]) == 1
    err = capsys.readouterr().err
    assert "refused the connection" in err and secret not in err
    assert list(out.iterdir()) == []
    with db.read() as session:  # nothing was exported, so nothing was audited
        assert session.scalars(select(AuditEvent).where(AuditEvent.entity == "register")).first() is None


def test_a_station_role_cannot_stand_for_the_district(
    district: District, db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = district.url(district.stations["KIOSK-01"])
    with pytest.raises(DistrictError, match="reads only its own visits"), reading_district(own, whole_district=True):
        pass
    code, out = _run(_home(db_path), tmp_path, "--source", "district", "--url", own)
    err = capsys.readouterr().err
    assert code == 2 and "station 'KIOSK-01'" in err and "reporting role" in err
    assert district.stations["KIOSK-01"].password not in err
    assert list(out.iterdir()) == []
    # Read as such (not for the district), the role still sees its own rows only.
    with reading_district(own) as hub:
        assert {v.record.station_id for v in hub.visits(*NOV)} == {"KIOSK-01"}
    for bad in ("postgresql://u:s3cret@127.0.0.1:port/hub", "mysql://u:s3cret@127.0.0.1/hub"):
        with pytest.raises(SyncError) as failure, reading_district(bad):
            pass
        assert failure.value.code == "bad_url" and "s3cret" not in failure.value.en
