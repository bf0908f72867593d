"""A citizen at the real kiosk window: every tap a real X pointer event, the name and ID typed on the on-screen keys."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Home
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import MASKED_ID, NAME, details_to_ticket, to_details, type_name_and_id, visits

pytestmark = pytest.mark.e2e


def test_a_citizen_types_a_thai_name_and_an_id_on_the_keyboard_and_gets_a_ticket(
    kiosk: KioskProcess, home: Home
) -> None:
    to_details(kiosk)
    type_name_and_id(kiosk)
    number = details_to_ticket(kiosk)
    (visit,) = visits(home.db, home.station)
    assert (visit.ticket, visit.full_name, visit.national_id_masked) == (number, NAME, MASKED_ID)
    assert [e["screen"] for e in kiosk.events()] == [
        "services", "group", "identify", "details", "privacy", "summary", "ticket"
    ]  # fmt: skip
