"""``kiosk db``: migrate, back up and check the local register."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from kiosk.commands import config_of, open_database


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("db", help="the local register database")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    up = sub.add_parser("upgrade", help="apply migrations (also done at start-up) and load the default catalogue")
    up.set_defaults(func=_upgrade)

    bk = sub.add_parser("backup", help="a consistent online copy of the register into DIR, keeping the last N")
    bk.add_argument("dir", type=Path)
    bk.add_argument("--keep", type=int, default=None, help="copies to keep (default: backup.keep, 14)")
    bk.set_defaults(func=_backup)

    st = sub.add_parser("status", help="where the database is, its schema revision and integrity")
    st.set_defaults(func=_status)


def _upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from kiosk.catalogue import seed_defaults
    from kiosk.db import head_revision, upgrade

    config = config_of(args)
    db = open_database(config, migrate=False)
    upgrade(db.engine)
    with db.write() as session:
        summary = seed_defaults(session)
    print(f"database {make_url(config.db_url).render_as_string(hide_password=True)} at revision {head_revision()}")
    if summary:
        print(f"default catalogue loaded: {summary.added} services")
    db.dispose()
    return 0


def _sqlite_path(url: str) -> Path:
    from sqlalchemy.engine import make_url

    sa_url = make_url(url)
    if sa_url.get_backend_name() != "sqlite" or not sa_url.database:
        raise SystemExit("kiosk: backups are for the local SQLite register only")
    return Path(sa_url.database)


def _backup(args: argparse.Namespace) -> int:
    from kiosk.db import backup

    config = config_of(args)
    keep = args.keep if args.keep is not None else config.backup.keep
    if keep < 1:
        print("kiosk: --keep must be at least 1")
        return 2
    result = backup(_sqlite_path(config.db_url), args.dir, keep=keep)
    print(f"backup written: {result.path} ({result.size:,} bytes)")
    for old in result.removed:
        print(f"old backup removed: {old}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from kiosk.db import current_revision, head_revision

    config = config_of(args)
    db = open_database(config, migrate=False)
    print(f"database: {make_url(config.db_url).render_as_string(hide_password=True)}")
    print(f"revision: {current_revision(db.engine) or '(empty)'} (code expects {head_revision()})")
    db.dispose()
    if db.is_sqlite:
        with sqlite3.connect(_sqlite_path(config.db_url)) as conn:
            (result,) = conn.execute("PRAGMA integrity_check").fetchone()
        print(f"integrity: {result}")
        return 0 if result == "ok" else 1
    return 0
