"""A PIN's argon2 check (≈ 0.1 s, 64 MiB) is done outside the write transaction that records the attempt:
the one SQLite writer is never held by it, so a citizen's registration never waits behind a sign-in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Literal

import pytest
from argon2 import PasswordHasher

from kiosk.db import Database
from kiosk.models import Role, Setting
from kiosk.staff import (
    StaffError,
    StaffSession,
    check_pad_pin_db,
    create_officer,
    fast_hasher,
    find_officer,
    set_pin,
    sign_in_db,
)
from kiosk.station import Station

NAME = "นางสาวอำไพ ใจงาม"
PIN = "2468"
WAIT_S = 5.0


class HeldHasher(PasswordHasher):
    """A cheap hasher whose checks wait until the test lets them go."""

    def __init__(self) -> None:
        base = fast_hasher()
        super().__init__(time_cost=base.time_cost, memory_cost=base.memory_cost, parallelism=base.parallelism)
        self.checking = threading.Event()
        self.go = threading.Event()

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.checking.set()
        assert self.go.wait(WAIT_S)
        return super().verify(hash, password)


@pytest.fixture
def hasher(db: Database, station: Station) -> Iterator[HeldHasher]:
    held = HeldHasher()
    with db.write() as session:
        create_officer(session, station, name=NAME, role=Role.SUPERVISOR, pin=PIN, actor="test", hasher=held)
    yield held
    held.go.set()


def _write_while_checking(
    db: Database, station: Station, hasher: HeldHasher, check: Callable[[], StaffSession]
) -> StaffSession:
    """Start ``check`` on a thread; while its argon2 check runs, write to the register from here."""
    outcome: list[StaffSession | BaseException] = []

    def run() -> None:
        try:
            outcome.append(check())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert hasher.checking.wait(WAIT_S), "the PIN was never checked"
        with db.write() as session:  # the registration's transaction: it must not wait for the check
            session.merge(Setting(key="test:written", value="during the check", updated_at=station.now()))
    finally:
        hasher.go.set()
        thread.join(WAIT_S)
    [result] = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def test_a_sign_in_is_checked_outside_the_write_transaction(db: Database, station: Station, hasher: HeldHasher) -> None:
    who = _write_while_checking(db, station, hasher, lambda: sign_in_db(db, station, NAME, PIN, hasher=hasher))
    assert who.name == NAME
    with db.read() as session:
        assert session.get(Setting, "test:written") is not None


def test_the_pin_pad_is_checked_outside_the_write_transaction(
    db: Database, station: Station, hasher: HeldHasher
) -> None:
    who = _write_while_checking(db, station, hasher, lambda: check_pad_pin_db(db, station, PIN, hasher=hasher))
    assert who.name == NAME


def test_a_wrong_pin_checked_outside_still_counts(db: Database, station: Station, hasher: HeldHasher) -> None:
    with pytest.raises(StaffError) as caught:
        _write_while_checking(db, station, hasher, lambda: sign_in_db(db, station, NAME, "9753", hasher=hasher))
    assert caught.value.code == "signin.pin"
    with db.read() as session:
        officer = find_officer(session, NAME)
        assert officer is not None and officer.failed_pins == 1


def test_a_pin_changed_between_the_check_and_the_transaction_is_checked_again(
    db: Database, station: Station, hasher: HeldHasher
) -> None:
    """The officer's PIN was set anew while the old hash was being checked: the new hash decides."""
    hasher.go.set()
    cheap = fast_hasher()
    real_verify = hasher.verify
    changed = False

    def verify_then_change(hash: str | bytes, password: str | bytes) -> Literal[True]:
        nonlocal changed
        if not changed:
            changed = True
            with db.write() as session:
                set_pin(session, station, NAME, "1357", actor="test", hasher=cheap)
        return real_verify(hash, password)

    hasher.verify = verify_then_change  # type: ignore[method-assign]
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, NAME, PIN, hasher=hasher)  # right for the old hash, wrong for the new one
    assert caught.value.code == "signin.pin"
    assert sign_in_db(db, station, NAME, "1357", hasher=hasher).name == NAME
