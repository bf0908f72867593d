"""``kiosk services``: list and import the service catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kiosk.commands import config_of, open_database


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("services", help="the catalogue of e-Services")
    sub = parser.add_subparsers(dest="services_command", metavar="ACTION", required=True)

    ls = sub.add_parser("list", help="list the catalogue")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--active", action="store_true", help="only the services shown to citizens")
    ls.set_defaults(func=_list)

    imp = sub.add_parser(
        "import",
        help="add or update services from a TOML or CSV file; nothing changes if any entry is bad",
        description="Columns/keys: code, name_th, name_en, owner_th, url (required), owner_en, help_th, help_en, "
        "icon, active, display_order, verified, inactive_message_th. Services not in the file are left as they are.",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check the file only")
    imp.set_defaults(func=_import)

    for name, active in (("enable", True), ("disable", False)):
        p = sub.add_parser(name, help=f"{'show' if active else 'hide'} a service on the kiosk")
        p.add_argument("code")
        if not active:
            p.add_argument("--message", default="", help="Thai message shown to citizens, e.g. ระบบปิดปรับปรุง")
        p.set_defaults(func=_set_active, active=active)


def _list(args: argparse.Namespace) -> int:
    from kiosk.catalogue import list_services

    db = open_database(config_of(args))
    with db.read() as session:
        entries = list_services(session, active_only=args.active)
    db.dispose()
    if args.json:
        json.dump([asdict(e) for e in entries], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for e in entries:
        flags = ("" if e.active else " [ปิด]") + ("" if e.verified else " [รอตรวจกับรายการของ ปค.]")
        print(f"{e.display_order:>3}. {e.code:<30} {e.name_th} — {e.owner_th}{flags}")
    print(f"{len(entries)} services")
    return 0


def _import(args: argparse.Namespace) -> int:
    from kiosk.catalogue import CatalogueError, apply_entries, parse_file

    try:
        entries = parse_file(args.file)
    except FileNotFoundError:
        print(f"kiosk: no such file: {args.file}", file=sys.stderr)
        return 1
    except CatalogueError as exc:
        print(f"kiosk: {args.file}: nothing imported, {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{args.file}: {len(entries)} services, all valid (dry run, nothing changed)")
        return 0
    db = open_database(config_of(args))
    with db.write() as session:
        summary = apply_entries(session, entries)
    db.dispose()
    print(f"imported {args.file}: {summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged")
    return 0


def _set_active(args: argparse.Namespace) -> int:
    from kiosk.catalogue import CatalogueError, set_active

    db = open_database(config_of(args))
    try:
        with db.write() as session:
            entry = set_active(session, args.code, args.active, message_th=getattr(args, "message", ""))
    except (CatalogueError, ValueError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"{entry.code}: {'active' if entry.active else 'inactive'}")
    return 0
