"""A register that cannot be opened at start-up is tried again, with the reason in the staff banner."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import config_from_dict
from kiosk.station import Station
from tests.helpers import FakePrinter, kiosk_of
from ui.app import connect_backend
from ui.window import KioskWindow


def test_the_register_is_tried_again_until_it_opens(
    qtbot: QtBot, window: KioskWindow, station: Station, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")  # as a data disk not mounted yet: the register's folder cannot be made
    config = config_from_dict({}, home=blocker / "kiosk")
    window.app = None
    kiosk = kiosk_of(window)
    ready: list[bool] = []
    alerts: list[str] = []
    window.staff_alert.connect(alerts.append)

    with caplog.at_level(logging.CRITICAL, logger="ui.app"):
        connect_backend(
            kiosk,
            config,
            station=station,
            printer_factory=FakePrinter,
            on_ready=lambda: ready.append(True),
            retry_first_s=0.2,
        )
        qtbot.waitUntil(lambda: len(alerts) >= 2, timeout=5000)
    assert (
        alerts[0]
        == window.staff_alert_text
        == ("ฐานข้อมูลเปิดไม่ได้ จะลองใหม่ใน 0 วินาที (ไม่พบที่เก็บข้อมูลของเครื่อง กรุณาติดต่อผู้ดูแลระบบ)")
    )  # the reason as `kiosk desk` says it (kiosk.faults)
    assert "Not a directory" in caplog.text  # the detail is for the log, not the screen
    assert window.banner.isVisible() and window.app is None and not ready
    assert window.current == "welcome"
    assert "could not be opened" in caplog.text

    blocker.unlink()  # the disk is there now
    blocker.mkdir()
    qtbot.waitUntil(lambda: window.app is not None, timeout=5000)
    assert ready == [True]
    assert not window.banner.isVisible() and alerts[-1] == ""
    assert (blocker / "kiosk" / "register.sqlite3").exists()
