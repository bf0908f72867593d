"""Visit versions are a hybrid logical clock: later changes always rank higher, even with the clock set back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, literal, select, text

from kiosk.catalogue import seed_defaults
from kiosk.db import Database, downgrade, upgrade
from kiosk.models import Visit, next_version, next_version_sql
from kiosk.register import correct_visit, search
from kiosk.station import Station
from tests.kiosk.sync.conftest import add_visits

T0 = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)
T0_US = 1_795_489_200_000_000  # T0 in microseconds since 1970-01-01 UTC


def test_a_version_is_the_microseconds_of_the_change_when_that_is_higher() -> None:
    assert next_version(1, T0) == T0_US
    assert next_version(None, T0) == T0_US
    bangkok = T0.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert next_version(1, bangkok) == T0_US  # the instant counts, not the zone
    assert next_version(T0_US, T0 + dt.timedelta(microseconds=5)) == T0_US + 5


def test_versions_only_ever_grow_even_when_the_clock_is_set_back() -> None:
    moments = [T0, T0 + dt.timedelta(seconds=1), T0 - dt.timedelta(days=400), T0 - dt.timedelta(days=400), T0]
    versions = [1]
    for moment in moments:
        versions.append(next_version(versions[-1], moment))
    assert versions == [1, T0_US, T0_US + 1_000_000, T0_US + 1_000_001, T0_US + 1_000_002, T0_US + 1_000_003]


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_version(1, dt.datetime(2026, 11, 24, 10, 0))


@pytest.mark.parametrize("old", [0, 1, 41, T0_US - 1, T0_US, T0_US + 1, 2**62])
def test_the_sql_expression_follows_the_same_rule(db: Database, old: int) -> None:
    with db.read() as session:
        computed = session.scalar(select(next_version_sql(literal(old), T0)))
    assert computed == next_version(old, T0)


def test_a_change_through_the_orm_takes_a_clock_version(db: Database, station: Station) -> None:
    (visit_id,) = add_visits(db, station, 1)
    before = dt.datetime.now(dt.UTC)
    with db.write() as session:
        correct_visit(session, station, visit_id, actor="supervisor", changes={"note": "แก้ไข"})
    with db.read() as session:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        assert visit.version >= next_version(1, before) > 2**31  # needs the 64-bit column
        assert visit.version > visit.synced_version


def test_migration_0004_keeps_the_name_index_in_step_with_the_rebuilt_table(tmp_path: Path, station: Station) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        upgrade(database.engine, "0003")
        with database.write() as session:
            seed_defaults(session)
        ids = add_visits(database, station, 6)
        with database.write() as session:
            # a gap in the rowids: the table copy of batch mode numbers the rows afresh
            session.execute(delete(Visit).where(Visit.id.in_(ids[:2])))
            session.execute(text("ANALYZE"))

        upgrade(database.engine)

        with database.engine.connect() as conn:
            types = {r[1]: r[2] for r in conn.execute(text("PRAGMA table_info(visit)"))}
            triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            analysed = set(conn.execute(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'visit'")).scalars())
        assert (types["version"], types["synced_version"]) == ("BIGINT", "BIGINT")
        assert triggers == {"visit_name_fts_ai", "visit_name_fts_ad", "visit_name_fts_au"}
        assert {"ix_visit_pending", "ix_visit_local_day_status"} <= analysed  # the planner's statistics are back
        with database.read() as session:
            found = search(session, name="ผู้มาติดต่อ 4")
            assert [v.id for v in found] == [ids[4]]
            assert search(session, name="ผู้มาติดต่อ 0") == []
        with database.write() as session:
            correct_visit(session, station, ids[5], actor="supervisor", changes={"full_name": "สมศรี มีสุข"})
        (new_id,) = add_visits(database, station, 1, named=False)
        with database.write() as session:
            correct_visit(session, station, new_id, actor="supervisor", changes={"full_name": "บุญมา ทองดี"})
            assert [v.id for v in search(session, name="มีสุข")] == [ids[5]]
            assert [v.id for v in search(session, name="ทองดี")] == [new_id]
            assert search(session, name="ผู้มาติดต่อ 5") == []

        downgrade(database.engine, "0003")
        with database.read() as session:
            assert [v.id for v in search(session, name="ทองดี")] == [new_id]
    finally:
        database.dispose()
