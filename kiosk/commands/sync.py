"""``kiosk sync``: send the register to the district hub now (for cron or the systemd timer)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.config import ConfigError, SyncConfig
from kiosk.db import Database
from kiosk.station import Station
from kiosk.sync import SyncBusy, SyncError, next_run, plan_sync, redact, sync_status, sync_to_district
from kiosk.sync.schedule import due

URL_ENV = "KIOSK_SYNC_URL"


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
        help=f"the station's hub URL (default: ${URL_ENV}, then sync.url of kiosk.toml); a password here shows in ps",
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


def hub_url(configured: str, *, given: str | None = None) -> str:
    """The station's hub URL: ``given`` (``--url``), then ``$KIOSK_SYNC_URL``, then ``sync.url``; "" when none."""
    return given or os.environ.get(URL_ENV) or configured


def _url(args: argparse.Namespace, configured: str) -> str:
    url = hub_url(configured, given=args.url)
    if not url:
        raise ConfigError("sync.url", f"no district hub configured: set sync.url, ${URL_ENV} or give --url")
    return str(url)


def _sync(args: argparse.Namespace) -> int:
    config = config_of(args)
    station = station_of(config)
    sync = config.sync
    if args.batch_size is not None:
        if not 1 <= args.batch_size <= 10000:
            raise ConfigError("--batch-size", "must be between 1 and 10000")
        sync = replace(sync, batch_size=args.batch_size)
    db = open_database(config)
    try:
        if args.status:
            with db.read() as session:
                status = sync_status(session)
            zone = station.zone
            print(f"last success: {status.last_success_at.astimezone(zone) if status.last_success_at else 'never'}")
            print(f"rows pending: {status.pending}")
            print(f"last error:   {status.last_error or '-'}")
            print(f"next run:     {next_run(station, status, at=sync.time).astimezone(zone):%Y-%m-%d %H:%M %Z}")
            return 0
        url = _url(args, sync.url)
        if args.if_due:
            with db.read() as session:
                status = sync_status(session)
            if not due(station, status, at=sync.time):
                when = next_run(station, status, at=sync.time).astimezone(station.zone)
                print(f"not due: next sync at {when:%Y-%m-%d %H:%M %Z}")
                return 0
        if args.pull:
            return _pull(db, station, url, sync, dry_run=args.dry_run)
        if args.dry_run:
            plan = plan_sync(db, station, url, sync=sync)
            print(f"hub {plan.hub} answers; it holds {plan.hub_rows} visits of station {station.id}")
            print(f"would send {plan.pending} visits in {plan.batches} batches of up to {sync.batch_size}")
            return 0
        cancel = threading.Event()
        # systemd stops a unit with SIGTERM: finish the batch in flight, then stop.
        previous = signal.signal(signal.SIGTERM, lambda *_: cancel.set())
        try:
            with _progress_line("sent") as progress:
                result = sync_to_district(db, station, url, sync=sync, progress=progress, cancel=cancel)
        except SyncBusy as exc:
            print(f"sync to {redact(url)} skipped: {exc.en}")
            return 0
        except SyncError as exc:
            print(f"kiosk: sync to {redact(url)} failed: {exc.en}", file=sys.stderr)
            return 1
        finally:
            signal.signal(signal.SIGTERM, previous)
        print(
            f"sync to {redact(url)}: {result.sent} sent, {result.applied} new or newer at the hub, "
            f"{result.pending} pending{' (stopped early)' if result.cancelled else ''}"
        )
        return 0
    finally:
        db.dispose()


def _pull(db: Database, station: Station, url: str, sync: SyncConfig, *, dry_run: bool) -> int:
    from kiosk.sync.restore import pull_from_district

    try:
        with _progress_line("read") as progress:
            result = pull_from_district(db, station, url, sync=sync, dry_run=dry_run, progress=progress)
    except SyncError as exc:
        print(f"kiosk: pull from {redact(url)} failed: {exc.en}", file=sys.stderr)
        return 1
    verb = "would bring back" if dry_run else "brought back"
    print(
        f"the hub {redact(url)} holds {result.hub_rows} visits of station {station.id}: {verb} "
        f"{result.added} missing and {result.updated} newer; {result.kept} already here at the same or a newer version"
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


@contextmanager
def _progress_line(verb: str) -> Iterator[Callable[[int, int], None]]:
    """``progress(done, total)`` as one line on a terminal's stderr, ended when the work is."""
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r{verb} {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        yield progress
    finally:
        if show:
            print(file=sys.stderr)
