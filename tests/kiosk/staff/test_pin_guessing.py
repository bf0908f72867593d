"""PIN guessing: every answer costs one argon2 check, lock-outs escalate, trivial PINs are refused outside the demo.

Time is not measured here (a timed unit test is flaky by nature): what makes the answers take
the same time is that every path runs exactly one argon2 verification, and that is counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from argon2 import PasswordHasher

from kiosk.db import Database
from kiosk.models import Role
from kiosk.staff import (
    LOCKOUTS,
    MAX_FAILED_PINS,
    StaffError,
    check_pad_pin_db,
    check_pin,
    create_officer,
    fast_hasher,
    set_active,
    set_pin,
    sign_in_db,
    trivial_pin,
    unlock,
)
from kiosk.station import Station
from tests.conftest import FakeClock

NAME = "นางสาวอำไพ ใจงาม"
PIN = "2468"


class CountingHasher(PasswordHasher):
    """argon2-cffi's hasher, counting verifications."""

    def __init__(self) -> None:
        base = fast_hasher()
        super().__init__(time_cost=base.time_cost, memory_cost=base.memory_cost, parallelism=base.parallelism)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def officer(db: Database, station: Station, hasher: CountingHasher) -> str:
    with db.write() as session:
        create_officer(session, station, name=NAME, role=Role.SUPERVISOR, pin=PIN, actor="test", hasher=hasher)
        create_officer(session, station, name="นายไม่มี รหัส", role=Role.OFFICER, pin=None, actor="test")
        create_officer(session, station, name="นายลาออก แล้ว", role=Role.OFFICER, pin="1357", actor="t", hasher=hasher)
        set_active(session, station, "นายลาออก แล้ว", False, actor="test")
    return NAME


def refusal(db: Database, station: Station, hasher: CountingHasher, name: str, pin: str) -> tuple[str, int]:
    before = hasher.verified
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, name, pin, hasher=hasher)
    return caught.value.code, hasher.verified - before


def test_every_answer_costs_one_argon2_check(
    db: Database, station: Station, officer: str, hasher: CountingHasher
) -> None:
    assert refusal(db, station, hasher, "ไม่มีชื่อนี้ เลย", "2468") == ("signin.unknown", 1)
    assert refusal(db, station, hasher, "นายลาออก แล้ว", "1357") == ("signin.unknown", 1)  # inactive: said alike
    assert refusal(db, station, hasher, "นายไม่มี รหัส", "2468") == ("signin.no_pin", 1)
    assert refusal(db, station, hasher, officer, "9753") == ("signin.pin", 1)
    for _ in range(MAX_FAILED_PINS - 1):
        refusal(db, station, hasher, officer, "9753")
    assert refusal(db, station, hasher, officer, PIN) == ("signin.locked", 1)  # locked: the right PIN is not told
    for _ in range(MAX_FAILED_PINS):  # the kiosk's PIN pad, locked too, answers in the same time
        with pytest.raises(StaffError):
            check_pad_pin_db(db, station, "9753", hasher=hasher)
    before = hasher.verified
    with pytest.raises(StaffError) as caught:
        check_pad_pin_db(db, station, PIN, hasher=hasher)
    assert caught.value.code == "signin.locked" and hasher.verified - before == 1


def test_lock_outs_in_a_row_grow_longer(db: Database, station: Station, officer: str, clock: FakeClock) -> None:
    hasher = fast_hasher()
    lengths = []
    for _ in range(len(LOCKOUTS) + 1):
        for _ in range(MAX_FAILED_PINS):
            with pytest.raises(StaffError) as caught:
                sign_in_db(db, station, officer, "9753", hasher=hasher)
        assert caught.value.code == "signin.locked" and caught.value.locked_until is not None
        lengths.append(caught.value.locked_until - clock())
        clock.set(caught.value.locked_until + dt.timedelta(seconds=1))
    assert lengths == [*LOCKOUTS, LOCKOUTS[-1]]
    assert [int(x.total_seconds() // 60) for x in LOCKOUTS] == [5, 15, 60, 240, 1440]
    # 5 tries a lock-out: a 4-digit PIN now takes about 10,000 / 5 days to exhaust, not 3.5 days
    assert sign_in_db(db, station, officer, PIN, hasher=hasher).name == officer  # a right PIN resets the level
    for _ in range(MAX_FAILED_PINS):
        with pytest.raises(StaffError) as caught:
            sign_in_db(db, station, officer, "9753", hasher=hasher)
    assert caught.value.locked_until == clock() + LOCKOUTS[0]


def test_unlock_and_a_new_pin_reset_the_level(db: Database, station: Station, officer: str, clock: FakeClock) -> None:
    hasher = fast_hasher()

    def lock_out() -> dt.timedelta:
        for _ in range(MAX_FAILED_PINS):
            with pytest.raises(StaffError) as caught:
                sign_in_db(db, station, officer, "9753", hasher=hasher)
        assert caught.value.locked_until is not None
        return caught.value.locked_until - clock()

    assert lock_out() == LOCKOUTS[0]
    clock.advance(minutes=6)
    assert lock_out() == LOCKOUTS[1]
    with db.write() as session:
        unlock(session, station, officer, actor="boss")
    assert lock_out() == LOCKOUTS[0]
    clock.advance(minutes=6)
    assert lock_out() == LOCKOUTS[1]
    with db.write() as session:
        set_pin(session, station, officer, "8023", actor="boss", hasher=hasher)
    assert lock_out() == LOCKOUTS[0]


@pytest.mark.parametrize(
    "pin", ["1234", "0000", "1111", "123456", "654321", "4321", "3456", "7890", "9876", "1212", "123123", "2580"]
)
def test_trivial_pins_are_refused_outside_the_demo(db: Database, station: Station, officer: str, pin: str) -> None:
    assert trivial_pin(pin)
    with pytest.raises(StaffError) as caught:
        check_pin(pin)
    assert caught.value.code in {"pin.trivial", "pin.weak"}  # pin.weak: one digit repeated, refused even in the demo
    with db.write() as session, pytest.raises(StaffError):
        set_pin(session, station, officer, pin, actor="boss")
    if len(set(pin)) > 1:
        assert check_pin(pin, allow_trivial=True) == pin  # the demo's 1234


@pytest.mark.parametrize("pin", ["2468", "1357", "8023", "90417", "5183", "864201"])
def test_ordinary_pins_are_taken(pin: str) -> None:
    assert not trivial_pin(pin) and check_pin(pin) == pin
