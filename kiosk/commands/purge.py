"""``kiosk purge``: remove personal data older than the retention period (PDPA)."""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.validation import ValidationError


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

    erase = subparsers.add_parser(
        "erase",
        help="an erasure request: remove one visitor's personal data now",
        description="Remove now the name, national ID, phone and note of a visitor's visits (an erasure "
        "request under the PDPA, to be done within 90 days), found by the full national ID and/or given by "
        "visit id (from a search in the staff area). What the reports count stays; the district's copy is "
        "erased at the next sync; backups keep the data until they rotate out (backup.keep nights).",
    )
    erase.add_argument("--national-id", help="the visitor's 13-digit national ID")
    erase.add_argument("--visit", action="append", default=[], metavar="UUID", help="a visit id (repeatable)")
    erase.add_argument("--actor", required=True, help="who carries out the request (recorded in the audit trail)")
    erase.add_argument("--dry-run", action="store_true", help="count the visits; change nothing")
    erase.set_defaults(func=_erase)


def _purge(args: argparse.Namespace) -> int:
    from kiosk.retention import purge_personal_data

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


def _erase(args: argparse.Namespace) -> int:
    from kiosk.retention import erase_visitor

    try:
        visit_ids = [uuid.UUID(v) for v in args.visit]
    except ValueError as exc:
        print(f"kiosk: --visit: {exc}", file=sys.stderr)
        return 2
    config = config_of(args)
    db = open_database(config)
    try:
        with db.write() as session:
            result = erase_visitor(
                session,
                station_of(config),
                actor=args.actor,
                national_id=args.national_id,
                visit_ids=visit_ids,
                dry_run=args.dry_run,
            )
    except ValidationError as exc:
        print(f"kiosk: {exc.en}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    verb = "would erase" if result.dry_run else "erased"
    print(f"{verb} the personal data of {result.visits} visit(s); {result.audit_events} audit event(s) scrubbed")
    if not result.dry_run and result.visits:
        print(f"backups keep it until they rotate out ({config.backup.keep} nights); the district at the next sync")
    return 0
