"""The register on both databases: ``any_db`` runs a test on SQLite and on PostgreSQL.

SQLite is the kiosk's own database: each test gets a fresh file (the ``db`` fixture), with
real commits and ``BEGIN IMMEDIATE``. PostgreSQL is migrated ONCE per test session
(``pg_register_url``); each test then runs inside one outer transaction that is rolled back
afterwards, its sessions joined to it with SAVEPOINTs (SQLAlchemy's "Joining a Session into
an External Transaction" recipe, ``join_transaction_mode="create_savepoint"``), so a test
sees the migrated schema and the default catalogue and leaves nothing behind.

A test that needs real commits on PostgreSQL (several connections, threads) takes a fresh
``pg_database`` instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from kiosk.catalogue import seed_defaults
from kiosk.db import Database, make_engine, upgrade
from tests.pg import PgServer


def migrated(url: str) -> Database:
    """A Database at ``url`` with the schema at head and the default catalogue, committed."""
    database = Database(url)
    upgrade(database.engine)
    with database.write() as session:
        seed_defaults(session)
    return database


@pytest.fixture(scope="session")
def pg_register_url(pg_server: PgServer) -> Iterator[str]:
    """One migrated PostgreSQL register with the default catalogue, shared by the whole session."""
    name = f"register_{uuid.uuid4().hex[:8]}"
    url = pg_server.create_database(name)
    migrated(url).dispose()
    yield url
    pg_server.start()  # a test may have killed the server
    pg_server.drop_database(name)


@pytest.fixture(scope="session")
def pg_register_engine(pg_register_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_register_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_register(pg_server: PgServer, pg_register_engine: Engine) -> Iterator[Database]:
    """The shared PostgreSQL register, in a transaction rolled back after the test."""
    pg_server.start()  # a test before may have killed it; pool_pre_ping replaces dead connections
    with pg_register_engine.connect() as connection:
        outer = connection.begin()
        database = Database.joined(connection)
        try:
            yield database
        finally:
            database.dispose()
            outer.rollback()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest) -> Database:
    """A migrated register with the default catalogue, on SQLite and on PostgreSQL."""
    fixture = "db" if request.param == "sqlite" else "pg_register"
    database = request.getfixturevalue(fixture)
    assert isinstance(database, Database)
    return database
