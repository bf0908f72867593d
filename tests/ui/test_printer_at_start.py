"""A printer out of paper or unplugged when the kiosk starts is told to staff at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import config_from_dict
from kiosk.printing import PrinterState, state_alert
from kiosk.station import Station
from tests.helpers import FakePrinter, kiosk_of
from ui.app import connect_backend
from ui.window import KioskWindow


class StatePrinter(FakePrinter):
    def __init__(self, state: PrinterState) -> None:
        super().__init__()
        self._state = state

    def state(self) -> PrinterState:
        return self._state


@pytest.mark.parametrize(
    ("state", "banner"),
    [
        (PrinterState.PAPER_OUT, "เครื่องพิมพ์: กระดาษหมด กรุณาใส่กระดาษก่อนมีผู้รับบัตรคิว"),
        (PrinterState.OFFLINE, state_alert(PrinterState.OFFLINE)),
        (PrinterState.PAPER_LOW, state_alert(PrinterState.PAPER_LOW)),
        (PrinterState.UNKNOWN, ""),  # many printers never answer: no alarm for that
        (PrinterState.READY, ""),
    ],
)
def test_the_printer_is_asked_at_start_and_a_problem_goes_to_the_staff_banner(
    qtbot: QtBot, window: KioskWindow, station: Station, tmp_path: Path, state: PrinterState, banner: str
) -> None:
    config = config_from_dict({}, home=tmp_path / "home")
    window.app = None
    window.clear_staff_alert()
    kiosk = kiosk_of(window)
    ready: list[bool] = []
    connect_backend(
        kiosk, config, station=station, printer_factory=lambda: StatePrinter(state), on_ready=lambda: ready.append(True)
    )
    qtbot.waitUntil(lambda: bool(ready) and window.tasks.pending == 0, timeout=15000)
    assert window.banner.isVisible() == bool(banner)
    if banner:
        assert window.staff_alert_text == banner
        assert "เครื่องพิมพ์" not in window.banner_text.text()  # the citizen reads "tell the officer", no device state
    assert state_alert(PrinterState.PAPER_OUT).startswith("เครื่องพิมพ์: กระดาษหมด")
