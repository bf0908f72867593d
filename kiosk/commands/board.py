"""``kiosk board``: publish the waiting room's queue board, or look at it from the command line."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from kiosk.commands import config_of, open_database, station_of
from kiosk.config import parse_listen


def _listen(text: str) -> str:
    try:
        parse_listen(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "board",
        help="the queue board the waiting-room displays follow (serve it, or show it)",
        description="`kiosk run` and `kiosk desk` publish the board themselves (display.listen). "
        "`kiosk board serve` publishes it from a process of its own, e.g. a systemd service on the "
        "kiosk machine; `kiosk board show` prints what a display would show.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="publish the board of this machine's register until stopped")
    serve.add_argument("--listen", type=_listen, help="HOST:PORT (default: display.listen; port 0 picks one)")
    serve.set_defaults(func=_serve)
    show = actions.add_parser("show", help="print the board as a display sees it")
    show.add_argument("--url", help="a kiosk machine's board, e.g. http://kiosk-01:8765 (default: this register)")
    show.add_argument("--json", action="store_true", help="print the JSON the displays receive")
    show.set_defaults(func=_show)


# kiosk.board reads the register (SQLAlchemy) and urllib.request loads ssl and email: imported by the
# action, not to read the command line.


def _serve(args: argparse.Namespace) -> int:
    from kiosk.board import BoardPublisher, LocalFeed

    config = config_of(args)
    listen = args.listen or config.display.listen or "127.0.0.1:8765"
    db = open_database(config)
    publisher = BoardPublisher(LocalFeed(db, station_of(config), recent=config.display.recent), listen)
    try:
        publisher.start()
    except OSError as exc:
        print(f"kiosk board: cannot listen on {listen}: {exc}", file=sys.stderr)
        return 1
    print(f"kiosk board: serving {publisher.url} (stop with Ctrl+C)", file=sys.stderr, flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        publisher.close()
        db.dispose()
    return 0


def _show(args: argparse.Namespace) -> int:
    import urllib.error
    import urllib.request

    from kiosk.board import BOARD_PATH, LocalFeed, board_from_json, board_to_json, board_url

    config = config_of(args)
    url = args.url or config.display.url
    if url:
        try:
            _scheme, _host, _port, prefix = board_url(url)
            with urllib.request.urlopen(
                url.rstrip("/") + BOARD_PATH if not prefix else url + BOARD_PATH, timeout=5
            ) as r:
                data = json.loads(r.read())
            board = board_from_json(data)
        except (OSError, ValueError, urllib.error.URLError) as exc:
            print(f"kiosk board: cannot read the board at {url}: {exc}", file=sys.stderr)
            return 1
    else:
        db = open_database(config, migrate=False)
        try:
            board = LocalFeed(db, station_of(config), recent=config.display.recent).read()
        finally:
            db.dispose()
    if args.json:
        print(json.dumps(board_to_json(board), ensure_ascii=False, indent=2))
        return 0
    print(f"{board.centre_name} · {board.day.isoformat()}")
    for call in board.serving:
        print(f"  now serving {call.ticket}  desk {call.desk or '-'}  {call.officer}")
    for call in board.recent:
        print(f"  recent      {call.ticket}  {call.kind.value:8} desk {call.desk or '-'}  {call.at:%H:%M:%S}Z")
    print("  waiting     " + "  ".join(f"{c.lane.value}: {c.waiting}" for c in board.waiting))
    return 0
