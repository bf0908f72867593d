"""Sample data for ``kiosk demo`` and the screenshots: clearly made-up officers on today's duty roster."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk import roster, staff
from kiosk.db import Database
from kiosk.station import Station

# Names that say they are examples, so nobody mistakes a screenshot for a real duty order.
DEMO_OFFICERS = ("เจ้าหน้าที่ตัวอย่าง ก", "เจ้าหน้าที่ตัวอย่าง ข")  # "ก, ข": the Thai "A, B"
DEMO_ORDER = "คำสั่งตัวอย่าง (สาธิต)"
ACTOR = "demo"


def seed_demo_roster(session: Session, station: Station) -> list[str]:
    """Put the sample officers on today's day shift, unless someone is on duty today already.

    Idempotent: a kept demo directory (``kiosk demo --keep``) started on another day gets
    today's shift added; the officers have no PIN, so they cannot sign in to the staff area.
    Returns the names on duty today.
    """
    day = station.today()
    if roster.duty_officers(session, day):
        return roster.duty_officers(session, day)
    for name in DEMO_OFFICERS:
        if staff.find_officer(session, name) is None:
            staff.create_officer(session, station, name=name, actor=ACTOR)
        roster.add_shift(session, station, officer=name, day=day, shift="day", order_ref=DEMO_ORDER, actor=ACTOR)
    session.flush()
    return roster.duty_officers(session, day)


def prepare_demo(db: Database, station: Station) -> list[str]:
    """:func:`seed_demo_roster` in a transaction of its own (on the kiosk's database worker)."""
    with db.write() as session:
        return seed_demo_roster(session, station)
