"""``kiosk sync``: send the register to the district hub now (for cron or the systemd timer)."""

from __future__ import annotations

import argparse
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kiosk.commands import command_context, config_of, terminal_job
from kiosk.config import SYNC_URL_ENV as URL_ENV
from kiosk.config import ConfigError, hub_url_problem

if TYPE_CHECKING:
    from kiosk.app import Context


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="send what changed in the register to the district hub",
        description=(
            "Send every visit changed since the last acknowledged sync to the district's PostgreSQL hub. "
            "Safe to interrupt and to repeat: the next run resumes. Exit code 0 on success, 1 when the "
            "sync failed (the reason is printed and kept for the staff screen), 2 on a configuration error."
        ),
    )
    parser.add_argument(
        "--url",
        help=f"the station's hub URL without its password (default: ${URL_ENV}, then sync.url of kiosk.toml); "
        "a URL with a password is refused here, since every user sees it in ps: use --url-file or the environment",
    )
    parser.add_argument(
        "--url-file",
        type=Path,
        help="a file (readable by the kiosk user only) whose first line is the station's hub URL",
    )
    parser.add_argument("--dry-run", action="store_true", help="count what would be sent and check the hub answers")
    parser.add_argument(
        "--if-due",
        action="store_true",
        help="do nothing unless the schedule says so (sync.time tonight, or catch-up after a missed day)",
    )
    parser.add_argument("--status", action="store_true", help="show the last success, rows pending and last error")
    parser.add_argument(
        "--pull",
        action="store_true",
        help=(
            "the other way, once: bring back from the hub this station's visits that the register lacks or holds "
            "at an older version (after restoring an old backup, or on a new disk); changes nothing at the hub"
        ),
    )
    parser.add_argument("--batch-size", type=int, help="rows per hub transaction (default: sync.batch_size)")
    parser.set_defaults(func=_sync)


def _url(args: argparse.Namespace, configured: str) -> str:
    """The hub URL, checked before anything connects; ConfigError names where it came from.

    ``configured`` is ``sync.url`` with ``$KIOSK_SYNC_URL`` already applied (and checked) by kiosk.config.
    """
    given: str | None = args.url
    key = "--url"
    if given and _password_in(given):
        raise ConfigError(
            "--url",
            f"carries a password, which every user of this machine sees in `ps`: put the URL in ${URL_ENV}, "
            "in sync.url of kiosk.toml, or in a file given with --url-file; then change that password",
        )
    if args.url_file is not None:
        key = "--url-file"
        try:
            lines = args.url_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError("--url-file", f"cannot read {args.url_file}: {getattr(exc, 'strerror', exc)}") from None
        given = lines[0].strip() if lines else ""
        if not given:
            raise ConfigError("--url-file", f"{args.url_file} is empty: its first line must be the hub URL")
    url = given or configured
    if not url:
        raise ConfigError(
            "sync.url", f"no district hub configured: set sync.url, ${URL_ENV}, or give --url-file or --url"
        )
    problem = hub_url_problem(url) if given else ""
    if problem:
        raise ConfigError(key, problem)
    return url


def _password_in(url: str) -> bool:
    netloc = urlsplit(url).netloc if "://" in url else ""
    return ":" in netloc.rpartition("@")[0]


def _sync(args: argparse.Namespace) -> int:
    from kiosk.app import sync as ops
    from kiosk.sync import SyncBusy, SyncError, next_run, redact
    from kiosk.sync.schedule import due

    config = config_of(args)
    if args.batch_size is not None and not 1 <= args.batch_size <= 10000:
        raise ConfigError("--batch-size", "must be between 1 and 10000")
    if args.batch_size is not None:
        config = replace(config, sync=replace(config.sync, batch_size=args.batch_size))
    with command_context(config) as app:
        station, sync = app.station, config.sync
        if args.status:
            status = ops.status(app)
            zone = station.zone
            print(f"last success: {status.last_success_at.astimezone(zone) if status.last_success_at else 'never'}")
            print(f"rows pending: {status.pending}")
            print(f"last error:   {status.last_error or '-'}")
            if status.skips:
                since = status.skipped_since.astimezone(zone) if status.skipped_since else "?"
                print(f"skipped:      {status.skips} run(s) in a row since {since} (another sync held the lock)")
            print(f"next run:     {next_run(station, status, at=sync.time).astimezone(zone):%Y-%m-%d %H:%M %Z}")
            return 0
        url = _url(args, config.sync.url)
        if args.if_due:
            status = ops.status(app)
            if not due(station, status, at=sync.time):
                when = next_run(station, status, at=sync.time).astimezone(station.zone)
                print(f"not due: next sync at {when:%Y-%m-%d %H:%M %Z}")
                return 0
        if args.pull:
            return _pull(app, url, dry_run=args.dry_run)
        if args.dry_run:
            try:
                plan = ops.plan(app, url=url)
            except SyncError as exc:
                raise SyncError(exc.code, exc.th, f"sync to {redact(url)} would fail: {exc.en}") from None
            for warning in plan.warnings:
                print(f"kiosk: warning: {warning}", file=sys.stderr)
            print(f"hub {plan.hub} answers; it holds {plan.hub_rows} visits of station {station.id}")
            print(f"would send {plan.pending} visits in {plan.batches} batches of up to {sync.batch_size}")
            return 0
        with terminal_job(only_on_a_terminal=True) as job:
            # systemd stops a unit with SIGTERM: finish the batch in flight, then stop.
            previous = signal.signal(signal.SIGTERM, lambda *_: job.cancel())
            try:
                result = ops.sync_now(app, job=job, url=url)
            except SyncBusy as exc:
                print(f"sync to {redact(url)} skipped: {exc.en}")
                return 0
            except SyncError as exc:
                raise SyncError(exc.code, exc.th, f"sync to {redact(url)} failed: {exc.en}") from None
            finally:
                signal.signal(signal.SIGTERM, previous)
        for warning in result.warnings:
            print(f"kiosk: warning: {warning}", file=sys.stderr)
        print(
            f"sync to {redact(url)}: {result.sent} sent, {result.applied} new or newer at the hub, "
            f"{result.pending} pending{' (stopped early)' if result.cancelled else ''}"
        )
        return 0


def _pull(app: Context, url: str, *, dry_run: bool) -> int:
    from kiosk.app import sync as ops
    from kiosk.sync import SyncError, redact

    with terminal_job(only_on_a_terminal=True) as job:
        previous = signal.signal(signal.SIGTERM, lambda *_: job.cancel())  # stop after the page in flight
        try:
            result = ops.pull(app, dry_run=dry_run, job=job, url=url)
        except SyncError as exc:
            raise SyncError(exc.code, exc.th, f"pull from {redact(url)} failed: {exc.en}") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
    verb = "would bring back" if dry_run else "brought back"
    print(
        f"the hub {redact(url)} holds {result.hub_rows} visits of station {app.station.id}: {verb} "
        f"{result.added} missing and {result.updated} newer; {result.kept} already here at the same or a newer version"
        + (" (stopped early: run it again for the rest)" if result.cancelled else "")
    )
    if result.merged:
        print(
            f"{result.merged} visit(s) changed both here and at the hub {'would be' if dry_run else 'were'} merged "
            "field by field (each field keeps its later correction; see the audit trail, action pull_merge)"
        )
    if result.services_added:
        print(
            f"services {'to add' if dry_run else 'added'} (inactive unless the hub says otherwise): "
            + ", ".join(result.services_added)
        )
    if result.officers_added:
        print(
            f"officer names {'to add' if dry_run else 'added'} (inactive, no PIN): " + ", ".join(result.officers_added)
        )
    if result.ticket_clashes:
        print(
            f"{len(result.ticket_clashes)} pulled visit(s) keep no ticket number here: the number was given again "
            "after the restore: " + ", ".join(result.ticket_clashes[:20])
        )
    return 0
