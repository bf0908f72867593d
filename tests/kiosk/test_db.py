from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import bindparam, event, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kiosk.catalogue import seed_defaults
from kiosk.db import (
    Database,
    DriverStatement,
    backup,
    current_revision,
    downgrade,
    head_revision,
    include_object,
    newest_migration,
    upgrade,
)
from kiosk.models import Base, IdMethod, Lane, QueueCounter, Service, Visit, VisitStatus
from kiosk.register import register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrations_match_the_models_and_go_down_and_up(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    downgrade(db.engine, "base")
    with db.engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
    assert names <= {"alembic_version"}
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()


def test_a_register_at_the_newest_migration_opens_without_alembic(tmp_path: Path) -> None:
    """The kiosk's every start and every command: the register is at head, Alembic is not imported."""
    assert newest_migration() == head_revision()  # the scripts' own lines, as Alembic reads them
    path = tmp_path / "r.sqlite3"
    code = (
        "import sys\n"
        "from kiosk.db import Database, upgrade\n"
        f"db = Database('sqlite:///{path}')\n"
        "upgrade(db.engine)\n"
        "print('alembic' in sys.modules)\n"
    )
    first, again = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        for _ in range(2)
    )
    assert (first, again) == ("True", "False")
    assert current_revision(Database(f"sqlite:///{path}").engine) == head_revision()


def test_online_backup_during_writes_is_consistent(
    db: Database, db_path: Path, station: Station, tmp_path: Path
) -> None:
    stop = threading.Event()

    def write() -> None:
        while not stop.is_set():
            with db.write() as session:
                register_visit(
                    session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
                )

    writer = threading.Thread(target=write)
    writer.start()
    try:
        results = [backup(db_path, tmp_path / "b", keep=3) for _ in range(5)]
    finally:
        stop.set()
        writer.join()
    assert len(list((tmp_path / "b").glob("register-*.sqlite3"))) == 3
    copy = Database(f"sqlite:///{results[-1].path}")
    with copy.engine.connect() as conn:
        visits = conn.execute(text("SELECT count(*) FROM visit")).scalar()
        tickets = conn.execute(text("SELECT count(*) FROM queue_ticket")).scalar()
    assert visits == tickets  # a visit and its ticket are committed together, never half
    copy.dispose()


def test_upgrading_a_register_in_use_keeps_every_row(tmp_path: Path, station: Station) -> None:
    """Migrations that rebuild visit (SQLite batch mode) must work while tickets and print jobs point at it."""
    from sqlalchemy import func, select

    from kiosk.models import QueueTicket, Visit
    from kiosk.printing import SlipKind, record_print_failure

    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(db.engine, "0003")
    with db.write() as session:
        seed_defaults(session)
    with db.engine.begin() as conn:  # rows as revision 0003 wrote them
        service_id = conn.execute(text("SELECT id FROM service LIMIT 1")).scalar()
        for i in range(3):
            vid = f"{i:032x}"
            conn.execute(
                text(
                    'INSERT INTO visit (id, station_id, created_at, local_day, full_name, id_method, "group", '
                    "service_id, status, result_reason, note, phone_consent, survey_answered, updated_at, version, "
                    "synced_version) VALUES (:id, 'K', '2026-11-24 03:00:00', '2026-11-24', :name, 'typed', "
                    "'general', :service, 'waiting', '', '', 0, 0, '2026-11-24 03:00:00', 1, 0)"
                ),
                {"id": vid, "name": f"ปิ่น รักไทย{'ก' * i}", "service": service_id},
            )
            conn.execute(
                text(
                    "INSERT INTO queue_ticket (id, visit_id, local_day, lane, number, issued_at) "
                    "VALUES (:tid, :vid, '2026-11-24', 'A', :n, '2026-11-24 03:00:00')"
                ),
                {"tid": f"{i + 100:032x}", "vid": vid, "n": i + 1},
            )
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    with db.write() as session:
        first = session.scalars(select(Visit).order_by(Visit.full_name)).first()
        assert first is not None
        record_print_failure(session, station, first.id, SlipKind.TICKET, "paper out")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 3
        assert session.scalar(select(func.count()).select_from(QueueTicket)) == 3
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_the_register_and_its_backups_are_readable_by_their_owner_only(tmp_path: Path, station: Station) -> None:
    """Personal data (PDPA): whatever the umask, a new register, its WAL files and its backups are 0600."""
    old_umask = os.umask(0o022)
    try:
        home = tmp_path / "new-home"
        db_path = home / "register.sqlite3"
        database = Database(f"sqlite:///{db_path}")
        try:
            upgrade(database.engine)
            with database.write() as session:
                seed_defaults(session)
                register_visit(
                    session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
                )
            made = backup(db_path, tmp_path / "backups", keep=2)
            # while the register is open, with its -wal and -shm files
            modes = {
                p.name: stat.S_IMODE(p.stat().st_mode) for p in [home, *home.iterdir(), made.path, made.path.parent]
            }
        finally:
            database.dispose()
    finally:
        os.umask(old_umask)
    assert modes == {
        "new-home": 0o700,
        "register.sqlite3": 0o600,
        "register.sqlite3-wal": 0o600,
        "register.sqlite3-shm": 0o600,
        made.path.name: 0o600,
        "backups": 0o700,
    }


def test_an_existing_register_keeps_its_permissions(tmp_path: Path) -> None:
    db_path = tmp_path / "register.sqlite3"
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    db_path.chmod(0o640)  # chosen by the installer, e.g. for a backup group
    Database(f"sqlite:///{db_path}").dispose()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640


def test_a_driver_statement_sends_what_sqlalchemy_sends_and_reads_what_it_reads(any_db: Database) -> None:
    """Straight to the driver (the registration's hot path): the same SQL and parameters as
    ``Connection.execute``, through every column type the registration uses, fixed values and
    RETURNING included; rows come back converted as SQLAlchemy converts them."""
    with any_db.read() as session:
        service_id = session.scalar(select(Service.id).where(Service.code == "thaid"))
    at = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)  # no microseconds: SQLite keeps ".000000" all the same
    values = {
        "id": uuid.uuid4(),
        "station_id": "KIOSK-01",
        "created_at": at,
        "local_day": dt.date(2026, 11, 24),
        "full_name": "ปิ่น รักไทย",
        "national_id": None,
        "phone_consent": True,
        "id_method": IdMethod.TYPED,
        "group": VisitorGroup.ELDERLY,
        "service_id": service_id,
        "status": VisitStatus.WAITING,
        "result_reason": "",
        "note": "",
        "survey_answered": False,
        "updated_at": at + dt.timedelta(microseconds=7),
        "version": 1,
        "synced_version": 0,
    }
    upsert = (sqlite_insert if any_db.engine.dialect.name == "sqlite" else pg_insert)(QueueCounter)
    counter = (
        upsert.values(local_day=bindparam("day"), lane=bindparam("lane"), last_number=1)
        .on_conflict_do_update(
            index_elements=[QueueCounter.local_day, QueueCounter.lane],
            set_={"last_number": QueueCounter.last_number + 1},
        )
        .returning(QueueCounter.last_number)
    )
    row = select(Visit.id, Visit.created_at, Visit.local_day, Visit.group, Visit.phone_consent, Visit.service_id)
    row = row.where(Visit.id == bindparam("visit"))
    sent: list[tuple[str, Any]] = []

    def listen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        sent.append((statement, parameters))

    with any_db.write_core() as conn:
        driver = conn.connection.driver_connection
        event.listen(conn, "before_cursor_execute", listen)
        try:
            for statement, given, keys in (
                (insert(Visit), values, list(values)),
                (counter, {"day": dt.date(2026, 11, 24), "lane": Lane.PRIORITY}, None),
                (row, {"visit": values["id"]}, None),
            ):
                by_sqlalchemy = conn.execute(statement, given)
                rows = [tuple(r) for r in by_sqlalchemy] if by_sqlalchemy.returns_rows else []
                direct = DriverStatement(statement, conn.dialect, column_keys=keys)
                assert (direct.sql, direct.parameters(given)) == sent.pop()
                assert not sent
                if statement is counter:  # run again: the next number, read as SQLAlchemy reads it
                    assert direct.run(driver, given) == [(rows[0][0] + 1,)]
                elif rows:
                    assert direct.run(driver, given) == rows
            assert rows == [(values["id"], at, dt.date(2026, 11, 24), VisitorGroup.ELDERLY, True, service_id)]
            other = uuid.uuid4()
            DriverStatement(insert(Visit), conn.dialect, column_keys=list(values)).run(driver, {**values, "id": other})
            stored = conn.execute(select(Visit).where(Visit.id.in_([values["id"], other]))).mappings().all()
            assert len(stored) == 2
            assert {k: v for k, v in stored[0].items() if k != "id"} == {
                k: v for k, v in stored[1].items() if k != "id"
            }
            with pytest.raises(ValueError, match="note"):  # a column left to its default: refused, not sent as NULL
                DriverStatement(insert(Visit), conn.dialect, column_keys=[k for k in values if k != "note"])
        finally:
            event.remove(conn, "before_cursor_execute", listen)
