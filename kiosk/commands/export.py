"""``kiosk register export``: the register of a period as PDF, XLSX or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.commands import command_context, config_of, date_arg, terminal_job
from kiosk.config import DISTRICT_URL_ENV as URL_ENV
from kiosk.config import Config, ConfigError

EXPORT_HELP = """\
Write the register of e-Service visitors between two local days (both included).

  pdf   A4 landscape in Sarabun, Buddhist-Era dates, the header on every page,
        "หน้า X / Y"; --thai-digits prints ๐–๙.
  xlsx  typed columns (the date is a real date shown in the Buddhist Era), frozen header,
        A4 landscape page setup fitted to the width with the header row on every page.
  csv   UTF-8 with a byte-order mark, so that Excel shows the Thai; safe to double-click:
        a cell that would start a formula (= + - @ tab CR, also after spaces or quotes)
        gets a leading ' and phones are grouped 081-234-5678, so the spreadsheet runs
        nothing and keeps the leading zero. --plain-csv writes the stored values for programs.

National IDs are masked (1-xxxx-xxxxx-x2-3) unless --full-id is given; every export,
and a full one in particular, is recorded in the audit trail. -o may be a directory:
the file is then named after the centre and the period.

--source district reads the district hub instead of this station's register: every
station's visits merged, with a station column (สถานี), the headings saying
"ทุกจุดบริการในอำเภอ…". It needs the hub's admin or reporting URL (--url or
$KIOSK_DISTRICT_URL); a station's own sync URL reads only that station and is refused.
"""


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """``--source local|district`` and ``--url``, shared by the register export and the monthly report."""
    parser.add_argument(
        "--source",
        choices=["local", "district"],
        default="local",
        help="this station's register (default) or the district hub, all stations merged",
    )
    parser.add_argument("--url", help=f"with --source district: the hub's admin or reporting URL (default: ${URL_ENV})")


def district_url(args: argparse.Namespace, config: Config) -> str | None:
    """The hub URL to read for ``--source district``, or None for the station's own register."""
    if args.source != "district":
        if args.url:
            raise ConfigError("--url", "is for --source district only; the local register needs no URL")
        return None
    url = args.url or config.district_url
    if not url:
        raise ConfigError(
            "--url",
            f"--source district reads the district hub: give its admin or reporting URL with --url or ${URL_ENV} "
            "(this station's sync.url logs in as the station's own role, which cannot read other stations)",
        )
    return str(url)


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``export`` to the ``register`` command, creating that command if no module has yet."""
    parser = subparsers.choices.get("register")
    if parser is None:
        parser = subparsers.add_parser("register", help="the register of e-Service visitors")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            add_export_command(action)
            return
    add_export_command(parser.add_subparsers(dest="register_command", metavar="ACTION", required=True))


def add_export_command(register_subparsers: argparse._SubParsersAction[Any]) -> None:
    exp = register_subparsers.add_parser(
        "export",
        help="export the register of a period as PDF, XLSX or CSV",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument(
        "--from", dest="date_from", required=True, type=date_arg, help="first day, YYYY-MM-DD (CE or BE year)"
    )
    exp.add_argument("--to", dest="date_to", required=True, type=date_arg, help="last day, YYYY-MM-DD (CE or BE year)")
    exp.add_argument("--format", dest="fmt", choices=["pdf", "xlsx", "csv"], help="default: from the file name")
    exp.add_argument("-o", "--output", required=True, type=Path, help="file, or directory for a conventional name")
    exp.add_argument("--full-id", action="store_true", help="unmasked national IDs (audited; handle with care)")
    exp.add_argument("--thai-digits", action="store_true", help="Thai digits in the PDF (IDs and phones too)")
    exp.add_argument(
        "--plain-csv",
        action="store_true",
        help="CSV values exactly as stored, for programs; without it formula-like cells get a leading ' "
        "and phones are grouped 081-234-5678 so that a spreadsheet runs nothing and keeps the zero",
    )
    exp.add_argument("--actor", default="", help="who asks for the export (recorded in the audit trail)")
    exp.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    add_source_arguments(exp)
    exp.set_defaults(func=_export)


def _export(args: argparse.Namespace) -> int:
    from kiosk.app import CommandLine, exports
    from kiosk.exports import ExportFormat

    fmt_name = args.fmt or args.output.suffix.lstrip(".").lower()
    if fmt_name not in {f.value for f in ExportFormat}:
        raise ConfigError("--format", "say --format pdf, xlsx or csv (the output has no such extension)")
    fmt = ExportFormat(fmt_name)
    config = config_of(args)
    url = district_url(args, config)
    with command_context(config) as app:
        path: Path = args.output
        if path.is_dir():
            path = path / exports.file_name(app, args.date_from, args.date_to, fmt, whole=url is not None)
        who = CommandLine(args.actor or f"kiosk CLI ({_login()})")
        common = {
            "date_from": args.date_from,
            "date_to": args.date_to,
            "fmt": fmt,
            "path": path,
            "plain_csv": args.plain_csv,
        }
        with terminal_job(quiet=args.quiet) as job:
            if url is None:
                result = exports.export_register(
                    app, who, **common, full_id=args.full_id, thai_digits=args.thai_digits, job=job
                )
                origin = ""
            else:
                result = exports.export_district_register(
                    app, who, **common, full_id=args.full_id, thai_digits=args.thai_digits, job=job, url=url
                )
                hub = str(result.details.get("source", "")).removeprefix("district ")
                origin = f" from {result.details.get('stations')} station(s) of the district hub {hub}"
    note = " with FULL national IDs (recorded in the audit trail)" if result.full_id else ""
    print(f"{result.rows} visit(s){origin} written to {result.path}{note}")
    return 0


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
