"""``kiosk report``: the monthly report form and the fiscal year to the province, and the official survey's figures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.commands import command_context, config_of
from kiosk.commands.export import add_source_arguments, district_url

MONTHLY_HELP = """\
Write the monthly report form (แบบรายงานผลการดำเนินงาน) as a PDF: visits per service and
visitor group with totals, results, survey slips printed, the kiosk's own quick ratings
(count, mean on 0–10, percentage = mean / 10 × 100), the official OPDC survey's figures
when entered with `kiosk report survey-figures`, a bar chart, space for problems and
suggestions, and sign-off lines.

The period is the calendar month, or with --cutoff-day N the days after the N-th of the
previous month up to the N-th of this month: DOPA collects the statistics on the 25th, so
--month 2026-11 --cutoff-day 25 covers 26 October to 25 November 2026.

-o may be a directory: the file is then named as the province expects, e.g.
"รายงานผล e-Service ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร พฤศจิกายน 2569.pdf".

--source district counts every station's visits at the district hub instead (its admin or
reporting URL with --url or $KIOSK_DISTRICT_URL), adds a table with one line per station,
and names the file "รายงานผล e-Service ทุกจุดบริการในอำเภอ… <month>.pdf". The official
survey's figures, which the hub does not keep, come from this machine's register if entered.
"""


DOPA_CUTOFF = 25
FISCAL_HELP = """\
Write a fiscal year's figures (ปีงบประมาณ, October to September; --year 2569 covers
October 2568 to September 2569) month by month: visitors, visitors so far in the year,
the kiosk's quick ratings (count, mean on 0–10, percentage of the mean as printed), and
the official OPDC survey's figures of the months they were entered for; totals for the
year. Each month is the monthly report's period: by default cut on DOPA's 25th (26
September 2568 to 25 September 2569), --cutoff-day 0 for calendar months.

PDF (A4, Thai digits unless --arabic-digits) or XLSX (numbers, A4 landscape page setup).
-o may be a directory: "รายงานผล e-Service <centre> ปีงบประมาณ 2569.pdf".

--source district counts every station of the district at the hub (--url or
$KIOSK_DISTRICT_URL, its admin or reporting URL) and adds a ranking of the stations by
visitors over the year, then by mean rating.
"""


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("report", help="the monthly and fiscal-year reports to the province")
    sub = parser.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    monthly = sub.add_parser(
        "monthly",
        help="write the monthly report form as a PDF",
        description=MONTHLY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    monthly.add_argument("--month", required=True, help="YYYY-MM (CE or BE year)")
    monthly.add_argument(
        "--cutoff-day", type=int, default=None, help="end the period on this day of the month (DOPA: 25)"
    )
    monthly.add_argument("-o", "--output", required=True, type=Path, help="PDF file, or a directory")
    monthly.add_argument("--arabic-digits", action="store_true", help="0–9 instead of Thai digits")
    add_source_arguments(monthly)
    monthly.set_defaults(func=_monthly)

    fiscal = sub.add_parser(
        "fiscal-year",
        help="write the fiscal year's figures (ปีงบประมาณ, October to September) as PDF or XLSX",
        description=FISCAL_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fiscal.add_argument("--year", required=True, type=int, help="the fiscal year in the Buddhist Era, e.g. 2569")
    fiscal.add_argument(
        "--cutoff-day",
        type=int,
        default=DOPA_CUTOFF,
        help=f"each month ends on this day (default {DOPA_CUTOFF}, DOPA's; 0 for calendar months)",
    )
    fiscal.add_argument("-o", "--output", required=True, type=Path, help="PDF or XLSX file, or a directory")
    fiscal.add_argument("--format", dest="fmt", choices=["pdf", "xlsx"], help="default: from the file name, else pdf")
    fiscal.add_argument("--arabic-digits", action="store_true", help="0–9 instead of Thai digits in the PDF")
    add_source_arguments(fiscal)
    fiscal.set_defaults(func=_fiscal_year)

    fig = sub.add_parser(
        "survey-figures",
        help="record the official OPDC survey's figures of a month (shown in that month's report)",
    )
    fig.add_argument("--month", required=True, help="YYYY-MM (CE or BE year)")
    fig.add_argument("--responses", required=True, type=int, help="number of answers")
    fig.add_argument("--mean", required=True, type=float, help="average score, e.g. 9.17")
    fig.add_argument("--scale-max", type=float, default=10.0, help="top of the score scale (default 10)")
    fig.set_defaults(func=_survey_figures)


def _monthly(args: argparse.Namespace) -> int:
    from kiosk.app import CommandLine, reports
    from kiosk.report import parse_month

    config = config_of(args)
    url = district_url(args, config)
    year, month = parse_month(args.month)
    who = CommandLine("kiosk CLI")
    target: Path = args.output
    folder, path = (target, None) if target.is_dir() else (None, target)
    thai = not args.arabic_digits
    with command_context(config) as app:
        if url is None:
            report = reports.monthly_report(
                app, who, year, month, folder=folder, path=path, cutoff_day=args.cutoff_day, thai_digits=thai
            )
        else:
            report = reports.district_monthly_report(
                app, who, year, month, folder=folder, path=path, cutoff_day=args.cutoff_day, thai_digits=thai, url=url
            )
    figures, p = report.figures, report.figures.period
    origin = f" at {len(figures.stations or ())} station(s) of the district hub" if figures.stations is not None else ""
    print(f"{figures.total} visit(s){origin} from {p.first} to {p.last} reported in {report.path}")
    return 0


def _survey_figures(args: argparse.Namespace) -> int:
    from kiosk.app import CommandLine, reports
    from kiosk.report import parse_month

    year, month = parse_month(args.month)
    with command_context(config_of(args)) as app:
        figures = reports.set_survey_figures(
            app,
            CommandLine("kiosk CLI"),
            year,
            month,
            responses=args.responses,
            mean=args.mean,
            scale_max=args.scale_max,
        )
    print(f"{year:04d}-{month:02d}: {figures.responses} answers, mean {figures.mean:.2f}, {figures.percent:.2f} %")
    return 0


def _fiscal_year(args: argparse.Namespace) -> int:
    from kiosk.app import CommandLine, reports

    config = config_of(args)
    url = district_url(args, config)
    target: Path = args.output
    fmt = args.fmt or (target.suffix.lower().lstrip(".") if target.suffix.lower() in (".pdf", ".xlsx") else "pdf")
    folder, path = (target, None) if target.is_dir() else (None, target)
    who = CommandLine("kiosk CLI")
    cutoff, thai = args.cutoff_day or None, not args.arabic_digits
    with command_context(config) as app:
        if url is None:
            report = reports.fiscal_year_report(
                app, who, args.year, folder=folder, path=path, fmt=fmt, cutoff_day=cutoff, thai_digits=thai
            )
        else:
            report = reports.district_fiscal_year_report(
                app, who, args.year, folder=folder, path=path, fmt=fmt, cutoff_day=cutoff, thai_digits=thai, url=url
            )
    figures = report.figures
    stations = f" at {len(figures.stations)} station(s)" if figures.stations is not None else ""
    print(
        f"fiscal year {args.year}: {figures.users} visit(s){stations} from {figures.first} to {figures.last} "
        f"reported in {report.path}"
    )
    return 0
