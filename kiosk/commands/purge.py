"""``kiosk purge``: remove personal data older than the retention period (PDPA)."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.retention import purge_personal_data


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "purge",
        help="remove visitors' personal data older than privacy.retention_days",
        description="Remove the name, national ID, phone and note of every visit older than "
        "privacy.retention_days (kiosk.toml), and the same data from the audit trail of those visits. "
        "Service, visitor group, result, day and rating stay for the reports. Safe to run again.",
    )
    parser.add_argument("--dry-run", action="store_true", help="count what would be removed; change nothing")
    parser.set_defaults(func=_purge)


def _purge(args: argparse.Namespace) -> int:
    config = config_of(args)
    station = station_of(config)
    db = open_database(config)
    try:
        with db.write() as session:
            result = purge_personal_data(
                session,
                station,
                retention_days=config.privacy.retention_days,
                actor="kiosk purge",
                dry_run=args.dry_run,
            )
    finally:
        db.dispose()
    verb = "would remove" if result.dry_run else "removed"
    print(
        f"{verb} personal data of {result.visits} visit(s) before {result.cutoff} "
        f"(retention {config.privacy.retention_days} days); {result.audit_events} audit event(s) "
        + ("to scrub" if result.dry_run else "scrubbed")
    )
    return 0
