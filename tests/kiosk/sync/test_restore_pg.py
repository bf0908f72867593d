"""A kiosk restored from a backup older than its last sync: its later corrections still win at the hub."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select

from kiosk import district, models
from kiosk.db import Database, backup
from kiosk.district import HUB_SCHEMA_VERSION, init_hub
from kiosk.models import AuditEvent
from kiosk.register import correct_visit
from kiosk.retention import purge_personal_data
from kiosk.station import Station
from kiosk.sync import SyncError, connect_hub, sync_status, sync_to_district
from kiosk.sync import engine as sync_engine
from kiosk.sync.hub import hub_visit
from kiosk.sync.restore import pull_from_district
from tests.conftest import FakeClock
from tests.kiosk.sync.conftest import Hub, add_visits, assert_agree
from tests.pg import PgServer

pytestmark = pytest.mark.postgres


def hub_row(admin: Engine, visit_id: uuid.UUID) -> dict[str, Any]:
    with admin.connect() as conn:
        return dict(conn.execute(select(hub_visit).where(hub_visit.c.id == visit_id)).mappings().one())


def restore(db: Database, db_path: Path, copy: Path) -> None:
    """Put a backup in place of the live register, as a technician would: engine closed, WAL gone."""
    db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(copy, db_path)


def test_a_correction_after_a_restore_from_an_older_backup_wins(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    old_copy = backup(db_path, tmp_path / "backups", keep=1).path
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขครั้งที่ 1"})
    first = sync_to_district(db, station, url)
    assert (first.sent, first.applied) == (1, 1)
    lost_version = hub_row(admin, visit_id)["version"]

    restore(db, db_path, old_copy)
    with db.write() as session:
        record = correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขครั้งที่ 2"})
    assert record.version > lost_version
    # The hub holds a correction this register never saw: sending would overwrite it unseen.
    with pytest.raises(SyncError) as refused:
        sync_to_district(db, station, url)
    assert refused.value.code == "register_behind" and "kiosk sync --pull" in refused.value.en
    assert hub_row(admin, visit_id)["version"] == lost_version  # nothing changed at the hub
    assert pull_from_district(db, station, url).merged == 1
    second = sync_to_district(db, station, url)

    assert (second.sent, second.applied) == (1, 1)
    row = hub_row(admin, visit_id)
    assert row["note"] == "แก้ไขครั้งที่ 2" and row["version"] > record.version  # the later correction wins
    assert_agree(db, admin, "KIOSK-01")


def test_a_purge_after_a_restore_reaches_the_hub_too(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    """Retention bumps versions with a bulk update outside the ORM: the same rule applies."""
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    old_copy = backup(db_path, tmp_path / "backups", keep=1).path
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขครั้งที่ 1"})
    sync_to_district(db, station, url)

    restore(db, db_path, old_copy)
    clock.advance(days=400)
    with db.write() as session:
        assert purge_personal_data(session, station, retention_days=365).visits == 1
    with pytest.raises(SyncError):  # behind the hub: pull first, and the erasure survives the merge
        sync_to_district(db, station, url)
    assert pull_from_district(db, station, url).merged == 1
    result = sync_to_district(db, station, url)

    assert (result.sent, result.applied) == (1, 1)
    row = hub_row(admin, visit_id)
    assert (row["full_name"], row["national_id"], row["note"]) == (None, None, "")
    assert row["purged_at"] == clock()
    assert_agree(db, admin, "KIOSK-01")


def test_a_hub_made_before_64_bit_versions_is_migrated_in_place(
    pg_server: PgServer, pg_database: str, db: Database, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_software:
        old_software.setattr(district, "HUB_SCHEMA_VERSION", 1)
        old_software.setattr(district, "_MIGRATIONS", district._MIGRATIONS[:1])
        first = init_hub(pg_database, stations=["KIOSK-01"])
    assert (first.schema_from, first.schema_to) == (0, 1)
    (cred,) = first.credentials
    url = pg_server.url(cred.database, user=cred.role, password=cred.password)
    (visit_id,) = add_visits(db, station, 1)
    with pytest.raises(SyncError) as outdated:  # this software needs the hub's per-station lock rows
        sync_to_district(db, station, url)
    assert outdated.value.code == "hub_outdated" and "kiosk district init" in outdated.value.en
    with monkeypatch.context() as old_software:  # the software that made the hub synced without them
        old_software.setattr(sync_engine, "_one_run_per_station", lambda *_: contextlib.nullcontext())
        # It sent its rows as JSON; today's code, playing its part, copies them through a temporary table.
        pg_server.execute(f'GRANT TEMPORARY ON DATABASE "{cred.database}" TO "{cred.role}"')
        sync_to_district(db, station, url)
        pg_server.execute(f'REVOKE TEMPORARY ON DATABASE "{cred.database}" FROM "{cred.role}"')

    again = init_hub(pg_database)

    assert (again.schema_from, again.schema_to) == (1, HUB_SCHEMA_VERSION)
    admin = connect_hub(pg_database)
    try:
        (version,) = [c for c in inspect(admin).get_columns("hub_visit") if c["name"] == "version"]
        assert str(version["type"]) == "BIGINT"
        with db.write() as session:
            record = correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "หลังปรับฐานข้อมูล"})
        assert record.version > 2**31
        assert sync_to_district(db, station, url).applied == 1
        assert (hub_row(admin, visit_id)["note"], hub_row(admin, visit_id)["version"]) == (
            "หลังปรับฐานข้อมูล",
            record.version,
        )
        assert_agree(db, admin, "KIOSK-01")
    finally:
        admin.dispose()


def test_a_hub_whose_stations_may_not_make_temporary_tables_is_migrated_before_anything_is_sent(
    pg_server: PgServer, pg_database: str, db: Database, station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_software:  # schema 3: the hub of the software before COPY
        old_software.setattr(district, "HUB_SCHEMA_VERSION", 3)
        old_software.setattr(district, "_MIGRATIONS", district._MIGRATIONS[:3])
        (cred,) = init_hub(pg_database, stations=["KIOSK-01"]).credentials
    url = pg_server.url(cred.database, user=cred.role, password=cred.password)
    add_visits(db, station, 3)
    with pytest.raises(SyncError) as outdated:
        sync_to_district(db, station, url)
    assert outdated.value.code == "hub_outdated" and "temporary table" in outdated.value.en
    admin = connect_hub(pg_database)
    try:
        with admin.connect() as conn:
            assert conn.scalar(select(hub_visit.c.id)) is None  # nothing sent
        assert init_hub(pg_database).schema_from == 3
        assert sync_to_district(db, station, url).applied == 3
        assert_agree(db, admin, "KIOSK-01")
    finally:
        admin.dispose()


def test_after_a_restore_a_name_correction_does_not_erase_the_hubs_later_phone_correction(
    db: Database, db_path: Path, station: Station, clock: FakeClock, hub: Hub, admin: Engine, tmp_path: Path
) -> None:
    """The lost-correction case: phone corrected and synced, register restored, then the name corrected."""
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    old_copy = backup(db_path, tmp_path / "backups", keep=1).path
    clock.advance(hours=1)
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"phone": "0812345678"})
    sync_to_district(db, station, url)

    restore(db, db_path, old_copy)
    clock.advance(hours=1)
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"full_name": "นางปิ่น รักไทย"})
    with pytest.raises(SyncError) as refused:
        sync_to_district(db, station, url)
    assert refused.value.code == "register_behind" and "1 changed here and at the hub" in refused.value.en
    assert hub_row(admin, visit_id)["phone"] == "0812345678"  # untouched

    merged = pull_from_district(db, station, url)
    assert (merged.merged, merged.added, merged.updated) == (1, 0, 0)
    sync_to_district(db, station, url)
    row = hub_row(admin, visit_id)
    assert (row["full_name"], row["phone"]) == ("นางปิ่น รักไทย", "0812345678")  # both corrections kept
    with db.read() as session:
        trail = session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "pull_merge", AuditEvent.entity_id == str(visit_id))
        ).all()
    assert [json.loads(d) for d in trail] == [{"from_hub": ["phone"], "kept_here": ["full_name"]}]
    assert_agree(db, admin, "KIOSK-01")


def test_a_correction_made_with_the_clock_behind_is_neither_lost_nor_marked_synced(
    db: Database,
    db_path: Path,
    station: Station,
    clock: FakeClock,
    hub: Hub,
    admin: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock.set(dt.datetime.now(dt.UTC))
    monkeypatch.setattr(models, "utcnow", clock)  # one machine clock for versions and the audit trail
    (visit_id,) = add_visits(db, station, 1)
    url = hub.station_url("KIOSK-01")
    sync_to_district(db, station, url)
    old_copy = backup(db_path, tmp_path / "backups", keep=1).path
    clock.advance(days=2)
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขก่อนกู้คืน"})
    sync_to_district(db, station, url)
    hub_version = hub_row(admin, visit_id)["version"]

    restore(db, db_path, old_copy)
    clock.advance(days=-1)  # the restored kiosk's clock is a day behind the hub's last change
    with db.write() as session:
        record = correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไขหลังกู้คืน"})
    assert record.version < hub_version
    with pytest.raises(SyncError) as refused:
        sync_to_district(db, station, url)
    assert "1 newer at the hub" in refused.value.en
    with db.read() as session:
        assert sync_status(session).pending == 1  # not marked synced
    pull_from_district(db, station, url)
    sync_to_district(db, station, url)
    assert hub_row(admin, visit_id)["note"] == "แก้ไขหลังกู้คืน"  # the later correction (by the audit trail) wins
    assert_agree(db, admin, "KIOSK-01")
