"""The officer at the kiosk's own screen: the staff area opened with the hidden corner gesture, used, closed.

The citizen who comes next must find the kiosk as before: the on-screen keyboard types their name
and ID (issue 10, defect 1: after the staff area had been open once, it typed nothing until the
kiosk restarted). The correction dialog saves with its keyboard up, in one tap (defect 10).
"""

from __future__ import annotations

import pytest

from kiosk.models import VisitStatus
from kiosk.register import VisitRecord
from tests.e2e.conftest import Home, Settings
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import (
    MASKED_ID,
    NAME,
    THAI_KEYS,
    close_staff_area,
    details_to_ticket,
    open_staff_area,
    sign_in,
    to_details,
    type_name_and_id,
    visits,
)

pytestmark = pytest.mark.e2e

WAITING = "นางมาลี ศรีสุข"
NEXT = "นายสมศักดิ์ รักไทย"
OTHER = "มานี"  # a short name: the keys of the first citizen after the staff area (who then starts over)


@pytest.fixture
def settings() -> Settings:
    return Settings(waiting=(WAITING, NEXT))


def call_next(kiosk: KioskProcess, home: Home) -> None:
    """ "เรียกคิวถัดไป", and the next visitor is called."""
    called = sum(v.status is VisitStatus.CALLED for v in visits(home.db, home.station))
    kiosk.tap("เรียกคิวถัดไป")
    kiosk.wait(
        lambda _s: sum(v.status is VisitStatus.CALLED for v in visits(home.db, home.station)) > called,
        "the next visitor called",
    )


def test_after_the_staff_area_the_keyboard_still_types_the_next_citizens_name_and_id(
    kiosk: KioskProcess, home: Home
) -> None:
    # Opened and closed again, as a curious visitor might: the next citizen types their name.
    open_staff_area(kiosk)
    close_staff_area(kiosk)
    to_details(kiosk)
    kiosk.wait_keys(lambda keys: keys >= THAI_KEYS, "the Thai layout")
    assert kiosk.type(OTHER) == OTHER, "after the staff area was opened and closed"
    kiosk.tap("เริ่มใหม่")  # and, asked whether to throw the name away, yes
    kiosk.tap("เริ่มใหม่")
    kiosk.wait_screen("welcome")

    # Signed in, the first call of the day made here (the one-screen set-up), signed out, closed.
    open_staff_area(kiosk)
    sign_in(kiosk)
    call_next(kiosk, home)
    close_staff_area(kiosk)
    to_details(kiosk)
    type_name_and_id(kiosk)
    second = details_to_ticket(kiosk)

    typed = {v.ticket: (v.full_name, v.national_id_masked) for v in visits(home.db, home.station)}
    assert typed[second] == (NAME, MASKED_ID)
    kiosk.tap("เสร็จสิ้น", exact=True)  # the kiosk left for the next test, as for the next citizen
    kiosk.wait_screen("welcome")


@pytest.mark.parametrize("after_staff", [True], ids=["the-kiosk-of-the-test-before"])
def test_the_correction_dialog_saves_with_the_keyboard_up_in_one_tap(kiosk: KioskProcess, home: Home) -> None:
    def visit(name: str) -> VisitRecord:
        return next(v for v in visits(home.db, home.station) if v.full_name == name)

    open_staff_area(kiosk)
    sign_in(kiosk)
    kiosk.tap("ทะเบียนประจำวัน", exact=True)  # the day's register
    kiosk.tap(WAITING)  # the visitor's row
    kiosk.tap("แก้ไขรายการที่เลือก", exact=True)
    kiosk.wait(lambda s: "CorrectionPanel" in s["staff"]["panels"], "the correction dialog")
    kiosk.wait(lambda _s: any(f["text"] == WAITING for f in kiosk.find(name="full_name")), "the visit in the dialog")
    kiosk.tap(name="note")
    kiosk.wait_keys(lambda keys: keys >= {"ก", "ม"}, "the staff keyboard under the dialog")
    assert kiosk.type("กม") == "กม"
    kiosk.tap("บันทึกการแก้ไข", exact=True)  # once, with the keyboard still up
    kiosk.wait(lambda _s: visit(WAITING).note == "กม", "the correction saved", timeout=5)

    # Then the officer calls the next visitor: what can be done for them is on screen, not cut off below it.
    kiosk.tap("ปิด", exact=True)
    kiosk.wait(lambda s: not s["staff"]["panels"], "the dialog closed")
    kiosk.tap("คิววันนี้", exact=True)
    call_next(kiosk, home)
    for action in ("บันทึกผล", "แก้ไขรายการ"):
        kiosk.where(action, exact=True)
