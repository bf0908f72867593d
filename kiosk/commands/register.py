"""``kiosk register``: the visitor register from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.commands import command_context, config_of, terminal_job
from kiosk.errors import EXIT_FAILED, EXIT_OK, KioskError
from kiosk.paper_register import ENCODINGS, HELP


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("register", help="the register of e-Service visitors")
    sub = parser.add_subparsers(dest="register_command", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="import a paper register from CSV (UTF-8 or Windows-874; all rows or none)",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default="auto",
        help="the file's encoding: utf-8, cp874 (Windows-874/TIS-620, Thai Excel), or auto (default: UTF-8, "
        "else CP874 when the file reads as Thai in it)",
    )
    imp.set_defaults(func=_import)
    parser.set_defaults(register_subparsers=sub)


def _import(args: argparse.Namespace) -> int:
    from kiosk.app import records
    from kiosk.register_import import ImportFailed

    config = config_of(args)
    path: Path = args.file
    if not path.is_file():
        what = "is a directory, not a CSV file" if path.is_dir() else "does not exist"
        raise KioskError("import.file", "ไม่พบไฟล์", f"{path} {what}: give the path of the CSV file to import")
    try:
        with command_context(config) as app, terminal_job(only_on_a_terminal=True) as job:
            result = records.import_paper_register(app, path, encoding=args.encoding, job=job)
    except ImportFailed as exc:
        print(f"kiosk: {path}: nothing imported, {exc.bad_rows} bad row(s):", file=sys.stderr)
        for problem in exc.problems[:200]:
            print(f"  {problem}", file=sys.stderr)
        if exc.bad_rows > 200:
            print(f"  … and {exc.bad_rows - 200} more", file=sys.stderr)
        return EXIT_FAILED
    read_as = " (read as Windows-874)" if result.encoding == "cp874" else ""
    print(f"imported {result.imported} visit(s) from {path}{read_as}; {result.officers_created} officer name(s) added")
    return EXIT_OK
