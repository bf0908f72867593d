"""``kiosk demo`` names two sample officers on the welcome screen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.demo import DEMO_OFFICERS
from tests.helpers import kiosk_of, settle
from ui.app import add_demo_roster
from ui.window import KioskWindow


def test_the_demo_welcome_screen_shows_the_sample_duty_officers(qtbot: QtBot, window: KioskWindow) -> None:
    assert window.welcome.officers.text() == "สอบถามเจ้าหน้าที่ที่โต๊ะบริการ"  # no roster yet
    kiosk = kiosk_of(window)
    add_demo_roster(kiosk)
    settle(qtbot, window)
    assert window.welcome.officers.text().splitlines() == list(DEMO_OFFICERS)
