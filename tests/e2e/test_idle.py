"""The idle countdown, "ใช้งานต่อ", and the idle reset (issue 10, defects 3 and 4).

The slow typist who made the countdown appear goes on typing after "ใช้งานต่อ"; whoever comes
after an idle reset finds the kiosk in Thai with the normal look.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Settings
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import THAI_AND_NORMAL, THAI_KEYS, choose_english_large_contrast, look, to_details

pytestmark = pytest.mark.e2e

SHORT = Settings(idle_seconds=5, countdown_seconds=2)  # idle: the least kiosk.toml allows


@pytest.fixture
def settings() -> Settings:
    return SHORT


def test_continue_on_the_idle_countdown_then_typing_then_the_idle_reset_for_the_next_citizen(
    kiosk: KioskProcess,
) -> None:
    to_details(kiosk)
    kiosk.wait_keys(lambda keys: keys >= THAI_KEYS, "the Thai layout")
    assert kiosk.type("สม") == "สม"
    kiosk.wait(lambda s: s["countdown"], "the idle countdown", timeout=SHORT.idle_seconds + 5)
    kiosk.tap("ใช้งานต่อ")
    state = kiosk.wait(lambda s: not s["countdown"], "the countdown closed")
    assert state["screen"] == "details" and state["fields"]["full_name"] == "สม", state
    assert kiosk.type("ชาย") == "สมชาย", "the slow typist goes on typing after ใช้งานต่อ"

    # The citizen makes the kiosk English, large and contrasted, then walks away: the next one finds it
    # in Thai with the normal look, and nothing of the name.
    choose_english_large_contrast(kiosk)
    state = kiosk.wait(lambda s: s["screen"] == "welcome", "the idle reset", timeout=SHORT.idle_seconds + 10)
    assert look(state) == THAI_AND_NORMAL
    assert not any(state["fields"].values()), state
    assert kiosk.where("แตะที่นี่ เพื่อรับบัตรคิว")  # and the screen says so
