"""Render the waiting-room display into PNG files: ``python -m ui.display.screenshots docs/screenshots``.

A throw-away register with made-up visitors and officers, two desks calling, and the clock of
the other screenshots (24 November 2569, 10:30 in Bangkok). Nothing shown is real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from kiosk.app import Context, queue
from kiosk.board import Board, FeedState, read_board
from kiosk.catalogue import seed_defaults
from kiosk.config import Config, StationConfig
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod, Role, VisitResult
from kiosk.register import register_visit
from kiosk.staff import StaffSession, create_officer, fast_hasher
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from ui import app
from ui.display.window import BoardWindow
from ui.screenshots import BANGKOK, MOMENT

SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}
CENTRE = "ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร"


def sample_board(db: Database, tmp: Path) -> tuple[Board, Board]:
    """The morning before the first call, and 10:30 with two desks at work."""
    moment = [MOMENT.astimezone(dt.UTC) - dt.timedelta(minutes=50)]
    station = Station(id="KIOSK-01", zone=BANGKOK, centre_name=CENTRE, district="เมืองสกลนคร", clock=lambda: moment[0])

    def later(minutes: float) -> None:
        moment[0] += dt.timedelta(minutes=minutes)

    officers = []
    with db.write() as session:
        seed_defaults(session)
        for name in ("สมศรี ตั้งใจ", "ประยุทธ์ มีสุข"):
            info = create_officer(
                session, station, name=name, role=Role.OFFICER, pin="2468", actor="demo", hasher=fast_hasher()
            )
            officers.append(StaffSession(info.id, info.name, info.role))
    groups = [VisitorGroup.GENERAL] * 9 + [VisitorGroup.ELDERLY, VisitorGroup.DISABLED, VisitorGroup.ELDERLY]
    for group in groups:
        with db.write() as session:
            register_visit(session, station, service_code="nhso-rights", group=group, id_method=IdMethod.OFFICER)
        later(1)
    with db.read() as session:
        morning = read_board(session, station)
    desk1, desk2 = (
        Context(db=db, station=station, config=Config(home=tmp, station=StationConfig(desk=n))) for n in ("1", "2")
    )
    steps: list[tuple[Context, StaffSession, str]] = [
        (desk1, officers[0], "done"),
        (desk2, officers[1], "done"),
        (desk1, officers[0], "no_show"),
        (desk1, officers[0], "done"),
        (desk2, officers[1], "serve"),
        (desk1, officers[0], "serve"),
    ]
    for desk, officer, what in steps:
        called = queue.call_next(desk, officer)
        assert called is not None
        later(4)
        if what == "done":
            queue.finish(desk, officer, called.id, result=VisitResult.SUCCESS)
        elif what == "no_show":
            queue.no_show(desk, called.id)
        later(2)
    moment[0] = MOMENT.astimezone(dt.UTC)
    with db.read() as session:
        busy = read_board(session, station)
    return morning, busy


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def render(out: Path, sizes: dict[str, tuple[int, int]]) -> list[Path]:
    app.application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-display-shots-") as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'register.sqlite3'}")
        upgrade(db.engine)
        morning, busy = sample_board(db, Path(tmp))
        db.dispose()

        def serving(window: BoardWindow) -> None:
            window.set_state(FeedState.LIVE)
            window.show_board(busy)

        def new_call(window: BoardWindow) -> None:
            serving(window)
            window.serving.setProperty("flash", True)
            window.serving.style().unpolish(window.serving)
            window.serving.style().polish(window.serving)

        def first_call_pending(window: BoardWindow) -> None:
            window.set_state(FeedState.LIVE)
            window.show_board(morning)

        def connecting(window: BoardWindow) -> None:
            window.set_state(FeedState.CONNECTING, "connection refused")
            window.set_sound_note("aplay exit 1: audio open error: No such file or directory")

        shots: list[tuple[str, bool, Callable[[BoardWindow], None]]] = [
            ("display-01-serving", True, serving),
            ("display-01-serving", False, serving),
            ("display-02-new-call", True, new_call),
            ("display-03-morning", True, first_call_pending),
            ("display-04-connecting", True, connecting),
        ]
        for size_name, (width, height) in sizes.items():
            for name, english, prepare in shots:
                window = BoardWindow(zone=BANGKOK, english=english, clock=lambda: MOMENT)
                window.set_centre(CENTRE, "เมืองสกลนคร")
                window.resize(width, height)
                window.show()
                prepare(window)
                _settle()
                path = out / f"{name}.{'th-en' if english else 'th'}.{size_name}.png"
                image = window.grab()
                if (image.width(), image.height()) != (width, height):
                    print(f"warning: {path.name} needs {image.width()}×{image.height()}", file=sys.stderr)
                image.save(str(path), "PNG")
                written.append(path)
                window.close()
                window.deleteLater()
                _settle()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.display.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for the PNG files (e.g. docs/screenshots)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = render(args.out, SIZES)
    print(f"{len(written)} screenshots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
