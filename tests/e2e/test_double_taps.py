"""Double and triple taps, 100–300 ms apart, on every tap that changes the screen (issue 10, defect 2).

A finger that taps twice on "แตะที่นี่ เพื่อรับบัตรคิว" must get the service list, not a service
it never saw: each multiple tap moves exactly one screen on, and what the extra taps hit on the
new screen (a service card, a key, a button in the same place) does nothing.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import pytest

from tests.e2e.conftest import Home
from tests.e2e.driver import KioskProcess
from tests.e2e.flows import NAME, SERVICE, THAI_KEYS, visits

pytestmark = pytest.mark.e2e

QUIET_S = 0.5  # after the last tap: long enough for a stray tap's screen change to have happened


@dataclass(frozen=True)
class Step:
    text: str  # what the finger aims at
    then: str  # the one screen it should bring
    exact: bool = False


def multi_tap(kiosk: KioskProcess, step: Step, count: int, interval_s: float) -> None:
    """``count`` taps on ``step.text``; then exactly one screen change, to ``step.then``, and nothing typed."""
    kiosk.look()
    x, y = kiosk.where(step.text, exact=step.exact)
    before = kiosk.state()["fields"]
    kiosk.events()
    sent = kiosk.click(x, y, count, interval_s)
    gaps = ", ".join(f"{(b - a) * 1000:.0f}" for a, b in itertools.pairwise(sent))
    shown: list[str] = []
    deadline = time.monotonic() + 10
    while not shown and time.monotonic() < deadline:  # the first change, however slow the machine
        shown += [e["screen"] for e in kiosk.events()]
    time.sleep(QUIET_S)  # then any that the extra taps made
    shown += [e["screen"] for e in kiosk.events()]
    state = kiosk.state()
    taken = state["presses"][-count:]
    server = ", ".join(f"{b[0] - a[0]}" for a, b in itertools.pairwise(taken))
    kiosk_gaps = ", ".join(f"{(b[1] - a[1]) * 1000:.0f}" for a, b in itertools.pairwise(taken))
    gaps += f"; the X server's {server} ms; taken by the kiosk {kiosk_gaps} ms apart"
    assert shown == [step.then], (
        f"{count} taps {interval_s * 1000:.0f} ms apart (sent {gaps} ms apart) on {step.text!r} showed {shown},"
        f" not only {step.then!r}"
    )
    assert state["screen"] == step.then and state["staff"] is None and not state["pin_pad"], state
    # nothing typed by a stray tap on a key or a field (the ticket clears what was typed)
    cleared = {name: "" for name in before}
    assert state["fields"] == before or (step.then in ("ticket", "welcome") and state["fields"] == cleared), state


DOUBLE = [
    Step("แตะที่นี่ เพื่อรับบัตรคิว", "services"),
    Step(SERVICE, "group"),
    Step("ย้อนกลับ", "services"),  # the second tap would be on the services' own "ย้อนกลับ"
    Step(SERVICE, "group"),
    Step("ทั่วไป", "identify", exact=True),
    Step("พิมพ์ชื่อ-นามสกุล", "details"),  # the second tap would be on the keyboard or a field
]
AFTER_TYPING = [
    Step("ถัดไป", "privacy"),
    Step("รับทราบ", "summary"),
    Step("ยืนยัน รับบัตรคิว", "ticket"),
    Step("เสร็จสิ้น", "welcome"),
]
TRIPLE = [  # the five quick taps of the issue went: a service, ผู้พิการ (the priority lane), ThaID, the notice
    Step("แตะที่นี่ เพื่อรับบัตรคิว", "services"),
    Step(SERVICE, "group"),
    Step("ผู้พิการ", "identify", exact=True),
    Step("ฉันใช้ ThaID", "privacy"),
    Step("รับทราบ", "summary"),
    Step("ยืนยัน รับบัตรคิว", "ticket"),
]
INTERVALS = (0.1, 0.2, 0.3)


def test_double_taps_move_one_screen_at_a_time_through_the_whole_visit(kiosk: KioskProcess, home: Home) -> None:
    before = {v.id for v in visits(home.db, home.station)}
    for i, step in enumerate(DOUBLE):
        multi_tap(kiosk, step, 2, INTERVALS[i % 3])
    kiosk.wait_keys(lambda keys: keys >= THAI_KEYS, "the Thai layout")
    assert kiosk.type(NAME) == NAME
    for i, step in enumerate(AFTER_TYPING):
        if step.then == "welcome":  # the ticket is issued before "เสร็จสิ้น" is tapped
            kiosk.wait(lambda s: s["ticket"] not in ("", "…"), "the ticket number")
        multi_tap(kiosk, step, 2, INTERVALS[i % 3])
    new = [v.full_name for v in visits(home.db, home.station) if v.id not in before]
    assert new == [NAME]  # one visit, one ticket


def test_triple_taps_move_one_screen_at_a_time(kiosk: KioskProcess, home: Home) -> None:
    before = len(visits(home.db, home.station))
    for i, step in enumerate(TRIPLE):
        multi_tap(kiosk, step, 3, (0.1, 0.15, 0.25)[i % 3])
    assert len(visits(home.db, home.station)) == before + 1
    kiosk.wait(lambda s: s["ticket"] not in ("", "…"), "the ticket number")
    kiosk.tap("เสร็จสิ้น", exact=True)
    kiosk.wait_screen("welcome")
