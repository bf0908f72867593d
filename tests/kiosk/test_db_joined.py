"""Database.joined: sessions in SAVEPOINTs of a caller's transaction (the isolation of ``any_db``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from kiosk import register as reg
from kiosk.db import Database
from kiosk.models import IdMethod, Visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup


def count_visits(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Visit)) or 0)


def register(database: Database, station: Station) -> str:
    with database.write() as session:
        ticket = reg.register_visit(
            session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
        )
    return ticket.label


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """A migrated register's engine, whose commits are real."""
    if request.param == "sqlite":
        database = request.getfixturevalue("db")
        assert isinstance(database, Database)
        return database.engine
    pg_engine = request.getfixturevalue("pg_register_engine")
    assert isinstance(pg_engine, Engine)
    return pg_engine


def test_commits_stay_in_the_outer_transaction_and_a_failure_undoes_only_its_own_block(
    engine: Engine, station: Station
) -> None:
    before = count_visits(engine)
    with engine.connect() as connection:
        outer = connection.begin()
        database = Database.joined(connection)
        assert register(database, station) == "A001"
        with pytest.raises(RuntimeError), database.write() as session:
            reg.register_visit(
                session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
            )
            raise RuntimeError("the officer cancelled")
        assert register(database, station) == "A002"  # the cancelled block gave its number back
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(Visit)) == before + 2
        database.dispose()
        assert not connection.closed and outer.is_active  # the caller's, untouched
        outer.rollback()
    assert count_visits(engine) == before  # nothing was kept


def test_a_connection_without_a_transaction_is_refused(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(ValueError, match="begin a transaction"):
        Database.joined(connection)
