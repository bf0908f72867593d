"""The steps a citizen and an officer take at the kiosk, each one made of real taps (:mod:`tests.e2e.driver`)."""

from __future__ import annotations

from kiosk.db import Database
from kiosk.register import VisitRecord, day_log
from kiosk.station import Station
from tests.e2e.driver import Json, KioskProcess

WIDTH, HEIGHT = 1920, 1080  # the Xvfb screen, which the kiosk fills
OFFICER = "นายปิ่น ศักดิ์สิทธิ์"
OFFICER_PIN = "2468"
SERVICE = "ตรวจสอบสิทธิหลักประกันสุขภาพ"  # nhso-rights, on the first page of services
SERVICE_EN = "Check universal health coverage rights"
NAME = "สมชาย ใจดี"
NATIONAL_ID = "1101700230708"  # a valid check digit
MASKED_ID = "1-xxxx-xxxxx-x0-8"
THAI_KEYS = {"ส", "ม", "ก"}  # on the Thai layout, not on the digit pad
DIGIT_KEYS = {str(d) for d in range(10)}


def digits(text: str) -> str:
    """The digits of an ID field, whatever grouping it shows (``1-1017-00230-70-8``)."""
    return "".join(c for c in text if c.isdigit())


def to_identify(kiosk: KioskProcess, *, service: str = SERVICE, group: str = "ทั่วไป") -> None:
    """From the welcome screen to "แจ้งชื่อของท่าน", one tap a screen."""
    kiosk.tap("แตะที่นี่ เพื่อรับบัตรคิว")
    kiosk.wait_screen("services")
    kiosk.tap(service)
    kiosk.wait_screen("group")
    kiosk.tap(group, exact=True)
    kiosk.wait_screen("identify")


def to_details(kiosk: KioskProcess) -> None:
    to_identify(kiosk)
    kiosk.tap("พิมพ์ชื่อ-นามสกุล")
    kiosk.wait(
        lambda s: s["screen"] == "details" and (s["focus"] or {}).get("object") == "full_name",
        "the details screen with the name field focused",
    )


def type_name_and_id(kiosk: KioskProcess, *, name: str = NAME, national_id: str = NATIONAL_ID) -> None:
    """The name on the Thai layout, then a tap on the ID field and the ID on the digit pad."""
    kiosk.wait_keys(lambda keys: keys >= THAI_KEYS, "the Thai layout of the on-screen keyboard")
    assert kiosk.type(name) == name
    kiosk.tap(name="national_id")
    kiosk.wait_keys(lambda keys: keys >= DIGIT_KEYS and not keys & THAI_KEYS, "the digit pad for the national ID field")
    assert digits(kiosk.type(national_id)) == national_id
    fields = kiosk.state()["fields"]
    assert fields["full_name"] == name and digits(fields["national_id"]) == national_id, fields


def details_to_ticket(kiosk: KioskProcess) -> str:
    """ถัดไป, รับทราบ, ยืนยัน: the ticket's number once it is issued."""
    kiosk.tap("ถัดไป")
    kiosk.wait_screen("privacy")
    kiosk.tap("รับทราบ")
    kiosk.wait_screen("summary")
    kiosk.tap("ยืนยัน รับบัตรคิว")
    state = kiosk.wait(lambda s: s["screen"] == "ticket" and s["ticket"] not in ("", "…"), "the ticket number")
    number: str = state["ticket"]
    return number


# The next citizen --------------------------------------------------------------------------

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


def choose_english_large_contrast(kiosk: KioskProcess) -> None:
    """What one citizen chose with the buttons at the bottom: large text, high contrast, English."""
    kiosk.tap("ตัวอักษรใหญ่")
    kiosk.tap("สีตัดกันชัด")
    kiosk.tap("English", exact=True)
    state = kiosk.wait(lambda s: s["language"] == "en", "English")
    assert state["large_text"] and state["high_contrast"], state


def visits(db: Database, station: Station) -> list[VisitRecord]:
    with db.read() as session:
        return list(day_log(session, station.today()))


# The staff area over the kiosk --------------------------------------------------------------


def corner_taps(kiosk: KioskProcess) -> None:
    """Five taps in the top-right corner within three seconds: the hidden staff gesture."""
    kiosk.look()
    kiosk.click(WIDTH - 30, 30, 5, 0.35)


def open_staff_area(kiosk: KioskProcess) -> None:
    kiosk.dirty = True  # whatever the staff area changed stays with this process
    corner_taps(kiosk)
    kiosk.wait(lambda s: s["staff"] is not None, "the staff area over the kiosk")
    kiosk.where(OFFICER)  # the sign-in page lists the officer


def sign_in(kiosk: KioskProcess, *, pin: str = OFFICER_PIN) -> None:
    kiosk.tap(OFFICER)
    for digit in pin:
        kiosk.tap(digit, exact=True)
    kiosk.tap("เข้าสู่ระบบ", exact=True)
    kiosk.wait(lambda s: (s["staff"] or {}).get("signed_in") == OFFICER, "the officer signed in", timeout=15)


def close_staff_area(kiosk: KioskProcess) -> None:
    """Sign out when signed in, then back to the kiosk ("กลับหน้าตู้บริการ") if the sign-in page is still up."""
    if (kiosk.state()["staff"] or {}).get("signed_in"):
        kiosk.tap("ออกจากระบบ", exact=True)
        kiosk.wait(lambda s: not (s["staff"] or {}).get("signed_in"), "the officer signed out")
    if kiosk.state()["staff"] is not None:
        kiosk.tap("กลับหน้าตู้บริการ", exact=True)
    kiosk.wait_screen("welcome")
