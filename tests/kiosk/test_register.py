from __future__ import annotations

import datetime as dt
import os
import time
import uuid

import pytest
from sqlalchemy import func, select

from kiosk import register as reg
from kiosk.db import Database
from kiosk.models import IdMethod, Lane, Officer, Visit, VisitResult, VisitStatus
from kiosk.register import RegisterError, VisitorDetails
from kiosk.station import Station
from kiosk.validation import ValidationError, VisitorGroup
from tests.conftest import BANGKOK, FakeClock


def visit(
    any_db: Database,
    station: Station,
    group: VisitorGroup = VisitorGroup.GENERAL,
    *,
    full_name: str | None = None,
    national_id: str | None = None,
    phone: str | None = None,
) -> reg.IssuedTicket:
    """A visit with what the visitor typed, or left to the officer when they typed nothing."""
    typed = full_name is not None or national_id is not None or phone is not None
    with any_db.write() as session:
        return reg.register_visit(
            session,
            station,
            service_code="thaid",
            group=group,
            id_method=IdMethod.TYPED if typed else IdMethod.OFFICER,
            details=VisitorDetails(full_name=full_name, national_id=national_id, phone=phone) if typed else None,
        )


@pytest.fixture
def officer_id(any_db: Database) -> uuid.UUID:
    with any_db.write() as session:
        officer = Officer(name="สมชาย ใจดี")
        session.add(officer)
        session.flush()
        return officer.id


def count_visits(any_db: Database) -> int:
    with any_db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Visit)) or 0)


def test_register_issues_numbers_per_lane(any_db: Database, station: Station) -> None:
    a1 = visit(any_db, station, full_name="ปิ่น รักไทย", national_id="1101700203727", phone="0812345678")
    p1 = visit(any_db, station, VisitorGroup.ELDERLY)
    a2 = visit(any_db, station)
    p2 = visit(any_db, station, VisitorGroup.CLERGY)
    assert [t.label for t in (a1, p1, a2, p2)] == ["A001", "P001", "A002", "P002"]
    assert a1.lane is Lane.NORMAL and p1.lane is Lane.PRIORITY
    assert a1.visit.national_id_masked == "1-xxxx-xxxxx-x2-7"
    assert a1.visit.full_name == "ปิ่น รักไทย"
    assert a1.visit.local_day == dt.date(2026, 11, 24)
    # the priority lane goes first: A002 waits for P001 and A001; P002 only for P001
    assert [t.people_ahead for t in (a1, p1, a2, p2)] == [0, 0, 2, 1]


def test_call_next_takes_priority_lane_first_then_arrival(
    any_db: Database, station: Station, clock: FakeClock, officer_id: uuid.UUID
) -> None:
    labels = []
    for group in (VisitorGroup.GENERAL, VisitorGroup.GENERAL, VisitorGroup.PREGNANT, VisitorGroup.DISABLED):
        labels.append(visit(any_db, station, group).label)
        clock.advance(minutes=1)
    called = []
    with any_db.write() as session:
        while (record := reg.call_next(session, station, officer_id=officer_id)) is not None:
            called.append(record.ticket)
            assert record.status is VisitStatus.CALLED and record.officer_name == "สมชาย ใจดี"
    assert labels == ["A001", "A002", "P001", "P002"]
    assert called == ["P001", "P002", "A001", "A002"]


def test_numbers_restart_at_bangkok_midnight_whatever_the_machine_zone(
    any_db: Database, station: Station, clock: FakeClock
) -> None:
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    try:
        clock.set(dt.datetime(2026, 11, 24, 23, 59, tzinfo=BANGKOK))
        late = visit(any_db, station)
        clock.set(dt.datetime(2026, 11, 25, 0, 1, tzinfo=BANGKOK))  # 17:01 UTC on the 24th
        early = visit(any_db, station)
    finally:
        if old_tz is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old_tz
        time.tzset()
    assert (late.label, late.visit.local_day) == ("A001", dt.date(2026, 11, 24))
    assert (early.label, early.visit.local_day) == ("A001", dt.date(2026, 11, 25))
    with any_db.read() as session:
        assert [r.ticket for r in reg.day_log(session, dt.date(2026, 11, 25))] == ["A001"]


def test_bad_input_is_refused_with_every_problem_and_changes_nothing(any_db: Database, station: Station) -> None:
    before = count_visits(any_db)
    with pytest.raises(ValidationError) as info:
        visit(any_db, station, full_name="😀" * 3, national_id="1101700203728", phone="12")
    assert info.value.codes == ["name.chars", "id.checksum", "phone.format"]
    with pytest.raises(ValidationError) as info:
        visit(any_db, station, full_name="ก" * 2048)
    assert info.value.codes == ["name.long"]
    with pytest.raises(ValidationError):
        visit(any_db, station, full_name="สม\x1bชาย")
    assert count_visits(any_db) == before
    # and the numbers were not used up by the refused attempts
    assert visit(any_db, station).label == "A001"


def test_inactive_or_unknown_service_is_refused(any_db: Database, station: Station) -> None:
    from kiosk.catalogue import set_active

    with any_db.write() as session:
        set_active(session, "thaid", False, message_th="ระบบปิดปรับปรุงชั่วคราว")
    with pytest.raises(RegisterError) as info:
        visit(any_db, station)
    assert info.value.code == "service.inactive" and info.value.th == "ระบบปิดปรับปรุงชั่วคราว"
    with any_db.write() as session, pytest.raises(RegisterError):
        reg.register_visit(
            session, station, service_code="nope", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
        )
    assert count_visits(any_db) == 0


def test_outcome_reason_required_unless_success(any_db: Database, station: Station, officer_id: uuid.UUID) -> None:
    ticket = visit(any_db, station)
    with any_db.write() as session, pytest.raises(ValidationError) as info:
        reg.record_outcome(session, station, ticket.visit.id, result=VisitResult.REFERRED, officer_id=officer_id)
    assert info.value.codes == ["reason.required"]
    with any_db.write() as session:
        record = reg.record_outcome(
            session,
            station,
            ticket.visit.id,
            result=VisitResult.REFERRED,
            officer_id=officer_id,
            reason="ส่งต่อสำนักงานที่ดิน",
            note="นัดวันจันทร์",
        )
    assert (record.status, record.result, record.result_reason) == (
        VisitStatus.DONE,
        VisitResult.REFERRED,
        "ส่งต่อสำนักงานที่ดิน",
    )
    with any_db.write() as session, pytest.raises(RegisterError):  # done is done
        reg.record_outcome(session, station, ticket.visit.id, result=VisitResult.SUCCESS, officer_id=officer_id)


def test_recall_no_show_and_snapshot(any_db: Database, station: Station, officer_id: uuid.UUID) -> None:
    visit(any_db, station)
    visit(any_db, station, VisitorGroup.ELDERLY)
    with any_db.write() as session:
        first = reg.call_next(session, station, officer_id=officer_id)
        assert first is not None and first.ticket == "P001"
        reg.mark_no_show(session, station, first.id)
        again = reg.recall(session, station, first.id)
        assert again.status is VisitStatus.CALLED
        snapshot = reg.queue_snapshot(session, station)
    assert snapshot.waiting == 1 and snapshot.now_serving == ("P001",)


def test_correction_keeps_an_audit_trail_and_bumps_the_version(
    any_db: Database, station: Station, clock: FakeClock
) -> None:
    ticket = visit(any_db, station, full_name="ปิ่น รักไทย")
    clock.advance(hours=2)
    with any_db.write() as session:
        record = reg.correct_visit(
            session,
            station,
            ticket.visit.id,
            actor="ปลัดอำเภอ",
            changes={"full_name": "ปิ่นมณี รักไทย", "national_id": "1101700203727", "group": "elderly"},
        )
    assert record.full_name == "ปิ่นมณี รักไทย" and record.group is VisitorGroup.ELDERLY
    assert record.version > ticket.visit.version
    with any_db.read() as session:
        (entry,) = reg.audit_trail(session, ticket.visit.id)
    assert entry.actor == "ปลัดอำเภอ" and entry.at == clock()
    assert entry.changes["full_name"] == {"from": "ปิ่น รักไทย", "to": "ปิ่นมณี รักไทย"}
    # the trail never holds a full ID
    assert entry.changes["national_id"] == {"from": "", "to": "1-xxxx-xxxxx-x2-7"}
    with any_db.write() as session, pytest.raises(ValidationError):
        reg.correct_visit(session, station, ticket.visit.id, actor="x", changes={"phone": "abc"})
    with any_db.write() as session, pytest.raises(RegisterError):
        reg.correct_visit(session, station, ticket.visit.id, actor="x", changes={"station_id": "other"})
    with any_db.read() as session:
        assert len(reg.audit_trail(session, ticket.visit.id)) == 1


def test_officer_completes_a_registration_left_to_them(any_db: Database, station: Station) -> None:
    ticket = visit(any_db, station)
    assert ticket.visit.needs_completion
    with any_db.write() as session:
        record = reg.complete_registration(
            session, station, ticket.visit.id, actor="สมชาย", details=VisitorDetails(full_name="สมหญิง ดีใจ")
        )
    assert record.full_name == "สมหญิง ดีใจ" and not record.needs_completion


def test_search_by_name_id_digits_period_and_service(any_db: Database, station: Station, clock: FakeClock) -> None:
    visit(any_db, station, full_name="ปิ่น รักไทย", national_id="1101700203727")
    clock.advance(days=1)
    visit(any_db, station, full_name="สมชาย ปิ่นทอง")
    with any_db.read() as session:
        assert [r.full_name for r in reg.search(session, name="ปิ่น")] == ["สมชาย ปิ่นทอง", "ปิ่น รักไทย"]
        assert [r.full_name for r in reg.search(session, id_digits="3727")] == ["ปิ่น รักไทย"]
        assert [r.full_name for r in reg.search(session, id_digits="101700203727")] == ["ปิ่น รักไทย"]
        assert [r.full_name for r in reg.search(session, date_from=dt.date(2026, 11, 25))] == ["สมชาย ปิ่นทอง"]
        assert reg.search(session, service_code="rd-efiling") == []
        assert reg.search(session, name="%") == []  # wildcards are literal
        assert reg.search(session, name="ปิ_น") == []  # (a LIKE "_" would match ปิ่น)
        assert [r.full_name for r in reg.search(session, name="ปิ")] == ["สมชาย ปิ่นทอง", "ปิ่น รักไทย"]  # 2 letters
        assert [r.full_name for r in reg.search(session, name="  ปิ่น   รัก ")] == ["ปิ่น รักไทย"]
        assert reg.search(session, name='"ปิ่น" OR x') == []  # no query syntax
    with any_db.read() as session:
        first = reg.search(session, name="ปิ่น รักไทย")[0]
    with any_db.write() as session:
        reg.correct_visit(session, station, first.id, actor="x", changes={"full_name": "มาลี ศรีสุข"})
    with any_db.read() as session:
        assert reg.search(session, name="ปิ่น รัก") == []
        assert [r.full_name for r in reg.search(session, name="ศรีสุข")] == ["มาลี ศรีสุข"]
        with pytest.raises(ValidationError):
            reg.search(session, id_digits="12ab")


def test_counts_per_service_cover_the_whole_catalogue(any_db: Database, station: Station) -> None:
    visit(any_db, station)
    visit(any_db, station)
    with any_db.read() as session:
        counts = reg.counts_per_service(session, station.today(), station.today())
    assert len(counts) == 22
    assert counts[0].service_code == "thaid" and counts[0].count == 2
    assert sum(c.count for c in counts) == 2


def test_quick_rating_is_stored_with_its_scale(any_db: Database, station: Station) -> None:
    ticket = visit(any_db, station)
    with any_db.write() as session:
        record = reg.record_rating(session, station, ticket.visit.id, score=9)
    assert (record.rating_score, record.rating_max) == (9, 10)
    with any_db.write() as session, pytest.raises(ValidationError):
        reg.record_rating(session, station, ticket.visit.id, score=11)


def test_a_new_tickets_slip_is_the_slip_the_register_gives_back(any_db: Database, station: Station) -> None:
    """The slip printed at registration is made from what the registration knows; a reprint reads
    the register. Both must print the same ticket."""
    from kiosk.printing import issued_ticket_slip, ticket_slip

    visit(any_db, station)  # one ahead in the normal lane
    for group, details in (
        (VisitorGroup.GENERAL, VisitorDetails(full_name="ปิ่น รักไทย", national_id="1101700203727")),
        (VisitorGroup.ELDERLY, None),
    ):
        with any_db.write() as session:
            issued = reg.register_visit(
                session,
                station,
                service_code="nhso-rights",
                group=group,
                id_method=IdMethod.TYPED if details else IdMethod.OFFICER,
                details=details,
            )
        with any_db.read() as session:
            assert issued_ticket_slip(station, issued) == ticket_slip(session, station, issued.visit.id)
