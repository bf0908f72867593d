"""PIN sign-in: hashes, roles, lock-out after five wrong PINs for five minutes, the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.db import Database
from kiosk.models import AuditEvent, Officer, Role
from kiosk.staff import (
    LOCKOUT,
    MAX_FAILED_PINS,
    StaffError,
    check_pad_pin_db,
    check_pin,
    create_officer,
    fast_hasher,
    list_officers,
    set_pin,
    sign_in_db,
    unlock,
)
from kiosk.station import Station
from tests.conftest import FakeClock

HASHER = fast_hasher()
NAME = "นางสาวอำไพ ใจงาม"


@pytest.fixture
def officer(db: Database, station: Station) -> str:
    with db.write() as session:
        create_officer(session, station, name=NAME, role=Role.SUPERVISOR, pin="2468", actor="test", hasher=HASHER)
    return NAME


def _actions(db: Database) -> list[str]:
    with db.read() as session:
        return [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.at, AuditEvent.action))]


def _wrong(db: Database, station: Station, name: str = NAME) -> StaffError:
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, name, "1111", hasher=HASHER)
    return caught.value


def test_pin_is_stored_as_argon2_hash_and_signs_in(db: Database, station: Station, officer: str) -> None:
    with db.read() as session:
        stored = session.scalars(select(Officer)).one()
        assert stored.pin_hash is not None and stored.pin_hash.startswith("$argon2id$")
        assert "2468" not in stored.pin_hash
    who = sign_in_db(db, station, officer, "2468", hasher=HASHER)
    assert who.name == NAME and who.role is Role.SUPERVISOR and who.is_supervisor
    assert _actions(db)[-1] == "sign_in"


def test_thai_digits_accepted_as_pin(db: Database, station: Station, officer: str) -> None:
    assert sign_in_db(db, station, officer, "๒๔๖๘", hasher=HASHER).name == NAME


def test_five_wrong_pins_lock_out_for_five_minutes(
    db: Database, station: Station, officer: str, clock: FakeClock
) -> None:
    for attempt in range(1, MAX_FAILED_PINS):
        error = _wrong(db, station)
        assert error.code == "signin.pin"
        assert f"{MAX_FAILED_PINS - attempt}" in error.th  # attempts left, in Thai
    error = _wrong(db, station)
    assert error.code == "signin.locked"
    assert error.locked_until == station.now() + LOCKOUT
    # even the right PIN is refused while locked
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, officer, "2468", hasher=HASHER)
    assert caught.value.code == "signin.locked"
    clock.advance(seconds=1)
    assert sign_in_db(db, station, officer, "2468", hasher=HASHER).name == NAME
    actions = _actions(db)
    assert actions.count("sign_in_failed") == MAX_FAILED_PINS - 1
    assert actions.count("lockout") == 1
    assert actions.count("sign_in_refused") == 1
    assert actions[-1] == "sign_in"


def test_success_resets_the_count(db: Database, station: Station, officer: str) -> None:
    for _ in range(MAX_FAILED_PINS - 1):
        _wrong(db, station)
    sign_in_db(db, station, officer, "2468", hasher=HASHER)
    with db.read() as session:
        assert session.scalars(select(Officer)).one().failed_pins == 0
    for _ in range(MAX_FAILED_PINS - 1):  # four more wrong ones do not lock: the count started again
        assert _wrong(db, station).code == "signin.pin"


def test_failure_is_recorded_even_though_an_error_is_raised(db: Database, station: Station, officer: str) -> None:
    _wrong(db, station)
    with db.read() as session:
        assert session.scalars(select(Officer)).one().failed_pins == 1
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).one()
        assert json.loads(event.details) == {"failed": 1}
        assert "1111" not in event.details


def test_supervisor_unlocks_and_set_pin_lifts_lockout(db: Database, station: Station, officer: str) -> None:
    for _ in range(MAX_FAILED_PINS):
        _wrong(db, station)
    with db.write() as session:
        unlock(session, station, officer, actor="หัวหน้า")
    assert sign_in_db(db, station, officer, "2468", hasher=HASHER).name == NAME
    for _ in range(MAX_FAILED_PINS):
        _wrong(db, station)
    with db.write() as session:
        set_pin(session, station, officer, "975310", actor="หัวหน้า", hasher=HASHER)
    assert sign_in_db(db, station, officer, "975310", hasher=HASHER).name == NAME
    with pytest.raises(StaffError):
        sign_in_db(db, station, officer, "2468", hasher=HASHER)


def test_unknown_and_inactive_officers_are_refused_alike(db: Database, station: Station, officer: str) -> None:
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, "ใครก็ไม่รู้", "2468", hasher=HASHER)
    assert caught.value.code == "signin.unknown"
    with db.write() as session:
        session.scalars(select(Officer)).one().active = False
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, officer, "2468", hasher=HASHER)
    assert caught.value.code == "signin.unknown"
    assert _actions(db).count("sign_in_refused") == 2


def test_sign_in_by_id(db: Database, station: Station, officer: str) -> None:
    with db.read() as session:
        officer_id = list_officers(session)[0].id
    assert sign_in_db(db, station, str(officer_id), "2468", hasher=HASHER).officer_id == officer_id


@pytest.mark.parametrize(
    ("pin", "code"),
    [("12a4", "pin.chars"), ("123", "pin.length"), ("123456789", "pin.length"), ("0000", "pin.weak")],
)
def test_bad_pins_are_refused_and_nothing_changes(db: Database, station: Station, pin: str, code: str) -> None:
    with pytest.raises(StaffError) as caught:
        check_pin(pin)
    assert caught.value.code == code and caught.value.th and caught.value.en
    with pytest.raises(StaffError), db.write() as session:
        create_officer(session, station, name="นายปิ่น ศักดิ์สิทธิ์", pin=pin, actor="t", hasher=HASHER)
    with db.read() as session:
        assert list_officers(session) == []


def test_duplicate_officer_refused(db: Database, station: Station, officer: str) -> None:
    with pytest.raises(StaffError) as caught, db.write() as session:
        create_officer(session, station, name=NAME, pin="1357", actor="t", hasher=HASHER)
    assert caught.value.code == "officer.exists"


def test_officer_without_pin_cannot_sign_in(db: Database, station: Station) -> None:
    with db.write() as session:
        create_officer(session, station, name="นายปิ่น ศักดิ์สิทธิ์", actor="t", hasher=HASHER)
    with pytest.raises(StaffError) as caught:
        sign_in_db(db, station, "นายปิ่น ศักดิ์สิทธิ์", "1357", hasher=HASHER)
    assert caught.value.code == "signin.no_pin"


def test_cli_staff_add_list_set_pin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert main(["--home", home, "staff", "add", NAME, "--role", "supervisor", "--pin-stdin"]) == 0
    assert main(["--home", home, "staff", "list"]) == 0
    out = capsys.readouterr().out
    assert f"supervisor {NAME}" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["--home", home, "staff", "set-pin", NAME, "--pin-stdin"]) == 1
    assert "4 to 8 digits" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert main(["--home", home, "staff", "set-pin", NAME, "--pin-stdin"]) == 0
    db = Database(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    try:
        # the CLI hashes with the production parameters; verifying does not depend on them
        station = Station.from_config(load_config(tmp_path))
        assert sign_in_db(db, station, NAME, "97531").role is Role.SUPERVISOR
    finally:
        db.dispose()


def test_lockout_uses_station_clock_not_machine_clock(db: Database, station: Station, officer: str) -> None:
    for _ in range(MAX_FAILED_PINS):
        _wrong(db, station)
    with db.read() as session:
        locked_until = session.scalars(select(Officer)).one().locked_until
    assert locked_until == dt.datetime(2026, 11, 24, 3, 5, tzinfo=dt.UTC)


# The kiosk's PIN pad: a PIN and no name ------------------------------------------------------


def _second_supervisor(db: Database, station: Station) -> str:
    name = "นายวีระ กล้าหาญ"
    with db.write() as session:
        create_officer(session, station, name=name, role=Role.SUPERVISOR, pin="1357", actor="test", hasher=HASHER)
        create_officer(session, station, name="นายสมศักดิ์ ขยัน", role=Role.OFFICER, pin="8642", actor="t", hasher=HASHER)
    return name


def _pad_refused(db: Database, station: Station, pin: str = "0000") -> StaffError:
    with pytest.raises(StaffError) as caught:
        check_pad_pin_db(db, station, pin, hasher=HASHER)
    return caught.value


def test_pad_finds_whose_supervisor_pin_it_is_and_no_officer_pin(db: Database, station: Station, officer: str) -> None:
    other = _second_supervisor(db, station)
    assert check_pad_pin_db(db, station, "2468", hasher=HASHER).name == officer
    assert check_pad_pin_db(db, station, "๑๓๕๗", hasher=HASHER).name == other
    assert _pad_refused(db, station, "8642").code == "signin.pin"  # an officer's PIN does not leave kiosk mode
    assert _actions(db).count("pin_pad") == 2


def test_pad_never_counts_against_a_supervisor(db: Database, station: Station, officer: str) -> None:
    other = _second_supervisor(db, station)
    for _ in range(3 * MAX_FAILED_PINS):  # one supervisor leaves kiosk mode every day for weeks
        assert check_pad_pin_db(db, station, "1357", hasher=HASHER).name == other
    for _ in range(MAX_FAILED_PINS - 1):
        _pad_refused(db, station)
    with db.read() as session:
        assert {o.name: (o.failed_pins or 0, o.locked_until) for o in session.scalars(select(Officer))} == {
            officer: (0, None),
            other: (0, None),
            "นายสมศักดิ์ ขยัน": (0, None),
        }
    assert sign_in_db(db, station, officer, "2468", hasher=HASHER).name == officer


def test_five_wrong_pins_lock_the_pad_for_five_minutes(
    db: Database, station: Station, officer: str, clock: FakeClock
) -> None:
    for attempt in range(1, MAX_FAILED_PINS):
        error = _pad_refused(db, station)
        assert (error.code, f"ลองได้อีก {MAX_FAILED_PINS - attempt} ครั้ง" in error.th) == ("signin.pin", True)
    error = _pad_refused(db, station)
    assert error.code == "signin.locked" and error.locked_until == station.now() + LOCKOUT
    assert "10:05" in error.th  # until when, in the station's local time
    clock.advance(minutes=4, seconds=59)
    assert _pad_refused(db, station, "2468").code == "signin.locked"  # even the right PIN, while locked
    clock.advance(seconds=1)
    assert check_pad_pin_db(db, station, "2468", hasher=HASHER).name == officer
    actions = [a for a in _actions(db) if a.startswith("pin_pad")]
    assert sorted(actions) == sorted(
        ["pin_pad_failed"] * (MAX_FAILED_PINS - 1) + ["pin_pad_lockout", "pin_pad_refused", "pin_pad"]
    )
    with db.read() as session:  # and the officer's own sign-in was never touched
        assert session.scalars(select(Officer)).one().failed_pins == 0


def test_pad_lockout_survives_a_restart(db_path: Path, station: Station, officer: str, db: Database) -> None:
    for _ in range(MAX_FAILED_PINS):
        _pad_refused(db, station)
    db.dispose()
    reopened = Database(f"sqlite:///{db_path}")
    try:
        assert _pad_refused(reopened, station, "2468").code == "signin.locked"
    finally:
        reopened.dispose()


def test_a_right_pin_resets_the_pad_count(db: Database, station: Station, officer: str) -> None:
    for _ in range(MAX_FAILED_PINS - 1):
        _pad_refused(db, station)
    check_pad_pin_db(db, station, "2468", hasher=HASHER)
    for _ in range(MAX_FAILED_PINS - 1):
        assert _pad_refused(db, station).code == "signin.pin"
