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
from kiosk.errors import KioskError

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
    "kiosk.commands.session",
    "kiosk.commands.board",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130

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
    return run_command(args.func, args)


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """The one frame every command runs in: a refusal is one line on stderr and an exit code, never a traceback.

    A command is a thin adapter over the operations of :mod:`kiosk.app`; it raises, and this maps.
    """
    from kiosk.exports import ExportCancelled

    try:
        return func(args)
    except ConfigError as exc:
        print(f"kiosk: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KioskError as exc:
        print(f"kiosk: {exc.en}", file=sys.stderr)
        return exc.exit_code
    except (ExportCancelled, KeyboardInterrupt):
        print("kiosk: stopped; no file written and nothing half-done kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `kiosk services list | head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kiosk: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
