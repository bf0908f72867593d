"""The idle countdown, "ใช้งานต่อ", and the next citizen (issue 10, defects 3 and 4).

The slow typist who made the countdown appear goes on typing after "ใช้งานต่อ"; whoever comes
after an idle reset or a ticket finds the kiosk in Thai with the normal look.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Settings
from tests.e2e.driver import Json, KioskProcess
from tests.e2e.flows import THAI_KEYS, to_details

pytestmark = pytest.mark.e2e

SHORT = Settings(idle_seconds=5, countdown_seconds=3)
SERVICE_EN = "Check universal health coverage rights"


@pytest.fixture
def settings() -> Settings:
    return SHORT


def test_after_continue_on_the_idle_countdown_the_keys_type_into_the_name_again(kiosk: KioskProcess) -> None:
    to_details(kiosk)
    kiosk.wait_keys(lambda keys: keys >= THAI_KEYS, "the Thai layout")
    assert kiosk.type("สม") == "สม"
    kiosk.wait(lambda s: s["countdown"], "the idle countdown", timeout=SHORT.idle_seconds + 5)
    kiosk.tap("ใช้งานต่อ")
    state = kiosk.wait(lambda s: not s["countdown"], "the countdown closed")
    assert state["screen"] == "details" and state["fields"]["full_name"] == "สม", state
    assert kiosk.type("ชาย") == "สมชาย"
    assert kiosk.state()["fields"]["full_name"] == "สมชาย"


THAI_AND_NORMAL = {
    "screen": "welcome",
    "language": "th",
    "language_button": "English",
    "large_text": False,
    "high_contrast": False,
    "large_button": False,
    "contrast_button": False,
}


def look(state: Json) -> Json:
    """What the next citizen finds: the screen, the language, the look and the buttons that set them."""
    return {key: state[key] for key in THAI_AND_NORMAL}


def english_large_contrast(kiosk: KioskProcess) -> None:
    """What one citizen chose: large text, high contrast, English."""
    kiosk.tap("ตัวอักษรใหญ่")
    kiosk.tap("สีตัดกันชัด")
    kiosk.tap("English", exact=True)
    state = kiosk.wait(lambda s: s["language"] == "en", "English")
    assert state["large_text"] and state["high_contrast"], state
    kiosk.tap("Tap here for a queue ticket")
    kiosk.wait_screen("services")


def test_an_idle_reset_gives_the_next_citizen_thai_and_the_normal_look(kiosk: KioskProcess) -> None:
    english_large_contrast(kiosk)
    state = kiosk.wait(lambda s: s["screen"] == "welcome", "the idle reset", timeout=SHORT.idle_seconds + 8)
    assert look(state) == THAI_AND_NORMAL
    assert kiosk.where("แตะที่นี่ เพื่อรับบัตรคิว")  # and the screen says so


def test_after_a_ticket_the_next_citizen_gets_thai_and_the_normal_look(kiosk: KioskProcess) -> None:
    english_large_contrast(kiosk)
    kiosk.tap(SERVICE_EN)
    kiosk.wait_screen("group")
    kiosk.tap("General", exact=True)
    kiosk.wait_screen("identify")
    kiosk.tap("I use ThaID")
    kiosk.wait_screen("privacy")
    kiosk.tap("I understand")
    kiosk.wait_screen("summary")
    kiosk.tap("Confirm and get my ticket")
    kiosk.wait(lambda s: s["screen"] == "ticket" and s["ticket"] not in ("", "…"), "the ticket number")
    kiosk.tap("Done", exact=True)
    state = kiosk.wait_screen("welcome")
    assert look(state) == THAI_AND_NORMAL
    assert kiosk.where("แตะที่นี่ เพื่อรับบัตรคิว")
