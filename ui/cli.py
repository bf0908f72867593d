"""``kiosk run`` and ``kiosk demo``: the touchscreen (``kiosk staff`` is added by ui/staff/)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kiosk.config import CONFIG_NAME, checked, default_home, load_config, with_changes

DEMO_TOML = """\
# A demonstration kiosk in a temporary directory: nothing here is a real district's data.
[station]
id = "DEMO-01"
centre_name = "ศูนย์ดำรงธรรมอำเภอตัวอย่าง"
district = "ตัวอย่าง (สาธิต)"
province = "ตัวอย่าง"

[privacy]
notice_url = "https://example.org/privacy-notice"

[survey]
url = "https://example.org/survey"
quick_rating = true

[printer]
uri = "preview://{home}/slips"
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = subparsers.add_parser(
        "run",
        help="run the touchscreen kiosk (fullscreen, locked)",
        description="Run the kiosk fullscreen and frameless; only the supervisor's PIN leaves it "
        "(tap the top-right corner 5 times within 3 seconds).",
    )
    run.add_argument(
        "--windowed",
        action="store_true",
        help="run in a normal window that can be closed (for trying it out)",
    )
    run.add_argument(
        "--windowed-if-no-config",
        action="store_true",
        help=f"run windowed when the data directory has no {CONFIG_NAME} yet (a default one is written)",
    )
    run.add_argument(
        "--hide-cursor",
        action="store_true",
        help="hide the mouse pointer whatever ui.hide_cursor says (the touch-screen session's unit passes it)",
    )
    run.set_defaults(func=_run)
    demo = subparsers.add_parser(
        "demo",
        help="try the kiosk in a window with a temporary register, the sample catalogue and a preview printer",
    )
    demo.add_argument("--keep", metavar="DIR", help="use DIR instead of a temporary directory (kept afterwards)")
    demo.set_defaults(func=_demo)
    desk = subparsers.add_parser(
        "desk",
        help="the staff area in its own window (the officer's second screen); `kiosk staff` manages officers",
        description="Sign in by PIN; the queue, the day's register, reprints; for supervisors the roster, "
        "catalogue, exports, monthly report and sync. --with-kiosk runs the locked kiosk on the first "
        "screen and this window on the second, in one process (one printer, one database writer).",
    )
    desk.add_argument("--with-kiosk", action="store_true", help="also run the kiosk fullscreen on the first screen")
    desk.add_argument(
        "--desk", metavar="N", help="the service desk (ช่องบริการ) this window calls visitors to (default: station.desk)"
    )
    desk.set_defaults(func=_desk)
    display = subparsers.add_parser(
        "display",
        help="the waiting room's 'now serving' screen, with the chime and the number spoken in Thai",
        description="Fills a TV or second screen with the number now served and where, the last calls, how many "
        "wait in each lane, the date and the time. On the kiosk machine it reads the register; on another PC "
        "give the kiosk machine's board (display.url or --url, e.g. http://kiosk-01:8765; the kiosk must "
        'publish it on the network: display.listen = "0.0.0.0:8765").',
    )
    display.add_argument("--url", help="the kiosk machine's board, e.g. http://kiosk-01:8765 (default: display.url)")
    display.add_argument("--windowed", action="store_true", help="a 1280×720 window instead of full screen")
    display.add_argument("--screen", type=int, help="the output to fill: 0 the first, -1 the last (display.screen)")
    display.add_argument("--mute", action="store_true", help="no chime and no voice")
    display.set_defaults(func=_display)


def _desk(args: argparse.Namespace) -> int:
    from ui import app

    config = load_config(Path(args.home) if getattr(args, "home", None) else default_home())
    if args.desk is not None:
        config = checked(with_changes(config, station={"desk": args.desk}))
    return app.run_desk(config, with_kiosk=args.with_kiosk)


def _display(args: argparse.Namespace) -> int:
    from ui.display import app as display_app

    config = load_config(Path(args.home) if getattr(args, "home", None) else default_home())
    return display_app.run(config, url=args.url, windowed=args.windowed, screen=args.screen, sound=not args.mute)


def _run(args: argparse.Namespace) -> int:
    from ui import app

    home = Path(args.home) if getattr(args, "home", None) else default_home()
    first_start = not (home / CONFIG_NAME).exists()
    config = load_config(home)  # writes a commented default kiosk.toml when there is none
    windowed = args.windowed or (args.windowed_if_no_config and first_start)
    if windowed and first_start:
        print(
            f"kiosk: no {CONFIG_NAME} yet: running in a window. A default was written to {config.config_path};"
            " fill in the station and printer, then run again for kiosk mode.",
            file=sys.stderr,
        )
    return app.run(config, kiosk_mode=not windowed, hide_cursor=True if args.hide_cursor else None)


def _demo(args: argparse.Namespace) -> int:
    if args.keep:
        home = Path(args.keep)
        home.mkdir(parents=True, exist_ok=True)
        return _demo_in(home)
    with tempfile.TemporaryDirectory(prefix="kiosk-demo-") as tmp:
        return _demo_in(Path(tmp))


def _demo_in(home: Path) -> int:
    from ui import app

    config_path = home / CONFIG_NAME
    if not config_path.exists():
        config_path.write_text(DEMO_TOML.format(home=home.as_posix()), encoding="utf-8")
    config = load_config(home)
    from kiosk.demo import DEMO_PIN, DEMO_SUPERVISOR

    print(f"kiosk demo: data in {home}; ticket slips as PNG in {home / 'slips'}", file=sys.stderr)
    print(
        f"kiosk demo: tap the top-right corner 5 times for the staff area; "
        f"{DEMO_SUPERVISOR} (supervisor) and the sample officers sign in with PIN {DEMO_PIN}",
        file=sys.stderr,
    )
    return app.run(config, kiosk_mode=False, demo=True)
