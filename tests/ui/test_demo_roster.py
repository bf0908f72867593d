"""``kiosk demo`` names two sample officers on the welcome screen."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.demo import DEMO_OFFICERS
from tests.ui.conftest import settle
from ui.app import Kiosk, add_demo_roster
from ui.window import KioskWindow


def test_the_demo_welcome_screen_shows_the_sample_duty_officers(qtbot: object, window: KioskWindow) -> None:
    assert window.welcome.officers.text() == "สอบถามเจ้าหน้าที่ที่โต๊ะบริการ"  # no roster yet
    kiosk = Kiosk(app=QApplication.instance(), window=window, tasks=window.tasks, theme=window.theme)  # type: ignore[arg-type]
    add_demo_roster(kiosk)
    settle(qtbot, window)
    assert window.welcome.officers.text().splitlines() == list(DEMO_OFFICERS)
