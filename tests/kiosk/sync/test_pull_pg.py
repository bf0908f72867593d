"""``kiosk sync --pull``: a station's own visits come back from the real PostgreSQL hub.

After a new disk (an empty register) or a restore from an older backup, the register gets back
what the district holds of it, row for row, and nothing that is newer here is touched.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from kiosk import staff
from kiosk.cli import main
from kiosk.db import Database, backup
from kiosk.models import AuditEvent, IdMethod, Officer, Role, Service, Visit, VisitResult
from kiosk.register import (
    VisitorDetails,
    correct_visit,
    day_log,
    record_outcome,
    record_rating,
    register_visit,
    search,
)
from kiosk.retention import erase_visitor
from kiosk.station import Station
from kiosk.sync import SyncError, sync_to_district
from kiosk.sync.hub import hub_visit
from kiosk.sync.restore import pull_from_district
from kiosk.validation import VisitorGroup
from tests.conftest import FakeClock, new_register
from tests.kiosk.sync.conftest import NATIONAL_ID, Hub, add_visits, assert_agree, pending
from tests.kiosk.sync.test_restore_pg import restore
from tests.pg import free_port

pytestmark = pytest.mark.postgres

NAMES = ("หนึ่ง", "สอง", "สาม")


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Database]:
    """KIOSK-01's register on a new disk: migrated, default catalogue, nothing else."""
    with new_register(tmp_path / "new-disk.sqlite3") as database:
        yield database


def a_day_at_the_counter(db: Database, station: Station, clock: FakeClock) -> list[uuid.UUID]:
    """Visits with tickets in both lanes, an officer's outcome, a rating, a correction, a local service."""
    with db.write() as session:
        officer = staff.create_officer(
            session,
            station,
            name="นางสาวอำไพ ใจงาม",
            role=Role.OFFICER,
            pin="2468",
            actor="t",
            hasher=staff.fast_hasher(),
        )
        session.add(
            Service(
                id=uuid.uuid4(),
                code="local-land-tax",
                name_th="ชำระภาษีที่ดินและสิ่งปลูกสร้าง (อบต.)",
                name_en="Land and building tax (SAO)",
                owner_th="องค์การบริหารส่วนตำบล",
                url="https://example.org/land-tax",
                display_order=30,
            )
        )
    ids = []
    for i, (code, group) in enumerate(
        [
            ("thaid", VisitorGroup.GENERAL),
            ("nhso-rights", VisitorGroup.ELDERLY),
            ("local-land-tax", VisitorGroup.GENERAL),
        ]
    ):
        clock.advance(minutes=7)
        with db.write() as session:
            issued = register_visit(
                session,
                station,
                service_code=code,
                group=group,
                id_method=IdMethod.TYPED,
                details=VisitorDetails(full_name=f"ผู้มาติดต่อ {NAMES[i]}", national_id=NATIONAL_ID),
            )
        ids.append(issued.visit.id)
    clock.advance(minutes=10)
    with db.write() as session:
        record_outcome(session, station, ids[0], result=VisitResult.REFERRED, officer_id=officer.id, reason="ส่งต่อสปสช.")
        record_rating(session, station, ids[0], score=9, scale_max=10)
        correct_visit(session, station, ids[1], actor="supervisor", changes={"note": "แก้ไขชื่อตามบัตร"})
    return ids


def test_a_new_disk_gets_the_whole_register_back(
    db: Database, blank: Database, station: Station, clock: FakeClock, hub: Hub, admin: Engine
) -> None:
    ids = a_day_at_the_counter(db, station, clock)
    add_visits(db, station, 2500)  # more than two pages
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)

    seen: list[tuple[int, int]] = []
    result = pull_from_district(blank, station, url, progress=lambda done, total: seen.append((done, total)))

    assert (result.hub_rows, result.added, result.updated, result.kept) == (2503, 2503, 0, 0)
    assert result.services_added == ["local-land-tax"]
    assert result.officers_added == ["นางสาวอำไพ ใจงาม"]
    assert result.ticket_clashes == []
    assert seen == [(1000, 2503), (2000, 2503), (2503, 2503)]
    assert_agree(blank, admin, "KIOSK-01")  # row for row, at the same versions, nothing pending
    with db.read() as before, blank.read() as after:
        assert [dataclasses.asdict(r) for r in day_log(after, station.today())] == [
            dataclasses.asdict(r) for r in day_log(before, station.today())
        ]
        service = after.scalars(select(Service).where(Service.code == "local-land-tax")).one()
        assert (service.name_th, service.url, service.active) == (
            "ชำระภาษีที่ดินและสิ่งปลูกสร้าง (อบต.)",
            "https://example.org/land-tax",
            True,
        )
        officer = after.scalars(select(Officer)).one()
        assert (officer.active, officer.pin_hash) == (False, None)  # a supervisor re-activates and sets a PIN
        visit = after.get(Visit, ids[0])
        assert visit is not None and (visit.rating_score, visit.result) == (9, VisitResult.REFERRED)
        audit = after.scalars(select(AuditEvent).where(AuditEvent.action == "pull_from_district")).one()
        assert '"added": 2503' in audit.details and hub.stations["KIOSK-01"].password not in audit.details
    # today's numbering goes on after the pulled tickets, A003 and P001 among them
    with blank.write() as session:
        nxt = register_visit(
            session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
        )
    assert nxt.label == "A003"
    # a second pull finds nothing more to do
    again = pull_from_district(blank, station, url)
    assert (again.added, again.updated, again.kept) == (0, 0, 2503)


def test_after_a_restore_missing_and_newer_visits_come_back_and_newer_local_ones_stay(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    url = hub.station_url("KIOSK-01")
    old, changed_later, changed_here = add_visits(db, station, 3)
    sync_to_district(db, station, url)
    copy = backup(db_path, tmp_path / "backups", keep=1).path
    clock.advance(hours=1)
    after_backup = add_visits(db, station, 5)
    with db.write() as session:
        correct_visit(session, station, changed_later, actor="supervisor", changes={"note": "แก้ไขหลังสำรอง"})
        correct_visit(session, station, changed_here, actor="supervisor", changes={"note": "ส่งไปอำเภอแล้ว"})
    sync_to_district(db, station, url)

    restore(db, db_path, copy)  # last night's copy: the five new visits and both corrections are gone here
    restored = Database(f"sqlite:///{db_path}")
    try:
        clock.advance(hours=1)
        with restored.write() as session:  # corrected again after the restore: this one is newer than the hub's
            mine = correct_visit(session, station, changed_here, actor="supervisor", changes={"note": "แก้ไขที่นี่"})

        plan = pull_from_district(restored, station, url, dry_run=True)
        # changed_here was changed on both sides since they last agreed: merged, its local correction kept
        assert (plan.added, plan.updated, plan.kept, plan.merged, plan.dry_run) == (5, 1, 1, 1, True)
        with restored.read() as session:
            assert session.scalar(select(func.count()).select_from(Visit)) == 3  # a dry run changes nothing

        result = pull_from_district(restored, station, url)

        assert (result.added, result.updated, result.kept, result.merged) == (5, 1, 1, 1)
        with restored.read() as session:
            assert {v.id for v in session.scalars(select(Visit))} == {old, changed_later, changed_here, *after_backup}
            assert session.get(Visit, changed_later).note == "แก้ไขหลังสำรอง"  # type: ignore[union-attr]
            kept = session.get(Visit, changed_here)
            assert kept is not None and kept.note == "แก้ไขที่นี่" and kept.version > mine.version
        assert pending(restored) == 1  # the local correction still goes up at the next sync, and wins
        sync_to_district(restored, station, url)
        assert_agree(restored, admin, "KIOSK-01")
    finally:
        restored.dispose()


def test_a_ticket_number_given_again_after_the_restore_is_reported_not_fatal(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    url = hub.station_url("KIOSK-01")
    copy = backup(db_path, tmp_path / "backups", keep=1).path  # before today's first visitor
    with db.write() as session:
        first = register_visit(
            session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
        )
    sync_to_district(db, station, url)
    restore(db, db_path, copy)
    restored = Database(f"sqlite:///{db_path}")
    try:
        with restored.write() as session:  # the kiosk went on before anyone pulled: A001 again
            again = register_visit(
                session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
            )
        assert again.label == first.label == "A001"

        result = pull_from_district(restored, station, url)

        assert result.added == 1 and result.ticket_clashes == [f"{station.today()} A001"]
        with restored.read() as session:
            labels = {r.id: r.ticket for r in day_log(session, station.today())}
        assert labels == {first.visit.id: "", again.visit.id: "A001"}
        with restored.write() as session:  # and the numbering goes on after both
            assert (
                register_visit(
                    session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
                ).label
                == "A002"
            )
            correct_visit(session, station, first.visit.id, actor="supervisor", changes={"note": "แก้ไขหลังดึงคืน"})
        sync_to_district(restored, station, url)
        with admin.connect() as conn:  # the district keeps the first visit's number though the kiosk lacks it
            tickets = {i: t for i, t in conn.execute(select(hub_visit.c.id, hub_visit.c.ticket))}
        assert tickets[first.visit.id] == tickets[again.visit.id] == "A001"
    finally:
        restored.dispose()


def test_a_station_cannot_pull_another_station_s_visits(
    db: Database, db2: Database, station: Station, hub: Hub
) -> None:
    add_visits(db, station, 4)
    sync_to_district(db, station, hub.station_url("KIOSK-01"))
    assert pull_from_district(db2, station, hub.station_url("KIOSK-01"), dry_run=True).hub_rows == 4
    # A register asking for KIOSK-01's visits with KIOSK-02's credentials: the hub's row-level security shows none.
    result = pull_from_district(db2, station, hub.station_url("KIOSK-02"))
    assert (result.hub_rows, result.added) == (0, 0)
    with db2.read() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0


def test_a_dead_hub_is_a_precise_error_and_changes_nothing(blank: Database, station: Station) -> None:
    url = f"postgresql://kiosk_01:secret-pw@127.0.0.1:{free_port()}/district"
    with pytest.raises(SyncError) as caught:
        pull_from_district(blank, station, url)
    assert caught.value.code == "connection_refused"
    assert "secret-pw" not in caught.value.en and "secret-pw" not in caught.value.th
    with blank.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_cli_pull(
    db: Database, station: Station, hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    add_visits(db, station, 3)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.toml").write_text('[station]\nid = "KIOSK-01"\n', encoding="utf-8")

    url_file = tmp_path / "hub-url"
    url_file.write_text(url + "\n", encoding="utf-8")
    assert main(["--home", str(home), "sync", "--pull", "--dry-run", "--url-file", str(url_file)]) == 0
    assert "would bring back 3 missing and 0 newer" in capsys.readouterr().out
    assert main(["--home", str(home), "sync", "--pull", "--url-file", str(url_file)]) == 0
    out = capsys.readouterr().out
    assert "holds 3 visits of station KIOSK-01: brought back 3 missing" in out
    assert hub.stations["KIOSK-01"].password not in out


def test_an_erasure_made_after_the_backup_is_not_undone_by_the_restore(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    """PDPA: an erasure reaches the backups too. The restored copy still has the name; the pull erases it again."""
    url = hub.station_url("KIOSK-01")
    (visit_id,) = add_visits(db, station, 1)
    sync_to_district(db, station, url)
    copy = backup(db_path, tmp_path / "backups", keep=1).path
    with db.write() as session:
        assert erase_visitor(session, station, actor="supervisor", national_id=NATIONAL_ID).visits == 1
    sync_to_district(db, station, url)

    restore(db, db_path, copy)
    restored = Database(f"sqlite:///{db_path}")
    try:
        with restored.read() as session:
            assert session.get(Visit, visit_id).full_name is not None  # type: ignore[union-attr]
        assert pull_from_district(restored, station, url).updated == 1
        with restored.read() as session:
            visit = session.get(Visit, visit_id)
            assert visit is not None
            assert (visit.full_name, visit.national_id, visit.id_suffix) == (None, None, None)
            assert visit.purged_at is not None
            assert search(session, name="ผู้มาติดต่อ") == []  # gone from the name index too
        assert_agree(restored, admin, "KIOSK-01")
    finally:
        restored.dispose()


def test_a_pull_asked_to_stop_ends_between_two_pages_and_the_next_one_finishes(
    db: Database, blank: Database, station: Station, hub: Hub
) -> None:
    import threading

    add_visits(db, station, 2500)  # three pages
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()  # the stop button pressed while the first page was coming back

    result = pull_from_district(blank, station, url, progress=progress, cancel=cancel)
    assert result.cancelled and (result.hub_rows, result.added) == (2500, 1000)
    with blank.read() as session:  # the page that came back is whole and kept
        assert session.scalar(select(func.count()).select_from(Visit)) == 1000
    rest = pull_from_district(blank, station, url)
    assert not rest.cancelled and (rest.added, rest.kept) == (1500, 1000)
