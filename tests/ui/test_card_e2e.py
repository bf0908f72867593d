"""End to end on the real stack except the card: the kiosk window, the pyscard reader on its thread, a private
pcscd with the vpcd reader, and the emulated Thai ID card. The card goes in on the identify screen; a ticket
comes out with the card's name and the ID masked on screen and on the slip.

``test_the_card_flow_under_xvfb`` runs the same test again in a child pytest on a real X server (Xvfb from
:mod:`tests.xserver`, its display chosen with ``-displayfd``) with Qt's xcb platform, driving the real window
with pytest-qt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kiosk.db import Database
from kiosk.models import IdMethod
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.helpers import FakePrinter, settle, tap
from tests.pcsc import PrivatePcscd, ThaiIdChip
from tests.ui.test_flow import choose, only_visit
from tests.xserver import xvfb
from ui.card_reader import PcscCardReader
from ui.window import KioskWindow

MASKED = "1-xxxx-xxxxx-x6-1"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.pcsc


def test_card_inserted_on_the_identify_screen_gives_a_ticket_with_its_name(
    qtbot: QtBot, window: KioskWindow, pcscd: PrivatePcscd, db: Database, station: Station, printer: FakePrinter
) -> None:
    if os.environ.get("KIOSK_UNDER_XVFB"):  # the child run of the test below: a real X server
        assert QGuiApplication.platformName() == "xcb"
    reader = PcscCardReader(window)
    window.attach_card_reader(reader)
    reader.start()
    try:
        qtbot.waitUntil(lambda: reader.ready, timeout=10_000)
        choose(qtbot, window, "welfare-card", VisitorGroup.GENERAL)
        assert window.identify.card_prompt.isVisible()
        chip = ThaiIdChip()
        with qtbot.waitSignal(window.card_shown, timeout=10_000):
            pcscd.card(chip).insert()
        assert window.current == "details"
        assert window.details.fields["full_name"].text() == "นายสมชาย ใจดี"
        assert window.details.fields["national_id"].text() == MASKED
        assert chip.asked == ["0004", "0011"]
        tap(qtbot, window.details.next_button)
        tap(qtbot, window.privacy.ok_button)
        tap(qtbot, window.summary.confirm_button)
        settle(qtbot, window)
        qtbot.waitUntil(lambda: len(printer.tickets) == 1, timeout=5000)
    finally:
        reader.stop()
    visit = only_visit(db, station)
    assert visit.id_method is IdMethod.CARD
    assert visit.full_name == "นายสมชาย ใจดี"
    assert window.current == "ticket"
    assert window.ticket.caption.text() == f"หมายเลขคิวของท่าน  ·  นายสมชาย ใจดี  {MASKED}"
    (slip,) = printer.tickets
    assert (slip.visitor_name, slip.national_id_masked) == ("นายสมชาย ใจดี", MASKED)


@pytest.mark.slow
def test_the_card_flow_under_xvfb(tmp_path: Path) -> None:
    assert shutil.which("Xvfb"), "Xvfb is missing: make test installs xvfb"
    with xvfb(1280, 800) as x:
        env = x.env(KIOSK_UNDER_XVFB="1")
        env.pop("PCSCLITE_CSOCK_NAME", None)  # the child starts a pcscd of its own
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                f"--basetemp={tmp_path}",
                f"{Path(__file__)}::test_card_inserted_on_the_identify_screen_gives_a_ticket_with_its_name",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-2000:]
    assert "1 passed" in child.stdout
