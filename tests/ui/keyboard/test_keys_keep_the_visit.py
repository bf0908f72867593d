"""The on-screen keyboard's keys are the visitor's taps too: they keep the visit from the idle reset.

The window sees the presses on its QWindow; a key's press goes on to the keyboard's QQuickWidget,
which takes it (no widget above it ever hears of it), and its text reaches the field as an input
method event, not as a key press.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.keyboard.keys import labels, tap_key, tap_widget, wait_for
from ui.widgets import keyboard
from ui.window import KioskWindow, Timing


@pytest.mark.parametrize("timing", [Timing(idle_seconds=6)])
def test_a_key_of_the_on_screen_keyboard_starts_the_idle_time_again(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.show_screen("details")
    panel = keyboard.shared()
    tap_widget(kiosk.details.fields["full_name"])
    wait_for(lambda: "ก" in labels(panel), "the Thai keys")
    idle = kiosk._idle
    assert idle.isActive()
    qtbot.wait(1500)
    before = idle.remainingTime()
    tap_key(panel, "ก")
    assert kiosk.details.fields["full_name"].text() == "ก"
    # The timers are coarse (5 % of the interval); without the restart, less than `before` would be left.
    assert idle.isActive() and idle.remainingTime() > before + 700
