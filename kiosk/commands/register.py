"""``kiosk register``: the visitor register from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.register_import import HELP, ImportFailed, import_register


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("register", help="the register of e-Service visitors")
    sub = parser.add_subparsers(dest="register_command", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="import a paper register from CSV (all rows or none)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=_import)
    parser.set_defaults(register_subparsers=sub)


def _import(args: argparse.Namespace) -> int:
    config = config_of(args)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"kiosk: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    db = open_database(config)
    try:
        with db.write() as session:
            result = import_register(session, station_of(config), data)
    except ImportFailed as exc:
        print(f"kiosk: {args.file}: nothing imported, {len(exc.problems)} bad row(s):", file=sys.stderr)
        for problem in exc.problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > 200:
            print(f"  … and {len(exc.problems) - 200} more", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    print(f"imported {result.imported} visit(s) from {args.file}; {result.officers_created} officer name(s) added")
    return 0
