"""``kiosk db``: migrate, back up and check the local register."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.commands import config_of, open_database
from kiosk.config import ConfigError, sqlite_path
from kiosk.errors import EXIT_OK, EXIT_REGISTER, KioskError


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


# The register's modules (SQLAlchemy, Alembic) are imported by the action, not to read the command line.


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
    path = sqlite_path(url)
    if path is None:
        raise KioskError("backup.not_sqlite", "สำรองข้อมูลไม่ได้", "backups are for the local SQLite register only")
    return path


def _backup(args: argparse.Namespace) -> int:
    from kiosk.db import backup

    config = config_of(args)
    keep = args.keep if args.keep is not None else config.backup.keep
    if keep < 1:
        raise ConfigError("--keep", "must be at least 1")
    result = backup(_sqlite_path(config.db_url), args.dir, keep=keep)
    print(f"backup written: {result.path} ({result.size:,} bytes)")
    for old in result.removed:
        print(f"old backup removed: {old}")
    return 0


def _status(args: argparse.Namespace) -> int:
    """Report without changing anything; exit 3 (kiosk.errors.EXIT_REGISTER) when something needs doing."""
    from sqlalchemy.engine import make_url

    from kiosk.db import check_register, current_revision, head_revision

    config = config_of(args)
    print(f"database: {make_url(config.db_url).render_as_string(hide_password=True)}")
    path = sqlite_path(config.db_url)
    if path is None:
        db = open_database(config, migrate=False)
        try:
            revision = current_revision(db.engine)
        finally:
            db.dispose()
        print(f"revision: {revision or '(empty)'} (code expects {head_revision()})")
        return EXIT_OK if revision == head_revision() else EXIT_REGISTER
    health = check_register(path)
    if health.size is None:
        print("file:     none yet (a new register is made at the first start or by `kiosk db upgrade`)")
        return EXIT_OK
    print(f"file:     {health.size:,} bytes")
    print(f"revision: {health.revision or '(none)'} (code expects {health.head})")
    print(f"integrity: {'; '.join(health.integrity[:3])}")
    for problem in health.problems:
        print(f"kiosk: the register {path}: {problem}", file=sys.stderr)
    return EXIT_REGISTER if health.problems else EXIT_OK
