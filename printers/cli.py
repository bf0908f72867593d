"""``kiosk print``: test the printer, see its state, and work through the reprint queue."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.printing import PrinterError

EXIT_OK, EXIT_FAILED = 0, 1


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("print", help="the ticket printer: test print, state, reprint queue")
    sub = parser.add_subparsers(dest="print_command", metavar="ACTION", required=True)

    test = sub.add_parser("test", help="print the calibration ruler and a sample ticket and survey slip (ตัวอย่าง)")
    _printer_option(test)
    test.add_argument("--no-ruler", action="store_true", help="leave out the calibration ruler")
    test.set_defaults(func=_test)

    profiles = sub.add_parser("profiles", help="list the printer models printer.profile can name")
    profiles.set_defaults(func=_profiles)

    state = sub.add_parser("state", help="ask the printer for its state (ready, paper out, offline, unknown)")
    _printer_option(state)
    state.set_defaults(func=_state)

    preview = sub.add_parser("preview", help="write ticket.png and survey.png of the fixed demo slips (README)")
    preview.add_argument("directory", type=Path)
    preview.set_defaults(func=_preview)

    pending = sub.add_parser("pending", help="list the slips waiting to be reprinted")
    pending.set_defaults(func=_pending)

    again = sub.add_parser("reprint", help="print the waiting slips again (all, or the given job ids)")
    again.add_argument("jobs", nargs="*", help="job ids from `kiosk print pending` (default: all)")
    _printer_option(again)
    again.set_defaults(func=_reprint)

    dismiss = sub.add_parser("dismiss", help="take a slip out of the reprint queue without printing it")
    dismiss.add_argument("jobs", nargs="+")
    dismiss.set_defaults(func=_dismiss)


def _printer_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--printer", metavar="URI", help="printer URI (default: printer.uri of kiosk.toml)")


def _open(config: Config, args: argparse.Namespace, *, sample: bool = False) -> Any:
    from printers import open_printer

    return open_printer(config.printer, args.printer or config.printer_uri, sample=sample, state_dir=config.home)


def _fail(exc: PrinterError) -> int:
    print(f"kiosk print: {exc.code}: {exc.en}\n  {exc.th}", file=sys.stderr)
    return EXIT_FAILED


def _test(args: argparse.Namespace) -> int:
    from kiosk.printing import PrinterError
    from printers.samples import sample_survey, sample_ticket

    config = config_of(args)
    now = dt.datetime.now(config.zone)
    centre, district = config.station.centre_name, config.station.district
    try:
        printer = _open(config, args, sample=True)
        print(f"printer state: {printer.state().value}")
        if not args.no_ruler:
            printer.print_calibration()
        printer.print_ticket(sample_ticket(moment=now, centre_name=centre, district=district))
        kwargs: dict[str, Any] = {}
        if config.survey.url:
            kwargs["survey_url"] = config.survey.url
        if config.privacy.notice_url:
            kwargs["privacy_url"] = config.privacy.notice_url
        printer.print_survey(sample_survey(moment=now, centre_name=centre, district=district, **kwargs))
        printer.close()
    except PrinterError as exc:
        return _fail(exc)
    ruler = "" if args.no_ruler else "the calibration ruler, "
    print(f"printed {ruler}a sample ticket and a sample survey slip (marked ตัวอย่าง)")
    if not args.no_ruler:
        print(
            "check the ruler: both black end bars and the number "
            f"{printer.profile.dots} must be on paper; if not, set printer.profile (`kiosk print profiles`)"
        )
    if not config.survey.url:
        print("note: survey.url is not set in kiosk.toml; the sample slip shows an example link", file=sys.stderr)
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    from printers.profile import all_profiles

    chosen = config_of(args).printer.profile
    for profile in all_profiles():
        mark = "*" if profile.key == chosen else " "
        features = ", ".join(
            word for word, present in (("cutter", profile.cut), ("native QR", profile.native_qr)) if present
        )
        print(
            f"{mark} {profile.key:<16} {profile.paper_width_mm} mm {profile.dots:>3} dots {profile.dpi} dpi "
            f"{profile.baudrate:>6} baud  {features or '-'}  {profile.name}"
        )
    return EXIT_OK


def _state(args: argparse.Namespace) -> int:
    from kiosk.printing import PrinterError

    config = config_of(args)
    try:
        printer = _open(config, args)
        state = printer.state()
        printer.close()
    except PrinterError as exc:
        return _fail(exc)
    print(state.value)
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from printers.profile import PrinterProfile
    from printers.raster import render_survey, render_ticket
    from printers.samples import sample_survey, sample_ticket

    profile = PrinterProfile.from_config(config_of(args).printer)
    args.directory.mkdir(parents=True, exist_ok=True)
    for name, image in (
        ("ticket.png", render_ticket(sample_ticket(), profile).flatten()),
        ("survey.png", render_survey(sample_survey(), profile).flatten()),
    ):
        image.save(args.directory / name, format="PNG", optimize=True)
        print(f"{args.directory / name}: {image.width}×{image.height} dots")
    return EXIT_OK


def _pending(args: argparse.Namespace) -> int:
    from kiosk.printing import pending_slips

    config = config_of(args)
    db = open_database(config)
    with db.read() as session:
        slips = pending_slips(session)
    db.dispose()
    for slip in slips:
        created = slip.created_at.astimezone(config.zone)
        print(
            f"{slip.id}  {slip.kind.value:<6} {slip.ticket or '-':<5} {created:%Y-%m-%d %H:%M}  "
            f"attempts {slip.attempts}  {slip.last_error}"
        )
    print(f"{len(slips)} slips waiting")
    return EXIT_OK


def _job_ids(values: list[str]) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value) for value in values]
    except ValueError as exc:
        raise SystemExit(f"kiosk print: not a job id: {exc}") from None


def _reprint(args: argparse.Namespace) -> int:
    from kiosk.printing import PrinterError, pending_slips, reprint
    from kiosk.register import RegisterError

    config = config_of(args)
    db = open_database(config)
    station = station_of(config)
    if args.jobs:
        jobs = _job_ids(args.jobs)
    else:
        with db.read() as session:
            jobs = [slip.id for slip in pending_slips(session)]
    failed = 0
    try:
        printer = _open(config, args)
    except PrinterError as exc:
        return _fail(exc)
    for job in jobs:
        try:
            done = reprint(
                db, station, printer, job, survey_url=config.survey.url, privacy_url=config.privacy.notice_url
            )
        except PrinterError as exc:
            failed += 1
            print(f"{job}: {exc.code}: {exc.en}", file=sys.stderr)
            continue
        except RegisterError as exc:
            failed += 1
            print(f"{job}: {exc}", file=sys.stderr)
            continue
        print(f"{job}: reprinted the {done.kind.value} slip of {done.ticket}")
    printer.close()
    db.dispose()
    print(f"{len(jobs) - failed} reprinted, {failed} still waiting")
    return EXIT_FAILED if failed else EXIT_OK


def _dismiss(args: argparse.Namespace) -> int:
    from kiosk.printing import close_print_job
    from kiosk.register import RegisterError

    config = config_of(args)
    db = open_database(config)
    station = station_of(config)
    try:
        with db.write() as session:
            for job in _job_ids(args.jobs):
                close_print_job(session, station, job, outcome="dismissed")
    except RegisterError as exc:
        print(f"kiosk print: {exc} (nothing dismissed)", file=sys.stderr)
        return EXIT_FAILED
    finally:
        db.dispose()
    print(f"{len(args.jobs)} dismissed")
    return EXIT_OK
