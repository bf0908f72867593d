"""Subcommands of ``kiosk``, one module per area, and what they share."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config, load_config
from kiosk.thai import parse_date

if TYPE_CHECKING:
    from kiosk.app import Context, Job
    from kiosk.db import Database
    from kiosk.station import Station

# What a command needs for its work (SQLAlchemy, the models, the application layer) is imported
# when it runs, not here: every command imports this module, and ``kiosk run`` shows its window first.


def config_of(args: argparse.Namespace) -> Config:
    return load_config(Path(args.home) if getattr(args, "home", None) else None)


def open_database(config: Config, *, migrate: bool = True) -> Database:
    """The station's database, migrated to the current schema and given the default catalogue
    if it has none, unless told not to touch it."""
    from kiosk.catalogue import seed_defaults
    from kiosk.db import Database, upgrade
    from kiosk.register_import import recover_interrupted_import

    db = Database(config.db_url)
    if migrate:
        upgrade(db.engine)
        with db.write() as session:
            seed_defaults(session)
        recover_interrupted_import(db)  # a `kiosk register import` cut off by a crash: undo it
    return db


def station_of(config: Config) -> Station:
    from kiosk.station import Station

    return Station.from_config(config)


def date_arg(text: str) -> dt.date:
    """An argparse type: ``YYYY-MM-DD`` with a CE or BE year; argparse names the option in its error."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@contextlib.contextmanager
def command_context(config: Config) -> Iterator[Context]:
    """The application context a command runs its operations with: the register (migrated), the station."""
    from kiosk.app import Context

    db = open_database(config)
    try:
        yield Context(db=db, station=station_of(config), config=config)
    finally:
        db.dispose()


@contextlib.contextmanager
def terminal_job(*, quiet: bool = False, only_on_a_terminal: bool = False) -> Iterator[Job]:
    """A long operation's :class:`kiosk.app.Job` shown as one ``12.3%`` line on stderr, ended when the work is.

    SIGINT (Ctrl-C) reaches the command as KeyboardInterrupt; the command frame says what it stopped.
    """
    from kiosk.app import Job

    show = not quiet and (sys.stderr.isatty() or not only_on_a_terminal)
    shown = False

    def progress(fraction: float) -> None:
        nonlocal shown
        if show:
            shown = True
            print(f"\r{fraction:6.1%}", end="", file=sys.stderr, flush=True)

    try:
        yield Job(on_progress=progress)
    finally:
        if shown:
            print(file=sys.stderr)
