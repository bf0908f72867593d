"""The same alembic migrations bring SQLite and PostgreSQL to the same schema, and back down."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select

from kiosk.catalogue import seed_defaults
from kiosk.db import (
    UNMODELLED_PREFIXES,
    Database,
    current_revision,
    downgrade,
    head_revision,
    table_names,
    upgrade,
)
from kiosk.models import IdMethod, Visit
from kiosk.register import VisitorDetails, register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup

pytestmark = pytest.mark.postgres


def modelled_tables(engine: Engine) -> list[str]:
    """The tables both databases share: the SQLite-only trigram name index is left out."""
    return [t for t in inspect(engine).get_table_names() if not t.startswith(UNMODELLED_PREFIXES)]


def schema_of(engine: Engine) -> dict[str, dict[str, bool]]:
    """Table → column → nullable."""
    inspector = inspect(engine)
    return {
        table: {col["name"]: bool(col["nullable"]) for col in inspector.get_columns(table)}
        for table in modelled_tables(engine)
    }


def indexes_of(engine: Engine) -> dict[str, set[str]]:
    """Table → named indexes and unique constraints (PostgreSQL also lists the latter as indexes)."""
    inspector = inspect(engine)
    return {
        table: {str(ix["name"]) for ix in inspector.get_indexes(table) if "duplicates_constraint" not in ix}
        | {str(uq["name"]) for uq in inspector.get_unique_constraints(table)}
        for table in modelled_tables(engine)
    }


def test_upgrade_reaches_the_same_schema_on_sqlite_and_postgresql(tmp_path: Path, pg_database: str) -> None:
    sqlite = Database(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    pg = Database(pg_database)
    try:
        for database in (sqlite, pg):
            upgrade(database.engine)
            assert current_revision(database.engine) == head_revision()
        sqlite_schema, pg_schema = schema_of(sqlite.engine), schema_of(pg.engine)
        assert "visit" in pg_schema and "alembic_version" in pg_schema
        assert pg_schema == sqlite_schema
        assert indexes_of(pg.engine) == indexes_of(sqlite.engine)
    finally:
        sqlite.dispose()
        pg.dispose()


def test_downgrade_to_base_empties_both(tmp_path: Path, pg_database: str) -> None:
    for url in (f"sqlite:///{tmp_path / 'register.sqlite3'}", pg_database):
        database = Database(url)
        try:
            upgrade(database.engine)
            downgrade(database.engine, "base")
            assert current_revision(database.engine) is None
            assert table_names(database.engine) == ["alembic_version"]
            upgrade(database.engine)  # and up again from nothing
            assert current_revision(database.engine) == head_revision()
        finally:
            database.dispose()


def test_the_register_works_on_the_migrated_postgresql_schema(pg_database: str, station: Station) -> None:
    database = Database(pg_database)
    try:
        upgrade(database.engine)
        with database.write() as session:
            seed_defaults(session)
        with database.write() as session:
            first = register_visit(
                session,
                station,
                service_code="thaid",
                group=VisitorGroup.ELDERLY,
                id_method=IdMethod.TYPED,
                details=VisitorDetails(full_name="สมชาย ใจดี"),
            )
            second = register_visit(
                session, station, service_code="thaid", group=VisitorGroup.ELDERLY, id_method=IdMethod.OFFICER
            )
        assert (first.label, second.label) == ("P001", "P002")
        with database.read() as session:
            stored = session.scalars(select(Visit).order_by(Visit.created_at, Visit.full_name)).unique().all()
            assert {v.full_name for v in stored} == {"สมชาย ใจดี", None}
            assert all(v.created_at.tzinfo is not None for v in stored)
    finally:
        database.dispose()
