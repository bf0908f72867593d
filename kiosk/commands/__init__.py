"""Subcommands of ``kiosk``, one module per area, and what they share."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kiosk.catalogue import seed_defaults
from kiosk.config import Config, load_config
from kiosk.db import Database, upgrade
from kiosk.station import Station
from kiosk.thai import parse_date


def config_of(args: argparse.Namespace) -> Config:
    return load_config(Path(args.home) if getattr(args, "home", None) else None)


def open_database(config: Config, *, migrate: bool = True) -> Database:
    """The station's database, migrated to the current schema and given the default catalogue
    if it has none, unless told not to touch it."""
    db = Database(config.db_url)
    if migrate:
        upgrade(db.engine)
        with db.write() as session:
            seed_defaults(session)
    return db


def station_of(config: Config) -> Station:
    return Station.from_config(config)


def date_arg(text: str) -> dt.date:
    """An argparse type: ``YYYY-MM-DD`` with a CE or BE year; argparse names the option in its error."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
