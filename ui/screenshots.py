"""Render every screen, Thai and English, normal and large text, into PNG files.

    python -m ui.screenshots docs/screenshots

A throw-away register in a temporary directory with the default catalogue, a fixed clock
(24 November 2569, 10:30 in Bangkok), and the preview printer. Nothing shown is real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from kiosk.config import load_config
from kiosk.idcard import CardIdentity
from kiosk.models import IdMethod
from kiosk.printing import PaperOut, PrinterState, SurveySlip, TicketSlip
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from ui import app, i18n
from ui.card_reader import DemoCardReader
from ui.cli import DEMO_TOML

BANGKOK = ZoneInfo("Asia/Bangkok")
MOMENT = dt.datetime(2026, 11, 24, 10, 30, tzinfo=BANGKOK)
SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}


class OutOfPaper:
    """A printer that has run out of paper, to show how the kiosk tells it."""

    def state(self) -> PrinterState:
        return PrinterState.PAPER_OUT

    def print_ticket(self, slip: TicketSlip) -> None:
        raise PaperOut("paper end sensor: no paper")

    def print_survey(self, slip: SurveySlip) -> None:
        raise PaperOut("paper end sensor: no paper")

    def close(self) -> None:
        pass


def settle(kiosk: app.Kiosk, timeout: float = 10.0) -> None:
    """Run the event loop until every background task's callback has run."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if kiosk.tasks.pending == 0:
            QCoreApplication.processEvents()
            return
        time.sleep(0.005)
    raise TimeoutError("background tasks did not finish")


@dataclass(frozen=True)
class Shot:
    name: str
    prepare: Callable[[app.Kiosk], None]


def _to(screen: str) -> Callable[[app.Kiosk], None]:
    return lambda k: k.window.show_screen(screen)


def _services(k: app.Kiosk) -> None:
    k.window._on_welcome_start()


def _details_error(k: app.Kiosk) -> None:
    w = k.window
    w.show_screen("details")
    w.details.fields["full_name"].setText("สมชาย ใจดี")
    w.details.fields["national_id"].setText("1-1111-11111-11-2")
    w.details.fields["phone"].setText("08123")
    w.details.next_button.click()


def _details(k: app.Kiosk) -> None:
    w = k.window
    w.details.reset()
    w.show_screen("details")
    w.details.fields["full_name"].setText("สมหญิง ศรีสุข")
    w.details.fields["full_name"].setFocus()


def _summary(k: app.Kiosk) -> None:
    w = k.window
    w.details.reset()
    w.draft = type(w.draft)()
    w._on_service_chosen(w.services[9])
    w._on_group_chosen(VisitorGroup.ELDERLY)
    w.details.fields["full_name"].setText("สมหญิง ศรีสุข")
    w.details.fields["national_id"].setText("3-1012-01234-56-9")
    w.details.next_button.click()
    w._on_privacy_acknowledged()


def _ticket(k: app.Kiosk) -> None:
    _summary(k)
    k.window.summary.confirm_button.click()
    settle(k)


def _print_failed(k: app.Kiosk) -> None:
    assert k.window.app is not None
    printer = k.window.app.printer
    k.window.app.printer = OutOfPaper()
    _ticket(k)
    k.window.app.printer = printer


SAMPLE_CARD = CardIdentity(national_id="3101201234569", full_name="นางสมหญิง ศรีสุข", language="th")


def _card_reader(k: app.Kiosk) -> DemoCardReader:
    k.window.clear_staff_alert()  # the printer's banner of shot 10 is not part of these
    reader = k.window.card_reader
    assert isinstance(reader, DemoCardReader)
    return reader


def _card_reading(k: app.Kiosk) -> None:
    w = k.window
    w.go_home()
    w.show_screen("identify")
    _card_reader(k).inserted.emit()


def _card_failed(k: app.Kiosk) -> None:
    from kiosk.idcard import card_error

    w = k.window
    w.go_home()
    w.show_screen("identify")
    _card_reader(k).failed.emit(card_error("card.not_thai_id", "sample"))


def _details_from_card(k: app.Kiosk) -> None:
    w = k.window
    w.go_home()
    w.show_screen("identify")
    card = SAMPLE_CARD
    if i18n.language() == "en":
        card = CardIdentity(national_id=card.national_id, full_name="Mrs. Somying Srisuk", language="en")
    _card_reader(k).hand_in(card)


def _countdown(k: app.Kiosk) -> None:
    k.window.show_screen("group")
    k.window._on_idle_timeout()
    k.window._idle.stop()
    k.window._tick.stop()
    k.window.countdown.set_seconds(7)


def _rating(k: app.Kiosk) -> None:
    k.window.clear_staff_alert()
    k.window.go_home()
    settle(k)
    from kiosk.app import visit

    assert k.window.app is not None
    registration = visit.register_visitor(
        k.window.app, service_code="welfare-card", group=VisitorGroup.GENERAL, id_method=IdMethod.THAID
    )
    k.window.invite_rating(registration.visit_id, registration.label)


def _rating_thanks(k: app.Kiosk) -> None:
    _rating(k)
    k.window.rating.faces[9].click()
    k.window.rating._thanks.stop()  # the thanks stay for the picture


def _start_over(k: app.Kiosk) -> None:
    _details(k)
    k.window.details.home_button.click()  # a name typed: "start over?" first


def _pin(k: app.Kiosk) -> None:
    k.window.go_home()
    settle(k)
    k.window.pin_pad.open()
    k.window.pin_pad.field.setText("1234")


SHOTS = (
    Shot("01-welcome", lambda k: k.window.go_home()),
    Shot("02-services", _services),
    Shot("03-group", _to("group")),
    Shot("04-identify", _to("identify")),
    Shot("05-details", _details),
    Shot("06-details-error", _details_error),
    Shot("07-privacy", _to("privacy")),
    Shot("08-summary", _summary),
    Shot("09-ticket", _ticket),
    Shot("10-ticket-print-failed", _print_failed),
    Shot("11-idle-countdown", _countdown),
    Shot("12-rating", _rating),
    Shot("13-pin-pad", _pin),
    Shot("14-identify-card-reading", _card_reading),
    Shot("15-details-from-card", _details_from_card),
    Shot("16-identify-card-failed", _card_failed),
    Shot("17-start-over", _start_over),
    Shot("18-rating-thanks", _rating_thanks),
)


def sample_queue(kiosk: app.Kiosk) -> None:
    """Two sample officers on duty, a few visitors already waiting, and one service closed."""
    from kiosk import catalogue
    from kiosk.app import roster, visit

    ctx = kiosk.window.app
    assert ctx is not None
    roster.add_demo_roster(ctx)
    for group in (VisitorGroup.GENERAL, VisitorGroup.ELDERLY, VisitorGroup.GENERAL):
        visit.register_visitor(ctx, service_code="nhso-rights", group=group, id_method=IdMethod.OFFICER)
    ctx.write(
        lambda session: catalogue.set_active(session, "dlt-license-queue", False, message_th="ปิดปรับปรุงระบบถึงวันศุกร์")
    )


def render(
    out: Path,
    *,
    sizes: dict[str, tuple[int, int]],
    variants: list[tuple[str, bool, bool]],
    inspect: Callable[[str, QWidget], None] | None = None,
) -> list[Path]:
    """Save every shot for every (language, large, contrast) variant; return the files written.

    ``inspect`` is called with each shot's name and the window before it is saved (the tests read the screens).
    """
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        home = Path(tmp)
        (home / "kiosk.toml").write_text(DEMO_TOML.format(home=home.as_posix()), encoding="utf-8")
        config = load_config(home)
        station = Station.from_config(config, clock=lambda: MOMENT.astimezone(dt.UTC))
        for size_name, size in sizes.items():
            options = app.window_options(config, kiosk_mode=False, station=station)
            kiosk = app.build(config, kiosk_mode=False, options=options, size=size)
            kiosk.window.show()
            from kiosk.app import visit

            ctx = visit.open_register(config, station)
            ctx.printer = app.open_configured_printer(config)
            kiosk.window.attach(ctx)
            kiosk.window.attach_card_reader(DemoCardReader(kiosk.window))
            if size_name == next(iter(sizes)):
                sample_queue(kiosk)
            from ui.widgets import keyboard

            if keyboard.available():
                panel = keyboard.VirtualKeyboard(theme=kiosk.theme)
                kiosk.window.details.set_keyboard(panel)
            for lang, large, contrast in variants:
                # The variant's look is the kiosk's own for these pictures: going home keeps it.
                kiosk.window.options = replace(options, language=lang, large_text=large, high_contrast=contrast)
                i18n.set_language(lang)
                kiosk.theme.set(large_text=large, high_contrast=contrast)
                kiosk.window.large_button.setChecked(large)
                kiosk.window.contrast_button.setChecked(contrast)
                kiosk.window.go_home()
                settle(kiosk)
                suffix = lang + ("-large" if large else "") + ("-contrast" if contrast else "")
                folder = out / size_name
                folder.mkdir(parents=True, exist_ok=True)
                for shot in SHOTS:
                    kiosk.window.resize(*size)
                    shot.prepare(kiosk)
                    settle(kiosk)
                    path = folder / f"{shot.name}.{suffix}.png"
                    if inspect is not None:
                        inspect(f"{size_name}/{shot.name}.{suffix}", kiosk.window)
                    image = kiosk.window.grab()
                    if (image.width(), image.height()) != size:
                        print(f"warning: {path.name} needs {image.width()}×{image.height()}", file=sys.stderr)
                    image.save(str(path), "PNG")
                    written.append(path)
                kiosk.window.clear_staff_alert()
            i18n.set_language("th")
            kiosk.window.unlock()
            kiosk.window.close()
            kiosk.shutdown()
            ctx.db.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for the PNG files (e.g. docs/screenshots)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    full = [("th", False, False), ("th", True, False), ("en", False, False), ("en", True, False), ("th", False, True)]
    written = render(args.out, sizes={"1920x1080": SIZES["1920x1080"]}, variants=full)
    written += render(args.out, sizes={"1280x800": SIZES["1280x800"]}, variants=[("th", True, False)])
    print(f"{len(written)} screenshots in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
