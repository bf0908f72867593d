"""``kiosk district``: set up the district's PostgreSQL hub and its station roles; see who synced."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kiosk.commands import config_of
from kiosk.config import DISTRICT_URL_ENV as URL_ENV
from kiosk.config import ConfigError


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("district", help="the district hub (run at the district office)")
    sub = parser.add_subparsers(dest="district_command", metavar="ACTION", required=True)

    init = sub.add_parser(
        "init",
        help="create or migrate the hub schema; create or rotate station roles",
        description=(
            "Create or migrate the hub schema in the database of ADMIN_URL and create one login role per "
            "--station (an existing station's password is rotated). Each station's connection settings are "
            "printed once and kept nowhere: paste them into that station's kiosk.toml."
        ),
    )
    init.add_argument("--url", help=f"admin URL of the hub database (default: ${URL_ENV})")
    init.add_argument("--station", action="append", default=[], metavar="ID", help="a station id (repeatable)")
    init.add_argument("--reporting", action="store_true", help="also create or rotate the read-only reporting role")
    init.add_argument("--public-host", help="host name the stations use to reach the hub (default: the URL's)")
    init.set_defaults(func=_init)

    stations = sub.add_parser("stations", help="stations known to the hub, their visits and last sync")
    stations.add_argument("--url", help=f"admin or reporting URL of the hub (default: ${URL_ENV})")
    stations.set_defaults(func=_stations)


def _url(args: argparse.Namespace) -> str:
    url = args.url or os.environ.get(URL_ENV)
    if not url:
        raise ConfigError("--url", f"give the hub's URL with --url or ${URL_ENV}")
    return str(url)


def _init(args: argparse.Namespace) -> int:
    from kiosk.district import DistrictError, init_hub

    config = config_of(args)
    try:
        result = init_hub(
            _url(args),
            stations=args.station,
            reporting=args.reporting,
            public_host=args.public_host,
            sync=config.sync,
        )
    except DistrictError as exc:
        print(f"kiosk: district init failed: {exc}", file=sys.stderr)
        return 1
    if result.schema_from == result.schema_to:
        print(f"hub {result.database}: schema already at version {result.schema_to}")
    else:
        print(f"hub {result.database}: schema migrated from version {result.schema_from} to {result.schema_to}")
    if result.credentials:
        print("\nConnection settings, shown only now; a lost password is replaced by running init again.")
    for cred in result.credentials:
        title = f"station {cred.station_id}" if cred.station_id else "reporting role (read only, all stations)"
        print(f"\n# {title}: role {cred.role}")
        print(cred.as_toml(), end="")
    return 0


def _stations(args: argparse.Namespace) -> int:
    from kiosk.district import district_stations
    from kiosk.sync import SyncError

    config = config_of(args)
    try:
        rows = district_stations(_url(args), sync=config.sync)
    except SyncError as exc:
        print(f"kiosk: {exc.en}", file=sys.stderr)
        return 1
    zone = config.zone
    print(f"{'station':<20} {'visits':>8}  last sync")
    for row in rows:
        last = (
            f"{row.last_sync_at.astimezone(zone):%Y-%m-%d %H:%M} ({row.last_rows_sent} rows)"
            if row.last_sync_at
            else "never"
        )
        print(f"{row.station_id:<20} {row.visits:>8}  {last}")
    return 0
