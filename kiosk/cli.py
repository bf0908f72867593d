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
from pathlib import Path

from kiosk.config import ConfigError, default_home, load_config, sqlite_path
from kiosk.errors import EXIT_CONFIG, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, ExportCancelled, KioskError

# Each module has ``register(subparsers)`` which adds its commands with ``set_defaults(func=…)``.
# The commands each adds: the parser imports only the modules of the command asked for, so a
# command pays for what it needs and no more (``kiosk run`` shows its window before SQLAlchemy is
# imported, ``kiosk sync`` never loads the exports). ``kiosk --help`` and a mistyped command load them all.
# tests/kiosk/test_cli.py checks these tables against what the modules really add.
COMMANDS: dict[str, tuple[str, ...]] = {
    "db": ("kiosk.commands.db",),
    "services": ("kiosk.commands.services",),
    "register": ("kiosk.commands.register", "kiosk.commands.export"),
    "sync": ("kiosk.commands.sync",),
    "district": ("kiosk.commands.district",),
    "staff": ("kiosk.commands.staff",),
    "roster": ("kiosk.commands.staff",),
    "report": ("kiosk.commands.report",),
    "purge": ("kiosk.commands.purge",),
    "erase": ("kiosk.commands.purge",),
    "session": ("kiosk.commands.session",),
    "board": ("kiosk.commands.board",),
}
COMMAND_MODULES = tuple(dict.fromkeys(m for modules in COMMANDS.values() for m in modules))
# The commands other packages add through the ``kiosk.commands`` entry points (pyproject.toml), by the
# entry point's target: a known command imports it directly (reading every installed package's entry
# points takes ~50 ms); ``kiosk --help`` reads the entry points.
PLUGIN_COMMANDS: dict[str, str] = {
    "run": "ui.cli:register",
    "demo": "ui.cli:register",
    "desk": "ui.cli:register",
    "display": "ui.cli:register",
    "print": "printers.cli:register",
    "card": "cardreader.cli:register",
}

__all__ = ["EXIT_CONFIG", "EXIT_FAILED", "EXIT_OK", "build_parser", "main", "run_command"]

log = logging.getLogger("kiosk")


def command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` asks for (its first word after the global options), if any."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--home")
    pre.add_argument("-v", "--verbose", action="store_true")
    try:
        _, rest = pre.parse_known_args(argv)
    except SystemExit:  # e.g. --home without its value: the full parser says so
        return None
    return rest[0] if rest and not rest[0].startswith("-") else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (given a known ``command``) only that command's part of it."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="e-Service kiosk of a district Damrongdhama Center (ศูนย์ดำรงธรรมอำเภอ).",
    )
    parser.add_argument("--home", help="data directory (default: $KIOSK_HOME or the platform's data directory)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if command in COMMANDS:
        for name in COMMANDS[command]:
            importlib.import_module(name).register(subparsers)
        return parser
    if command in PLUGIN_COMMANDS:
        module, _, function = PLUGIN_COMMANDS[command].partition(":")
        try:
            register_plugin: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = getattr(
                importlib.import_module(module), function
            )
        except ImportError as exc:  # a package of the kiosk that is not installed on this machine
            log.debug("commands of %s unavailable: %s", module, exc)
        else:
            register_plugin(subparsers)
            return parser
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    from importlib.metadata import entry_points

    for ep in entry_points(group="kiosk.commands"):
        try:
            register: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = ep.load()
        except ImportError as exc:  # a package of the kiosk that is not installed on this machine
            log.debug("commands of %s unavailable: %s", ep.name, exc)
            continue
        register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_named(arguments))
    args = parser.parse_args(arguments)
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
        from kiosk.faults import explain  # imports SQLAlchemy's errors: only when something failed

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
