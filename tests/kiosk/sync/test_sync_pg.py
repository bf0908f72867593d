"""The nightly sync against a real PostgreSQL hub: nothing lost, nothing doubled, nobody else's rows."""

from __future__ import annotations

import dataclasses
import threading
import uuid
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.pool import QueuePool

from kiosk.config import SyncConfig
from kiosk.db import Database, backup
from kiosk.models import IdMethod, Officer, Visit, VisitResult
from kiosk.register import VisitorDetails, correct_visit, mark_survey_printed, record_outcome, register_visit
from kiosk.station import Station
from kiosk.sync import SyncBusy, SyncCancelled, SyncError, connect_hub, sync_status, sync_to_district
from kiosk.sync import engine as sync_engine
from kiosk.sync.hub import hub_service, hub_sync_log, hub_visit
from kiosk.validation import VisitorGroup
from tests.conftest import FakeClock
from tests.kiosk.sync.conftest import (
    NATIONAL_ID,
    Hub,
    add_visits,
    assert_agree,
    forget_acknowledgements,
    hub_count,
    pending,
)
from tests.pg import free_port

pytestmark = pytest.mark.postgres


def small_batches(size: int) -> SyncConfig:
    return SyncConfig(batch_size=size)


def hub_row(admin: Engine, visit_id: uuid.UUID) -> dict[str, Any]:
    with admin.connect() as conn:
        return dict(conn.execute(select(hub_visit).where(hub_visit.c.id == visit_id)).mappings().one())


def test_first_sync_sends_the_whole_register(db: Database, station: Station, hub: Hub, admin: Engine) -> None:
    with db.write() as session:
        issued = register_visit(
            session,
            station,
            service_code="thaid",
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="สมหญิง ใจงาม", national_id=NATIONAL_ID, phone="0812345678"),
        )
    add_visits(db, station, 25)

    result = sync_to_district(db, station, hub.station_url("KIOSK-01"), sync=small_batches(10))

    assert (result.sent, result.applied, result.batches, result.pending) == (26, 26, 3, 0)
    assert not result.cancelled
    assert_agree(db, admin, "KIOSK-01")
    row = hub_row(admin, issued.visit.id)
    assert row["station_id"] == "KIOSK-01"
    assert row["ticket"] == "P001" and row["lane"] == "P"
    assert row["full_name"] == "สมหญิง ใจงาม" and row["national_id"] == NATIONAL_ID
    assert row["service_code"] == "thaid" and row["service_name_th"].startswith("ลงทะเบียนใช้งาน")
    assert row["visitor_group"] == "elderly" and row["status"] == "waiting"
    assert row["created_at"] == issued.visit.created_at
    with admin.connect() as conn:
        assert conn.scalar(select(hub_service.c.code).where(hub_service.c.code == "thaid")) == "thaid"
        log = conn.execute(select(hub_sync_log)).mappings().one()
    assert (log["station_id"], log["rows_sent"], log["rows_applied"]) == ("KIOSK-01", 26, 26)
    with db.read() as session:
        status = sync_status(session)
    assert status.last_success_at == station.now() and status.pending == 0 and status.ok
    assert status.last_rows_sent == 26


def test_incremental_sync_sends_only_what_changed(db: Database, station: Station, hub: Hub, admin: Engine) -> None:
    add_visits(db, station, 30)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    new = add_visits(db, station, 3)

    result = sync_to_district(db, station, url)

    assert (result.sent, result.applied) == (3, 3)
    assert hub_count(admin, "KIOSK-01") == 33
    assert_agree(db, admin, "KIOSK-01")
    assert sync_to_district(db, station, url).sent == 0  # nothing left to send
    assert {hub_row(admin, i)["version"] for i in new} == {1}


def test_a_correction_after_sync_wins(
    db: Database, station: Station, clock: FakeClock, hub: Hub, admin: Engine
) -> None:
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    clock.advance(hours=2)
    with db.write() as session:
        record = correct_visit(session, station, visit_id, actor="supervisor", changes={"full_name": "สมชาย แก้ไขแล้ว"})

    result = sync_to_district(db, station, url)

    assert (result.sent, result.applied) == (1, 1)
    row = hub_row(admin, visit_id)
    assert (row["full_name"], row["version"]) == ("สมชาย แก้ไขแล้ว", record.version)
    assert_agree(db, admin, "KIOSK-01")


def test_an_older_copy_never_overwrites_a_newer_one(
    db: Database, db_path: Any, station: Station, hub: Hub, admin: Engine, tmp_path: Any
) -> None:
    """A kiosk restored from last week's backup re-sends old versions: the hub keeps the newer ones."""
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    old_copy = backup(db_path, tmp_path / "backups", keep=1).path
    with db.write() as session:
        record = correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขครั้งที่ 1"})
    sync_to_district(db, station, url)

    restored = Database(f"sqlite:///{old_copy}")
    try:
        with pytest.raises(SyncError) as behind:  # found before anything is sent
            sync_to_district(restored, station, url)
        assert behind.value.code == "register_behind" and "1 newer at the hub" in behind.value.en
        assert pending(restored) == 1
        # Should the hub get the newer version between that check and the batch, the row is still
        # not acknowledged: the hub did not apply it, so it is never marked synced.
        with pytest.MonkeyPatch.context() as race:
            race.setattr(sync_engine, "_refuse_if_behind", lambda *_: None)
            with pytest.raises(SyncError) as raced:
                sync_to_district(restored, station, url)
        assert raced.value.code == "register_behind" and "left pending" in raced.value.en
        assert pending(restored) == 1
    finally:
        restored.dispose()

    row = hub_row(admin, visit_id)
    assert (row["note"], row["version"]) == ("แก้ไขครั้งที่ 1", record.version)
    assert_agree(db, admin, "KIOSK-01")


def test_the_same_batch_sent_twice_changes_nothing(db: Database, station: Station, hub: Hub, admin: Engine) -> None:
    add_visits(db, station, 40)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    with admin.connect() as conn:
        before = conn.execute(select(hub_visit.c.id, hub_visit.c.version, hub_visit.c.received_at)).all()
    forget_acknowledgements(db)
    assert pending(db) == 40

    result = sync_to_district(db, station, url)

    assert (result.sent, result.applied) == (40, 0)
    with admin.connect() as conn:
        after = conn.execute(select(hub_visit.c.id, hub_visit.c.version, hub_visit.c.received_at)).all()
    assert sorted(after) == sorted(before)  # not even touched
    assert_agree(db, admin, "KIOSK-01")


def test_a_change_made_while_its_batch_is_in_flight_is_not_lost(
    db: Database, station: Station, hub: Hub, admin: Engine
) -> None:
    ids = add_visits(db, station, 5)
    engine = connect_hub(hub.station_url("KIOSK-01"))
    changed = min(ids)
    commits = 0

    def edit_during_commit(_conn: Connection) -> None:
        nonlocal commits
        commits += 1
        if commits == 3:  # the batch of visits (after the run's lock and the catalogue), before the hub commits it
            with db.write() as session:
                visit = session.get(Visit, changed)
                assert visit is not None
                visit.note = "แก้ไขระหว่างส่ง"

    event.listen(engine, "commit", edit_during_commit)
    try:
        first = sync_to_district(db, station, hub.station_url("KIOSK-01"), hub=engine)
    finally:
        engine.dispose()
    assert (first.sent, first.pending) == (5, 1)  # the edited visit stays pending
    assert hub_row(admin, changed)["version"] == 1

    second = sync_to_district(db, station, hub.station_url("KIOSK-01"))

    assert (second.sent, second.applied) == (1, 1)
    assert hub_row(admin, changed)["note"] == "แก้ไขระหว่างส่ง"
    assert_agree(db, admin, "KIOSK-01")


def test_server_killed_in_the_middle_of_a_batch_then_resume(
    db: Database, station: Station, hub: Hub, admin: Engine
) -> None:
    add_visits(db, station, 25)
    url = hub.station_url("KIOSK-01")
    engine = connect_hub(url)
    commits = 0

    def kill_before_second_batch_commits(_conn: Connection) -> None:
        nonlocal commits
        commits += 1
        if commits == 3:  # the catalogue, batch 1, then batch 2: its rows are sent, not committed
            hub.server.kill()

    event.listen(engine, "commit", kill_before_second_batch_commits)
    try:
        with pytest.raises(SyncError) as failure:
            sync_to_district(db, station, url, hub=engine, sync=small_batches(10))
    finally:
        engine.dispose()
    assert failure.value.code == "connection_lost"
    assert "resumes" in failure.value.en
    assert hub.stations["KIOSK-01"].password not in failure.value.en
    assert pending(db) == 15  # batch 1 acknowledged, batch 2 not
    with db.read() as session:
        status = sync_status(session)
    assert status.last_error_code == "connection_lost" and status.pending == 15 and status.last_success_at is None

    hub.server.start()
    assert hub_count(admin, "KIOSK-01") == 10  # batch 2 was rolled back by the crash
    result = sync_to_district(db, station, url, sync=small_batches(10))

    assert (result.sent, result.applied) == (15, 15)
    assert_agree(db, admin, "KIOSK-01")
    with db.read() as session:
        assert sync_status(session).ok


def test_connection_refused_is_said_plainly_and_changes_nothing(db: Database, station: Station, hub: Hub) -> None:
    add_visits(db, station, 3)
    cred = hub.stations["KIOSK-01"]
    url = hub.server.url(cred.database, user=cred.role, password=cred.password, port=free_port())

    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, url)

    error = failure.value
    assert error.code == "connection_refused"
    assert "refused the connection" in error.en and "127.0.0.1" in error.en
    assert cred.password not in error.en and cred.password not in error.th
    assert pending(db) == 3
    with db.read() as session:
        status = sync_status(session)
    assert (status.last_error_code, status.last_error, status.last_error_th) == (error.code, error.en, error.th)


def test_wrong_password_is_refused_by_the_server(db: Database, station: Station, hub: Hub) -> None:
    add_visits(db, station, 3)
    wrong = "not-the-password-" + uuid.uuid4().hex

    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, hub.station_url("KIOSK-01", password=wrong))

    assert failure.value.code == "auth_failed"
    assert hub.stations["KIOSK-01"].role in failure.value.en
    assert wrong not in str(failure.value) and wrong not in failure.value.th
    assert pending(db) == 3


def test_a_station_cannot_send_another_stations_rows(db: Database, station: Station, hub: Hub, admin: Engine) -> None:
    """Rows carrying KIOSK-02 sent with KIOSK-01's role: the database itself refuses the whole batch."""
    add_visits(db, station, 2)
    add_visits(db, dataclasses.replace(station, id="KIOSK-02"), 2)

    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, hub.station_url("KIOSK-01"))

    assert failure.value.code == "refused_rows"
    assert "row-level security" in failure.value.en
    assert hub_count(admin) == 0
    assert pending(db) == 4


def test_a_station_cannot_overwrite_update_or_delete_another_stations_rows(
    db: Database, db2: Database, station: Station, station2: Station, hub: Hub, admin: Engine
) -> None:
    (theirs,) = add_visits(db2, station2, 1)
    sync_to_district(db2, station2, hub.station_url("KIOSK-02"))
    engine = connect_hub(hub.station_url("KIOSK-01"))
    try:
        # An upsert on their id under our own station id: the existing row fails our policy.
        row = hub_row(admin, theirs) | {"station_id": "KIOSK-01", "version": 99, "full_name": "ปลอม"}
        with pytest.raises(Exception, match="row-level security"), engine.begin() as conn:
            stmt = insert(hub_visit).values(row)
            conn.execute(
                stmt.on_conflict_do_update(index_elements=[hub_visit.c.id], set_={"full_name": stmt.excluded.full_name})
            )
        with engine.begin() as conn:  # their rows are invisible, so an UPDATE finds nothing
            touched = conn.execute(update(hub_visit).where(hub_visit.c.id == theirs).values(note="x")).rowcount
        assert touched == 0
        with pytest.raises(Exception, match="permission denied"), engine.begin() as conn:
            conn.execute(hub_visit.delete())
        with pytest.raises(Exception, match="row-level security"), engine.begin() as conn:
            conn.execute(
                hub_service.insert().values(
                    station_id="KIOSK-02",
                    code="fake",
                    name_th="ปลอม",
                    name_en="fake",
                    owner_th="",
                    url="https://example.invalid",
                    active=True,
                    display_order=0,
                    updated_at=station.now(),
                    received_at=station.now(),
                )
            )
    finally:
        engine.dispose()
    assert hub_row(admin, theirs)["full_name"] == "ผู้มาติดต่อ 0"
    assert hub_row(admin, theirs)["version"] == 1
    assert_agree(db2, admin, "KIOSK-02")


def test_a_station_cannot_read_another_stations_personal_data(
    db: Database, db2: Database, station: Station, station2: Station, hub: Hub
) -> None:
    add_visits(db, station, 3)
    add_visits(db2, station2, 4)
    sync_to_district(db, station, hub.station_url("KIOSK-01"))
    sync_to_district(db2, station2, hub.station_url("KIOSK-02"))
    engine = connect_hub(hub.station_url("KIOSK-01"))
    report = connect_hub(hub.server.url(hub.report.database, user=hub.report.role, password=hub.report.password))
    try:
        with engine.connect() as conn:
            seen = conn.execute(select(hub_visit.c.station_id, hub_visit.c.national_id)).all()
            logs = conn.execute(select(hub_sync_log.c.station_id)).scalars().all()
        assert {s for s, _ in seen} == {"KIOSK-01"} and len(seen) == 3
        assert logs == ["KIOSK-01"]
        with report.connect() as conn:
            assert conn.execute(select(hub_visit.c.station_id)).scalars().all().count("KIOSK-02") == 4
    finally:
        engine.dispose()
        report.dispose()


def test_progress_is_reported_per_batch_and_cancel_stops_between_batches(
    db: Database, station: Station, hub: Hub, admin: Engine
) -> None:
    add_visits(db, station, 23)
    url = hub.station_url("KIOSK-01")
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 10:
            cancel.set()

    result = sync_to_district(db, station, url, sync=small_batches(5), progress=progress, cancel=cancel)

    assert seen == [(5, 23), (10, 23)]
    assert result.cancelled and (result.sent, result.pending) == (10, 13)
    assert hub_count(admin) == 10

    def stop_at_once(done: int, total: int) -> None:
        raise SyncCancelled

    assert sync_to_district(db, station, url, sync=small_batches(5), progress=stop_at_once).sent == 5
    finished = sync_to_district(db, station, url, sync=small_batches(5))
    assert (finished.sent, finished.cancelled) == (8, False)
    assert_agree(db, admin, "KIOSK-01")


def test_the_whole_life_of_a_visit_reaches_the_hub(
    db: Database, station: Station, clock: FakeClock, hub: Hub, admin: Engine
) -> None:
    with db.write() as session:
        issued = register_visit(
            session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
        )
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    clock.advance(minutes=30)
    with db.write() as session:
        officer = Officer(name="นายเวร ประจำวัน")
        session.add(officer)
        session.flush()
        record_outcome(session, station, issued.visit.id, result=VisitResult.SUCCESS, officer_id=officer.id)
        mark_survey_printed(session, station, issued.visit.id)
    sync_to_district(db, station, url)
    row = hub_row(admin, issued.visit.id)
    assert (row["status"], row["result"], row["officer_name"]) == ("done", "success", "นายเวร ประจำวัน")
    assert row["finished_at"] == clock() and row["survey_slip_printed_at"] == clock()
    assert row["version"] > 1
    assert_agree(db, admin, "KIOSK-01")


def test_times_arrive_exact_whatever_the_hubs_time_zone(
    db: Database, station: Station, clock: FakeClock, hub: Hub, admin: Engine
) -> None:
    """The register's timestamps travel as SQLite keeps them, text in UTC: the hub reads them as UTC."""
    with admin.begin() as conn:
        conn.exec_driver_sql(f"ALTER ROLE \"{hub.stations['KIOSK-01'].role}\" SET TimeZone = 'America/Los_Angeles'")
    registered = clock()
    with db.write() as session:
        issued = register_visit(
            session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
        )
    clock.advance(minutes=45, seconds=7.25)
    with db.write() as session:
        mark_survey_printed(session, station, issued.visit.id)

    sync_to_district(db, station, hub.station_url("KIOSK-01"))

    row = hub_row(admin, issued.visit.id)
    assert (row["created_at"], row["survey_slip_printed_at"]) == (registered, clock())
    assert row["called_at"] is None


def test_tls_settings_from_the_configuration_reach_the_driver(
    db: Database, station: Station, hub: Hub, tmp_path: Any
) -> None:
    """The test server has no TLS: requiring it must fail, and say which settings to check."""
    add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, url, sync=SyncConfig(sslmode="require"))
    assert failure.value.code == "tls" and "sync.sslmode" in failure.value.en
    missing = tmp_path / "district-ca.pem"
    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, url, sync=SyncConfig(sslmode="verify-full", sslrootcert=str(missing)))
    assert failure.value.code == "tls"
    assert pending(db) == 1
    # A setting in the URL itself wins over the configuration.
    assert sync_to_district(db, station, url + "?sslmode=disable", sync=SyncConfig(sslmode="require")).sent == 1


def test_a_second_sync_of_the_same_station_at_once_stops_and_sends_nothing(
    db: Database, station: Station, hub: Hub, admin: Engine
) -> None:
    """The kiosk's own nightly run and the systemd timer's may start together: one runs, one steps aside."""
    add_visits(db, station, 5)
    url = hub.station_url("KIOSK-01")
    lock = text("SELECT station_id FROM hub_sync_lock WHERE station_id = 'KIOSK-01' FOR UPDATE NOWAIT")
    with admin.connect() as other:  # stands for the run already going: it holds the station's lock row
        assert other.scalar(lock) == "KIOSK-01"
        with pytest.raises(SyncBusy) as caught:
            sync_to_district(db, station, url)
        assert caught.value.code == "sync_busy" and "KIOSK-01" in caught.value.en
        assert hub_count(admin, "KIOSK-01") == 0 and pending(db) == 5
        with db.read() as session:
            status = sync_status(session)
        assert status.last_error == "" and status.skips == 1  # not a failure yet: the other run reports its own
        other.rollback()
    # once the lock is free the run goes through, and lets go of it when done
    pooled = connect_hub(url, poolclass=QueuePool)  # a pooled connection must not keep the lock either
    try:
        assert sync_to_district(db, station, url, hub=pooled).sent == 5
        assert sync_to_district(db, station, url, hub=pooled).sent == 0
        with admin.connect() as conn:
            assert conn.scalar(lock) == "KIOSK-01"
    finally:
        pooled.dispose()
    with db.read() as session:
        assert sync_status(session).skips == 0
    assert_agree(db, admin, "KIOSK-01")
