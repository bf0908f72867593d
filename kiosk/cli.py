"""The ``kiosk`` command line: database, catalogue, register, and the commands of other packages.

Headless commands live in ``kiosk.commands``; the window (``run``, ``demo``, ``staff``) and
the printers (``print``) add theirs through the ``kiosk.commands`` entry-point group, so
this package never imports Qt or printer drivers.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from kiosk.config import ConfigError

# Each module has ``register(subparsers)`` which adds its commands with ``set_defaults(func=…)``.
COMMAND_MODULES = (
    "kiosk.commands.db",
    "kiosk.commands.services",
    "kiosk.commands.register",
    "kiosk.commands.sync",
    "kiosk.commands.district",
    "kiosk.commands.export",
    "kiosk.commands.staff",
    "kiosk.commands.report",
    "kiosk.commands.purge",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2

log = logging.getLogger("kiosk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="e-Service kiosk of a district Damrongdhama Center (ศูนย์ดำรงธรรมอำเภอ).",
    )
    parser.add_argument("--home", help="data directory (default: $KIOSK_HOME or the platform's data directory)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    for ep in entry_points(group="kiosk.commands"):
        try:
            register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = ep.load()
        except ImportError as exc:  # a package of the kiosk that is not installed on this machine
            log.debug("commands of %s unavailable: %s", ep.name, exc)
            continue
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("kiosk").setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        result: int = args.func(args)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kiosk services list | head`
        sys.stderr.close()
        return 0
    return result


if __name__ == "__main__":
    sys.exit(main())
