"""The district hub: schema and roles made or rotated by ``init_hub``, and the district-wide reader."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, inspect, text

from kiosk.db import Database
from kiosk.district import HUB_SCHEMA_VERSION, DistrictError, district_stations, district_visits, init_hub, role_name
from kiosk.models import IdMethod
from kiosk.register import VisitorDetails, VisitRecord, register_visit, visits_in_period
from kiosk.station import Station
from kiosk.sync import SyncError, connect_hub, sync_to_district
from kiosk.sync.hub import hub_metadata
from kiosk.validation import VisitorGroup
from tests.kiosk.sync.conftest import NATIONAL_ID, Hub, add_visits
from tests.pg import PgServer

pytestmark = pytest.mark.postgres


def test_the_hub_tables_match_what_the_kiosk_expects(hub: Hub, admin: Engine) -> None:
    inspector = inspect(admin)
    for table in hub_metadata.sorted_tables:
        columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name: c.nullable for c in table.columns}, table.name
    with admin.connect() as conn:
        forced: dict[str, bool] = dict(
            conn.execute(text("SELECT relname, relforcerowsecurity FROM pg_class WHERE relname LIKE 'hub\\_%'")).all()
        )
    assert all(forced[t.name] for t in hub_metadata.sorted_tables)


def test_init_again_migrates_nothing_and_rotates_the_password(hub: Hub, db: Database, station: Station) -> None:
    old = hub.stations["KIOSK-01"]
    again = init_hub(hub.admin_url, stations=["KIOSK-01"])
    assert (again.schema_from, again.schema_to) == (HUB_SCHEMA_VERSION, HUB_SCHEMA_VERSION)
    (new,) = again.credentials
    assert new.role == old.role and new.password != old.password
    add_visits(db, station, 2)
    with pytest.raises(SyncError) as failure:
        sync_to_district(db, station, hub.station_url("KIOSK-01"))
    assert failure.value.code == "auth_failed"
    assert sync_to_district(db, station, hub.station_url("KIOSK-01", password=new.password)).sent == 2


def test_station_roles_have_least_privilege(hub: Hub, admin: Engine) -> None:
    role = hub.stations["KIOSK-01"].role
    with admin.connect() as conn:
        flags = conn.execute(
            text(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname=:r"
            ),
            {"r": role},
        ).one()
        privileges = {
            p: conn.scalar(text("SELECT has_table_privilege(:r, 'hub_visit', :p)"), {"r": role, "p": p})
            for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
        }
    assert tuple(flags) == (False, False, False, False, True)
    assert privileges == {"SELECT": True, "INSERT": True, "UPDATE": True, "DELETE": False, "TRUNCATE": False}


def test_the_connection_settings_printed_for_a_station_work(hub: Hub) -> None:
    cred = hub.stations["KIOSK-02"]
    assert cred.url.startswith(f"postgresql://{cred.role}:{cred.password}@127.0.0.1:{hub.server.port}/")
    assert f'url = "{cred.url}"' in cred.as_toml()
    engine = connect_hub(cred.url)
    try:
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT current_user")) == cred.role
    finally:
        engine.dispose()


def test_bad_station_ids_and_bad_admin_passwords_are_refused(hub: Hub, pg_server: PgServer) -> None:
    with pytest.raises(DistrictError, match="bad station id"):
        init_hub(hub.admin_url, stations=["ไม่ใช่"])
    wrong = pg_server.url(hub.stations["KIOSK-01"].database, password="wrong-admin-password")
    with pytest.raises(DistrictError) as failure:
        init_hub(wrong, stations=["KIOSK-03"])
    assert "wrong password" in str(failure.value) and "wrong-admin-password" not in str(failure.value)


def test_role_names_are_scoped_by_database_and_fit_postgresql() -> None:
    assert role_name("register", "st_KIOSK-01") == "register_st_kiosk_01"
    long = role_name("d" * 60, "st_" + "K" * 40)
    assert len(long) == 63 and long != role_name("d" * 60, "st_" + "K" * 39 + "L")


def test_district_visits_merges_the_stations_with_a_station_column(
    hub: Hub, db: Database, db2: Database, station: Station, station2: Station
) -> None:
    with db.write() as session:
        mine = register_visit(
            session,
            station,
            service_code="thaid",
            group=VisitorGroup.CLERGY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="พระสมชาย", national_id=NATIONAL_ID),
        )
    add_visits(db, station, 2, day=station.today() - dt.timedelta(days=40))  # outside the period
    add_visits(db2, station2, 3)
    sync_to_district(db, station, hub.station_url("KIOSK-01"))
    sync_to_district(db2, station2, hub.station_url("KIOSK-02"))
    day = station.today()
    report_url = hub.server.url(hub.report.database, user=hub.report.role, password=hub.report.password)

    records = district_visits(report_url, day, day)

    assert [r.station_id for r in records].count("KIOSK-02") == 3
    assert [r.station_id for r in records].count("KIOSK-01") == 1
    assert all(isinstance(r, VisitRecord) for r in records)
    (hub_copy,) = [r for r in records if r.id == mine.visit.id]
    with db.read() as session:
        (local_copy,) = [r for r in visits_in_period(session, day, day) if r.id == mine.visit.id]
    assert hub_copy == local_copy  # the same record, field for field
    assert hub_copy.national_id_masked == "1-xxxx-xxxxx-x0-8"
    assert [r.station_id for r in district_visits(hub.admin_url, day, day, stations=["KIOSK-01"])] == ["KIOSK-01"]
    assert {r.station_id for r in district_visits(hub.station_url("KIOSK-02"), day, day)} == {"KIOSK-02"}

    stations = {s.station_id: s for s in district_stations(hub.admin_url)}
    assert (stations["KIOSK-01"].visits, stations["KIOSK-02"].visits) == (3, 3)
    assert stations["KIOSK-02"].last_sync_at == station2.now() and stations["KIOSK-02"].last_rows_sent == 3
