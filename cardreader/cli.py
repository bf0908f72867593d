"""``kiosk card``: for the installer, the reader's state and a test read of an ID card (the ID shown masked)."""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 1


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("card", help="the Thai ID card reader: its state, a test read")
    sub = parser.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    status = sub.add_parser("status", help="is the PC/SC service running, which readers are connected")
    status.set_defaults(func=_status)
    read = sub.add_parser("read", help="read the card in the reader: the ID (masked) and the name")
    read.add_argument("--english", action="store_true", help="read the English name instead of the Thai one")
    read.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for a card")
    read.set_defaults(func=_read)


# cardreader.pcsc loads pyscard: imported by the action, not to read the command line.


def _status(args: argparse.Namespace) -> int:
    from cardreader.pcsc import ReaderStatus, reader_state

    state = reader_state()
    print(f"{state.th}\n{state.en}")
    for name in state.readers:
        print(f"  {name}")
    return EXIT_OK if state.status is ReaderStatus.READY else EXIT_FAILED


def _read(args: argparse.Namespace) -> int:
    from cardreader.pcsc import read_once

    identity = read_once(language="en" if args.english else "th", timeout_s=args.wait)  # CardError → the CLI frame
    print(f"national ID: {identity.national_id_masked} (check digit correct)")
    print(f"name: {identity.full_name}")
    return EXIT_OK
