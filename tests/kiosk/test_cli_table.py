"""The command line reads only the module of the command asked for; its table must name them all rightly."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from importlib.metadata import entry_points

from kiosk.cli import COMMAND_MODULES, COMMANDS, PLUGIN_COMMANDS, build_parser, command_named


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(subparsers.choices)


def test_the_table_names_the_commands_each_module_adds() -> None:
    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        importlib.import_module(module).register(parser.add_subparsers())
        assert {c for c, modules in COMMANDS.items() if module in modules} == _commands(parser), module
    for ep in entry_points(group="kiosk.commands"):
        parser = argparse.ArgumentParser()
        ep.load()(parser.add_subparsers())
        assert {c for c, target in PLUGIN_COMMANDS.items() if target == ep.value} == _commands(parser), ep.name


def test_a_known_command_gets_only_its_part_and_help_gets_everything() -> None:
    assert _commands(build_parser("register")) == {"register"}
    assert _commands(build_parser("run")) == {"run", "demo", "desk", "display"}
    assert _commands(build_parser(None)) == set(COMMANDS) | set(PLUGIN_COMMANDS)
    assert _commands(build_parser("no-such-command")) == set(COMMANDS) | set(PLUGIN_COMMANDS)
    args = build_parser("sync").parse_args(["sync", "--if-due"])
    assert args.command == "sync" and args.if_due


def test_the_command_is_found_after_the_global_options() -> None:
    assert command_named(["--home", "/tmp/x", "-v", "sync", "--if-due"]) == "sync"
    assert command_named(["--home=/tmp/x", "services", "list"]) == "services"
    assert command_named(["--help"]) is None
    assert command_named([]) is None
    assert command_named(["--home"]) is None


# The register, Qt, the drivers, and ssl (which urllib.request loads): none of them to read a command line.
HEAVY = (
    "sqlalchemy",
    "PySide6",
    "kiosk.models",
    "kiosk.exports",
    "argon2",
    "psycopg",
    "escpos",
    "PIL",
    "smartcard",
    "ssl",
)


def test_a_headless_command_does_not_import_the_register_to_read_its_command_line() -> None:
    """Every command but the windows reads its command line (and prints its --help) without loading the
    register, Qt or a driver: its fixed cost stays at the interpreter's (issue 17: ≤ 0.25 s)."""
    headless = [name for name in (*COMMANDS, *PLUGIN_COMMANDS) if name not in ("run", "demo", "desk", "display")]
    code = (
        "import sys\n"
        "from kiosk.cli import build_parser, command_named\n"
        "argv = ['sync', '--if-due']\n"
        "build_parser(command_named(argv)).parse_args(argv)\n"
        f"for name in {headless!r}:\n"
        "    build_parser(name)\n"
        f"    print(name, sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"{name} []" for name in headless]
