"""The application layer's staff operations: the officer's day, corrections, closing the day, slips, exports."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk import staff
from kiosk.app import Context, Job, catalogue, exports, officers, queue, records, reports, roster, slips, sync
from kiosk.app.queue import calling_order
from kiosk.app.records import totals
from kiosk.config import with_changes
from kiosk.db import Database
from kiosk.exports import ExportCancelled
from kiosk.models import IdMethod, Lane, Role, VisitResult, VisitStatus
from kiosk.printing import PaperOut
from kiosk.register import RegisterError, VisitorDetails
from kiosk.staff import StaffError, StaffSession, create_officer, fast_hasher
from kiosk.station import Station
from kiosk.validation import ValidationError, VisitorGroup
from tests.conftest import context_for
from tests.helpers import FakeClock, FakePrinter, visitor

PIN = "2468"


def add_officer(db: Database, station: Station, name: str, role: Role = Role.OFFICER) -> StaffSession:
    with db.write() as session:
        info = create_officer(session, station, name=name, role=role, pin=PIN, actor="test", hasher=fast_hasher())
    return StaffSession(info.id, info.name, info.role)


@pytest.fixture
def desk(app: Context) -> Context:
    return app


@pytest.fixture
def officer(db: Database, station: Station) -> StaffSession:
    return add_officer(db, station, "นายปิ่น ศักดิ์สิทธิ์")


def test_queue_lists_waiting_in_calling_order_and_call_next_follows_it(
    desk: Context, db: Database, station: Station, clock: FakeClock, officer: StaffSession
) -> None:
    first = visitor(db, station)
    clock.advance(minutes=1)
    elderly = visitor(db, station, VisitorGroup.ELDERLY)
    clock.advance(minutes=1)
    third = visitor(db, station)
    view = queue.view(desk)
    assert [v.id for v in view.waiting] == [elderly, first, third]
    assert [v.lane for v in view.waiting] == [Lane.PRIORITY, Lane.NORMAL, Lane.NORMAL]
    called = [queue.call_next(desk, officer) for _ in range(3)]
    assert [c.id for c in called if c] == [elderly, first, third]
    assert queue.call_next(desk, officer) is None
    view = queue.view(desk)
    assert not view.waiting
    assert len(view.called) == 3
    assert {c.officer_name for c in view.called} == {officer.name}


def test_start_finish_records_the_outcome_and_the_officer(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station)
    queue.call_next(desk, officer)
    assert queue.start(desk, officer, vid).status is VisitStatus.SERVING
    assert [v.id for v in queue.view(desk).serving] == [vid]
    with pytest.raises(ValidationError) as caught:
        queue.finish(desk, officer, vid, result=VisitResult.REFERRED)
    assert caught.value.codes == ["reason.required"]
    assert queue.view(desk).serving[0].id == vid  # nothing changed
    done = queue.finish(desk, officer, vid, result=VisitResult.REFERRED, reason="ส่งต่อสำนักงานที่ดิน", note="นัดวันจันทร์")
    assert (done.status, done.result, done.result_reason, done.note) == (
        VisitStatus.DONE,
        VisitResult.REFERRED,
        "ส่งต่อสำนักงานที่ดิน",
        "นัดวันจันทร์",
    )
    assert queue.view(desk).done[0].officer_name == officer.name


def test_recall_and_no_show(desk: Context, db: Database, station: Station, officer: StaffSession) -> None:
    vid = visitor(db, station)
    queue.call_next(desk, officer)
    assert queue.no_show(desk, vid).status is VisitStatus.NO_SHOW
    assert queue.recall(desk, vid).status is VisitStatus.CALLED
    with pytest.raises(RegisterError):
        queue.start(desk, officer, uuid.uuid4())


def test_complete_registration_left_to_the_officer_is_audited(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station, method=IdMethod.OFFICER, name=None)
    assert [v.id for v in queue.view(desk).to_complete] == [vid]
    with pytest.raises(ValidationError):
        queue.complete(desk, officer, vid, VisitorDetails(full_name="ส", national_id="1234567890123"))
    done = queue.complete(desk, officer, vid, VisitorDetails(full_name="มาลี บุญมา", national_id="1101700203727"))
    assert done.full_name == "มาลี บุญมา"
    assert done.national_id_masked.endswith("2-7")
    assert not queue.view(desk).to_complete
    detail = records.visit(desk, vid)
    assert [t.actor for t in detail.trail] == [officer.name]
    assert detail.trail[0].changes["national_id"]["to"] == done.national_id_masked  # masked in the trail


def test_correction_returns_the_trail_with_the_change(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station)
    detail = records.correct(desk, officer, vid, {"full_name": "สมชาย ใจงาม", "group": "elderly"})
    assert detail.visit.full_name == "สมชาย ใจงาม"
    assert detail.visit.group is VisitorGroup.ELDERLY
    (event,) = detail.trail
    assert event.action == "correct"
    assert event.changes["full_name"] == {"from": "สมชาย ใจดี", "to": "สมชาย ใจงาม"}


def test_close_day_refuses_while_serving_then_marks_no_shows(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    served = visitor(db, station)
    waiting = visitor(db, station)
    queue.start(desk, officer, served)
    with pytest.raises(RegisterError) as caught:
        records.close_day(desk, officer)
    assert caught.value.code == "day.serving"
    assert records.day_review(desk).closed is None
    queue.finish(desk, officer, served, result=VisitResult.SUCCESS)
    closure = records.close_day(desk, officer)
    assert (closure.visits, closure.marked_no_show, closure.actor) == (2, 1, officer.name)
    review = records.day_review(desk)
    assert review.closed == closure
    assert {v.id: v.status for v in review.visits}[waiting] is VisitStatus.NO_SHOW


def test_totals_count_by_service_group_and_outcome(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    a = visitor(db, station)
    visitor(db, station, VisitorGroup.ELDERLY)
    queue.finish(desk, officer, a, result=VisitResult.SUCCESS)
    t = totals(records.day_review(desk).visits)
    assert t.total == 2
    assert t.by_group == ((VisitorGroup.GENERAL, 1), (VisitorGroup.ELDERLY, 1))
    assert t.by_outcome == (("success", 1), ("open", 1))
    name = {s.code: s.name_th for s in catalogue.services(desk)}["nhso-rights"]
    assert t.by_service == ((name, 2),)
    assert calling_order([]) == []


def test_survey_slip_prints_or_goes_to_the_reprint_queue(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station)
    queue.finish(desk, officer, vid, result=VisitResult.SUCCESS)
    broken = FakePrinter(fail=PaperOut("no paper"))
    result = slips.print_survey(replace(desk, printer=broken), vid)
    assert (result.printed, result.code) == (False, "printer.paper_out")
    (pending,) = slips.pending(desk)
    assert pending.kind.value == "survey"
    printer = FakePrinter()
    assert slips.reprint(replace(desk, printer=printer), pending.id).printed
    assert [s.label for s in printer.surveys] == [queue.view(desk).done[0].ticket]
    assert slips.pending(desk) == []
    assert queue.view(desk).done[0].survey_slip_printed


def test_no_printer_queues_the_slip_and_dismiss_takes_it_out(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    vid = visitor(db, station)
    queue.finish(desk, officer, vid, result=VisitResult.SUCCESS)
    assert slips.print_survey(replace(desk, printer=None), vid).code == "printer.not_found"
    (pending,) = slips.pending(desk)
    slips.dismiss(desk, officer, pending.id)
    assert slips.pending(desk) == []


def test_survey_slip_can_be_switched_off(desk: Context, db: Database, station: Station, officer: StaffSession) -> None:
    desk = replace(desk, config=with_changes(desk.config, printer={"print_survey_slip": False}))
    vid = visitor(db, station)
    printer = FakePrinter()
    assert slips.print_survey(replace(desk, printer=printer), vid).skipped
    assert printer.surveys == []


def test_catalogue_toggle_is_for_supervisors(desk: Context, db: Database, officer: StaffSession) -> None:
    boss = add_officer(db, desk.station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    with pytest.raises(StaffError):
        catalogue.set_active(desk, officer, "nhso-rights", False)
    entry = catalogue.set_active(desk, boss, "nhso-rights", False, message_th="ระบบปิดปรับปรุง")
    assert not entry.active
    assert {s.code: s.active for s in catalogue.services(desk)}["nhso-rights"] is False


def test_export_reports_progress_and_full_id_needs_a_supervisor(
    desk: Context, db: Database, station: Station, officer: StaffSession, tmp_path: Path
) -> None:
    for _ in range(3):
        visitor(db, station)
    seen: list[float] = []
    day = station.today()
    result = exports.export_register(
        desk, officer, date_from=day, date_to=day, fmt="csv", path=tmp_path / "r.csv", job=Job(seen.append)
    )
    assert result.rows == 3
    assert seen[0] == 0.0 and seen[-1] == 1.0
    with pytest.raises(StaffError):
        exports.export_register(
            desk, officer, date_from=day, date_to=day, fmt="csv", path=tmp_path / "f.csv", full_id=True
        )
    cancel = Job()
    cancel.cancel()
    with pytest.raises(ExportCancelled):
        exports.export_register(
            desk, officer, date_from=day, date_to=day, fmt="csv", path=tmp_path / "c.csv", job=cancel
        )
    assert not (tmp_path / "c.csv").exists()


def test_sync_now_without_a_hub_says_so(desk: Context) -> None:
    from kiosk.sync import SyncError

    with pytest.raises(SyncError) as caught:
        sync.sync_now(desk)
    assert caught.value.code == "sync.not_configured"
    assert sync.status(desk).pending == 0


def test_day_review_of_another_day(desk: Context, db: Database, station: Station, clock: FakeClock) -> None:
    visitor(db, station)
    clock.advance(days=1)
    assert records.day_review(desk).visits == ()
    assert len(records.day_review(desk, station.today() - dt.timedelta(days=1)).visits) == 1


def test_sign_in_lists_officers_with_a_pin_and_locks_out_after_five_wrong_pins(
    desk: Context, officer: StaffSession, clock: FakeClock
) -> None:
    assert [o.name for o in officers.who_can_sign_in(desk)] == [officer.name]
    assert officers.sign_in(desk, officer.id, PIN) == officer
    for _ in range(4):
        with pytest.raises(StaffError) as caught:
            officers.sign_in(desk, officer.id, "1357")
        assert caught.value.code == "signin.pin"
    with pytest.raises(StaffError) as caught:
        officers.sign_in(desk, officer.id, "1357")
    assert caught.value.code == "signin.locked"
    assert caught.value.locked_until == clock() + dt.timedelta(minutes=5)
    with pytest.raises(StaffError):
        officers.sign_in(desk, officer.id, PIN)  # even the right PIN waits
    boss = add_officer(desk.db, desk.station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    with pytest.raises(StaffError):
        officers.unlock(desk, officer, officer.id)
    assert officers.unlock(desk, boss, officer.id).locked_until is None
    assert officers.sign_in(desk, officer.id, PIN).name == officer.name


def test_roster_for_supervisors_puts_duty_officers_first(
    desk: Context, db: Database, station: Station, officer: StaffSession
) -> None:
    boss = add_officer(db, station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    today = station.today()
    with pytest.raises(StaffError):
        roster.add_shift(desk, officer, officer_id=officer.id, day=today)
    line = roster.add_shift(desk, boss, officer_id=officer.id, day=today, repeat_weekly=True, order_ref="ที่ 12/2569")
    view = roster.view(desk, today, today + dt.timedelta(days=13))
    assert [(d.day, d.officer_name) for d in view.duties] == [
        (today, officer.name),
        (today + dt.timedelta(days=7), officer.name),
    ]
    assert [o.name for o in officers.who_can_sign_in(desk)] == [officer.name, boss.name]  # on duty today first
    roster.end_weekly_shift(desk, boss, line.id, today)
    assert len(roster.view(desk, today, today + dt.timedelta(days=13)).duties) == 1
    roster.remove_shift(desk, boss, line.id)
    assert roster.view(desk, today, today).duties == ()


def test_monthly_report_is_written_under_the_province_name_and_audited(
    desk: Context, db: Database, station: Station, officer: StaffSession, tmp_path: Path
) -> None:
    boss = add_officer(db, station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    vid = visitor(db, station)
    queue.finish(desk, officer, vid, result=VisitResult.SUCCESS)
    day = station.today()
    reports.set_survey_figures(desk, boss, day.year, day.month, responses=12, mean=9.17)
    with pytest.raises(StaffError):
        reports.monthly_report(desk, officer, day.year, day.month, folder=tmp_path)
    path = reports.monthly_report(desk, boss, day.year, day.month, folder=tmp_path).path
    assert path.parent == tmp_path and path.suffix == ".pdf" and path.stat().st_size > 1000
    assert "พฤศจิกายน 2569" in path.name
    figures = reports.monthly_figures(desk, day.year, day.month)
    assert figures.total == 1 and figures.official is not None and figures.official.responses == 12


# Officers and PINs (supervisor) ---------------------------------------------------------


ADMIN_ACTIONS = ("officer_add", "pin_set", "unlock", "officer_activate", "officer_deactivate", "role_set")


def officer_actions(db: Database, actor: str) -> list[tuple[str, str]]:
    """What ``actor`` did to officers, as (action, officer id), sorted (the fake clock stands still)."""
    from sqlalchemy import select

    from kiosk.models import AuditEvent

    with db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.actor == actor, AuditEvent.action.in_(ADMIN_ACTIONS))
        )
        return sorted((e.action, e.entity_id) for e in events)


def test_officers_page_actions_are_for_supervisors_only(desk: Context, officer: StaffSession) -> None:
    calls = (
        lambda: officers.everyone(desk, officer),
        lambda: officers.add(desk, officer, name="นางสาววิไล สายทอง", pin="2591", pin_again="2591"),
        lambda: officers.reset_pin(desk, officer, officer.id, pin="2591", pin_again="2591"),
        lambda: officers.set_active(desk, officer, officer.id, False),
        lambda: officers.unlock(desk, officer, officer.id),
    )
    for call in calls:
        with pytest.raises(StaffError) as caught:
            call()
        assert caught.value.code == "staff.role"
    assert [o.name for o in officers.who_can_sign_in(desk)] == [officer.name]  # nothing changed
    assert officers.sign_in(desk, officer.id, PIN) == officer


def test_supervisor_adds_an_officer_who_can_then_sign_in(desk: Context, db: Database, officer: StaffSession) -> None:
    boss = add_officer(db, desk.station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    with pytest.raises(StaffError) as caught:
        officers.add(desk, boss, name="นางสาววิไล สายทอง", pin="2591", pin_again="2589")
    assert caught.value.code == "pin.mismatch"
    with pytest.raises(StaffError) as caught:
        officers.add(desk, boss, name="นางสาววิไล สายทอง", pin="258", pin_again="258")
    assert caught.value.code == "pin.length"
    with pytest.raises(StaffError) as caught:
        officers.add(desk, boss, name="x1", pin="2591", pin_again="2591")
    assert caught.value.code == "officer.name" and caught.value.th
    with pytest.raises(StaffError) as caught:
        officers.add(desk, boss, name=officer.name, pin="2591", pin_again="2591")
    assert caught.value.code == "officer.exists"
    assert len(officers.everyone(desk, boss)) == 2  # the refusals changed nothing
    new = officers.add(desk, boss, name="นางสาววิไล  สายทอง", role="supervisor", pin="๒๕๙๑", pin_again="2591")
    assert (new.name, new.role, new.active, new.has_pin) == ("นางสาววิไล สายทอง", Role.SUPERVISOR, True, True)
    assert officers.sign_in(desk, new.id, "2591").name == new.name
    assert officer_actions(db, boss.name) == [("officer_add", str(new.id))]


def test_reset_pin_replaces_the_old_one_and_lifts_a_lock_out(
    desk: Context, db: Database, officer: StaffSession, clock: FakeClock
) -> None:
    boss = add_officer(db, desk.station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    for _ in range(5):
        with pytest.raises(StaffError):
            officers.sign_in(desk, officer.id, "9753")
    locked = {o.id: o for o in officers.everyone(desk, boss)}[officer.id]
    assert locked.locked_until == clock() + dt.timedelta(minutes=5)
    with pytest.raises(StaffError) as caught:
        officers.reset_pin(desk, boss, officer.id, pin="1111", pin_again="1111")
    assert caught.value.code == "pin.weak"
    info = officers.reset_pin(desk, boss, officer.id, pin="8642", pin_again="8642")
    assert info.locked_until is None
    with pytest.raises(StaffError) as caught:
        officers.sign_in(desk, officer.id, PIN)
    assert caught.value.code == "signin.pin"
    assert officers.sign_in(desk, officer.id, "8642") == officer
    assert officer_actions(db, boss.name) == [("pin_set", str(officer.id))]


def test_deactivation_keeps_oneself_and_the_last_supervisor(desk: Context, db: Database, officer: StaffSession) -> None:
    boss = add_officer(db, desk.station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    with pytest.raises(StaffError) as caught:
        officers.set_active(desk, boss, boss.id, False)
    assert caught.value.code == "officer.self"
    retired = officers.set_active(desk, boss, officer.id, False)
    assert not retired.active
    assert [o.name for o in officers.who_can_sign_in(desk)] == [boss.name]  # no longer on the sign-in page
    with pytest.raises(StaffError) as caught:
        officers.sign_in(desk, officer.id, PIN)
    assert caught.value.code == "signin.unknown"
    assert officers.set_active(desk, boss, officer.id, True).active
    assert officers.sign_in(desk, officer.id, PIN) == officer

    # A second supervisor may retire the first, but not then the last one left (not even by another route).
    deputy = add_officer(db, desk.station, "นายสมชาย รักงาน", Role.SUPERVISOR)
    assert not officers.set_active(desk, deputy, boss.id, False).active
    with db.write() as session:
        with pytest.raises(StaffError) as caught:
            staff.set_active(session, desk.station, deputy.id, False, actor="kiosk CLI")
        assert caught.value.code == "officer.last_supervisor"
        with pytest.raises(StaffError) as caught:
            staff.set_role(session, desk.station, deputy.id, Role.OFFICER, actor="kiosk CLI")
        assert caught.value.code == "officer.last_supervisor"
    assert {o.name: o.active for o in officers.everyone(desk, deputy)} == {
        boss.name: False,
        deputy.name: True,
        officer.name: True,
    }
    assert officer_actions(db, boss.name) == [
        ("officer_activate", str(officer.id)),
        ("officer_deactivate", str(officer.id)),
    ]
    assert officer_actions(db, deputy.name) == [("officer_deactivate", str(boss.id))]
    assert officer_actions(db, "kiosk CLI") == []  # the refusals are not recorded as changes


# The whole district's register, read from the hub by a supervisor ----------------------------


def test_district_url_comes_from_the_environment_in_one_place(desk: Context, tmp_path: Path) -> None:
    from kiosk.app import district
    from kiosk.config import Config, with_environment

    config = Config(home=tmp_path)
    assert with_environment(config, {}).district_url == ""
    url = "postgresql+psycopg://report:pw@hub.example:5432/register"
    assert with_environment(config, {"KIOSK_DISTRICT_URL": f" {url}\n"}).district_url == url
    assert not district.available(desk)
    assert district.available(replace(desk, config=with_environment(config, {"KIOSK_DISTRICT_URL": url})))


def test_district_export_and_report_are_refused_without_a_district_url(
    desk: Context, db: Database, station: Station, officer: StaffSession, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from kiosk.models import AuditEvent
    from kiosk.sync import SyncError

    boss = add_officer(db, station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    day = station.today()
    calls: dict[str, Callable[[StaffSession], object]] = {
        "export": lambda who: exports.export_district_register(
            desk, who, date_from=day, date_to=day, fmt="csv", path=tmp_path / "d.csv"
        ),
        "figures": lambda who: reports.district_monthly_figures(desk, who, day.year, day.month),
        "report": lambda who: reports.district_monthly_report(desk, who, day.year, day.month, folder=tmp_path),
    }
    for name, call in calls.items():
        with pytest.raises(StaffError):  # an officer may not read the district
            call(officer)
        with pytest.raises(SyncError) as refused:
            call(boss)
        assert refused.value.code == "district.not_configured", name
        assert "KIOSK_DISTRICT_URL" in refused.value.en and refused.value.th
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob("*.pdf"))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity != "officer")) == 0


@pytest.mark.postgres
def test_district_export_and_report_read_every_station_from_the_hub(
    pg_database: str, db: Database, station: Station, clock: FakeClock, tmp_path: Path
) -> None:
    import csv
    import json

    from sqlalchemy import select

    from kiosk.catalogue import seed_defaults
    from kiosk.db import upgrade
    from kiosk.district import init_hub
    from kiosk.models import AuditEvent
    from kiosk.sync import SyncError, sync_to_district
    from tests.conftest import BANGKOK

    hub = init_hub(pg_database, stations=["KIOSK-01", "KIOSK-02"], reporting=True)
    creds = {c.station_id: c for c in hub.credentials}
    station2 = Station(
        id="KIOSK-02", zone=BANGKOK, centre_name="จุดบริการตำบลธาตุเชิงชุม", district=station.district, clock=clock
    )
    db2 = Database(f"sqlite:///{tmp_path / 'kiosk2.sqlite3'}")
    try:
        upgrade(db2.engine)
        with db2.write() as session:
            seed_defaults(session)
        visitor(db, station, name="มาที่อำเภอ")
        clock.advance(minutes=5)
        visitor(db2, station2, VisitorGroup.ELDERLY, name="มาที่ตำบล")
        for d, s, cred in ((db, station, creds["KIOSK-01"]), (db2, station2, creds["KIOSK-02"])):
            assert sync_to_district(d, s, cred.url).sent == 1
    finally:
        db2.dispose()
    boss = add_officer(db, station, "นางอำไพ ใจงาม", Role.SUPERVISOR)
    desk = context_for(db, station, tmp_path)
    desk.config = replace(desk.config, district_url=creds[""].url)
    day = station.today()
    out = tmp_path / "out"
    out.mkdir()

    name = exports.file_name(desk, day, day, "csv", whole=True)
    assert name.startswith("ทะเบียน e-Service ทุกจุดบริการในอำเภอเมืองสกลนคร")
    seen: list[float] = []
    result = exports.export_district_register(
        desk, boss, date_from=day, date_to=day, fmt="csv", path=out / name, job=Job(seen.append)
    )
    assert result.rows == 2 and seen[0] == 0.0 and seen[-1] == 1.0
    with result.path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["สถานี"], r["ชื่อ–สกุล"]) for r in rows] == [("KIOSK-01", "มาที่อำเภอ"), ("KIOSK-02", "มาที่ตำบล")]
    cancel = Job()
    cancel.cancel()
    with pytest.raises(ExportCancelled):
        exports.export_district_register(
            desk, boss, date_from=day, date_to=day, fmt="csv", path=out / "x.csv", job=cancel
        )

    figures = reports.district_monthly_figures(desk, boss, day.year, day.month)
    assert figures.total == 2 and [(s.station_id, s.total) for s in figures.stations or ()] == [
        ("KIOSK-01", 1),
        ("KIOSK-02", 1),
    ]
    path = reports.district_monthly_report(desk, boss, day.year, day.month, folder=out).path
    assert path.name == "รายงานผล e-Service ทุกจุดบริการในอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf"
    with pytest.raises(ExportCancelled):
        reports.district_monthly_report(desk, boss, day.year, day.month, folder=tmp_path, job=cancel)
    assert sorted(p.name for p in out.iterdir()) == sorted([name, path.name])
    with db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.actor == boss.name).order_by(AuditEvent.action))
        details = {e.action: json.loads(e.details) for e in events}
    assert details["export"]["stations"] == 2 and details["export"]["source"].startswith("district ")
    assert details["report_monthly"]["source"] == "district" and details["report_monthly"]["stations"] == 2

    # A station's own hub login reads only that station: refused, with a Thai and an English reason.
    own = replace(desk, config=replace(desk.config, district_url=creds["KIOSK-01"].url))
    with pytest.raises(SyncError) as refused:
        reports.district_monthly_figures(own, boss, day.year, day.month)
    assert refused.value.code == "district.station_role" and "KIOSK-01" in refused.value.en
    assert creds["KIOSK-01"].password not in refused.value.en


def test_an_export_can_render_in_a_child_process_with_progress_cancel_and_audit(
    desk: Context, db: Database, station: Station, officer: StaffSession, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from kiosk.exports import ExportError
    from kiosk.models import AuditEvent

    for _ in range(3):
        visitor(db, station)
    apart = replace(desk, render_apart=True)
    day = station.today()
    seen: list[float] = []
    result = exports.export_register(
        apart, officer, date_from=day, date_to=day, fmt="csv", path=tmp_path / "r.csv", job=Job(seen.append)
    )
    assert result.rows == 3 and result.path.read_text(encoding="utf-8-sig").count("\n") == 4
    assert seen[0] == 0.0 and seen[-1] == 1.0
    with db.read() as session:  # the audit line is written here, by the kiosk's writer
        (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))
        assert event.actor == officer.name
    with pytest.raises(ExportError) as refused:  # a refusal crosses back whole, Thai and English
        exports.export_register(
            apart, officer, date_from=day, date_to=day - dt.timedelta(days=1), fmt="csv", path=tmp_path / "x.csv"
        )
    assert refused.value.code == "export.period" and refused.value.th
    cancel = Job()
    cancel.cancel()
    with pytest.raises(ExportCancelled):
        exports.export_register(
            apart, officer, date_from=day, date_to=day, fmt="pdf", path=tmp_path / "c.pdf", job=cancel
        )
    assert not (tmp_path / "c.pdf").exists()
