from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kiosk.catalogue import seed_defaults
from kiosk.db import (
    Database,
    backup,
    current_revision,
    downgrade,
    head_revision,
    include_object,
    newest_migration,
    upgrade,
)
from kiosk.models import Base, IdMethod
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
