"""The demo's sample roster: clearly sample names on today's duty, added once a day."""

from __future__ import annotations

import datetime as dt

from kiosk import roster
from kiosk.app import Context, visit
from kiosk.db import Database
from kiosk.demo import DEMO_OFFICERS, prepare_demo
from kiosk.station import Station
from tests.conftest import FakeClock


def test_the_sample_officers_are_on_duty_today_and_the_welcome_screen_gets_them(
    app: Context, db: Database, station: Station
) -> None:
    assert visit.welcome(app).duty_officers == ()
    assert prepare_demo(db, station) == list(DEMO_OFFICERS)
    assert all("ตัวอย่าง" in name for name in DEMO_OFFICERS)
    assert visit.welcome(app).duty_officers == DEMO_OFFICERS


def test_it_is_idempotent_and_a_kept_demo_gets_the_new_day(db: Database, station: Station, clock: FakeClock) -> None:
    prepare_demo(db, station)
    prepare_demo(db, station)
    with db.read() as session:
        assert len(roster.list_shifts(session)) == 2
    clock.advance(days=1)
    assert prepare_demo(db, station) == list(DEMO_OFFICERS)
    with db.read() as session:
        assert len(roster.list_shifts(session)) == 4
        assert roster.duty_officers(session, station.today() - dt.timedelta(days=1)) == list(DEMO_OFFICERS)


def test_a_real_roster_is_left_alone(db: Database, station: Station) -> None:
    from kiosk import staff

    with db.write() as session:
        staff.create_officer(session, station, name="สมชาย ใจดี", actor="test")
        roster.add_shift(session, station, officer="สมชาย ใจดี", day=station.today(), actor="test")
    assert prepare_demo(db, station) == ["สมชาย ใจดี"]


def test_the_demo_staff_sign_in_with_the_demo_pin(db: Database, station: Station) -> None:
    from kiosk import staff
    from kiosk.demo import DEMO_PIN, DEMO_SUPERVISOR
    from kiosk.models import Role

    prepare_demo(db, station)
    prepare_demo(db, station)  # still one supervisor
    assert staff.sign_in_db(db, station, DEMO_SUPERVISOR, DEMO_PIN).role is Role.SUPERVISOR
    assert {staff.sign_in_db(db, station, name, DEMO_PIN).role for name in DEMO_OFFICERS} == {Role.OFFICER}
    with db.read() as session:
        assert [o.name for o in staff.list_officers(session) if o.role is Role.SUPERVISOR] == [DEMO_SUPERVISOR]
