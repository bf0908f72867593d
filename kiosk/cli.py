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
from pathlib import Path

from kiosk.config import ConfigError, default_home, load_config, sqlite_path
from kiosk.errors import EXIT_CONFIG, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, KioskError
from kiosk.faults import explain

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

__all__ = ["EXIT_CONFIG", "EXIT_FAILED", "EXIT_OK", "build_parser", "main", "run_command"]

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
    """The one command frame: a refusal is one line on stderr and its exit code, never a traceback.

    A command is a thin adapter over the operations of :mod:`kiosk.app`; it raises, and this maps.
    ``KioskError`` and ``ConfigError`` carry their exit code (``kiosk.errors``); a storage fault
    (damaged register, read-only folder, full disk) is said by ``kiosk.faults``. Anything else is
    a bug and keeps its traceback.
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
    except Exception as exc:
        fault = explain(exc, register=_register_path(args))
        if fault is None:
            if isinstance(exc, OSError):
                where = f"{exc.filename}: " if exc.filename else ""
                print(f"kiosk: {where}{exc.strerror or exc}", file=sys.stderr)
                return EXIT_FAILED
            raise
        log.debug("%s", exc, exc_info=True)
        print(f"kiosk: {fault.en}", file=sys.stderr)
        return fault.exit_code


def _register_path(args: argparse.Namespace) -> Path | None:
    """The local register of this command, to name it in a message (None when it is not SQLite)."""
    home = Path(args.home) if getattr(args, "home", None) else default_home()
    try:
        return sqlite_path(load_config(home).db_url)
    except ConfigError:
        return home / "register.sqlite3"


if __name__ == "__main__":
    sys.exit(main())
