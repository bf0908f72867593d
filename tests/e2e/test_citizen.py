"""A citizen at the real kiosk window: every tap a real X pointer event, the name and ID typed on the on-screen keys.

After the ticket, the next citizen finds the kiosk in Thai with the normal look (issue 10, defect 4).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Home
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import (
    MASKED_ID,
    NAME,
    SERVICE_EN,
    THAI_AND_NORMAL,
    choose_english_large_contrast,
    details_to_ticket,
    look,
    to_details,
    type_name_and_id,
    visits,
)

pytestmark = pytest.mark.e2e


def test_a_citizen_types_a_thai_name_and_an_id_on_the_keyboard_and_gets_a_ticket(
    kiosk: KioskProcess, home: Home
) -> None:
    to_details(kiosk)
    type_name_and_id(kiosk)
    number = details_to_ticket(kiosk)
    (visit,) = [v for v in visits(home.db, home.station) if v.ticket == number]
    assert (visit.full_name, visit.national_id_masked) == (NAME, MASKED_ID)
    kiosk.tap("เสร็จสิ้น", exact=True)
    kiosk.wait_screen("welcome")
    assert [e["screen"] for e in kiosk.events()] == [
        "services", "group", "identify", "details", "privacy", "summary", "ticket", "welcome"
    ]  # fmt: skip


def test_after_a_ticket_the_next_citizen_gets_thai_and_the_normal_look(kiosk: KioskProcess) -> None:
    choose_english_large_contrast(kiosk)
    kiosk.tap("Tap here for a queue ticket")
    kiosk.wait_screen("services")
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
