"""The duty roster: who is on duty day by day, and the supervisor's lines of the duty order."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from kiosk import roster, staff
from kiosk.app.context import Context, Work, operation, supervisor_only
from kiosk.roster import Duty, ShiftEntry
from kiosk.staff import OfficerInfo, StaffSession


@dataclass(frozen=True)
class RosterView:
    """The roster of a period for the supervisor's page."""

    date_from: dt.date
    date_to: dt.date
    duties: tuple[Duty, ...]  # one per officer, day and shift, in date order
    lines: tuple[ShiftEntry, ...]  # the lines of the duty order in force from date_from
    officers: tuple[OfficerInfo, ...]  # active officers, for a new line


@operation(Work.WRITE)
def view(app: Context, date_from: dt.date, date_to: dt.date) -> RosterView:
    """Who is on duty day by day, and the lines of the duty order still in force."""
    with app.db.read() as session:
        duties = roster.shifts_between(session, date_from, date_to)
        lines = roster.list_shifts(session, date_from=date_from)
        people = staff.list_officers(session, include_inactive=False)
    return RosterView(date_from, date_to, tuple(duties), tuple(lines), tuple(people))


@operation(Work.WRITE)
def add_shift(
    app: Context,
    who: StaffSession,
    *,
    officer_id: uuid.UUID,
    day: dt.date,
    shift: str = "day",
    repeat_weekly: bool = False,
    until: dt.date | None = None,
    order_ref: str = "",
) -> ShiftEntry:
    supervisor_only(who)
    return app.write(
        lambda session: roster.add_shift(
            session,
            app.station,
            officer=officer_id,
            day=day,
            shift=shift,
            repeat_weekly=repeat_weekly,
            until=until,
            order_ref=order_ref,
            actor=who.name,
        )
    )


@operation(Work.WRITE)
def remove_shift(app: Context, who: StaffSession, shift_id: uuid.UUID) -> ShiftEntry:
    supervisor_only(who)
    return app.write(lambda session: roster.remove_shift(session, app.station, shift_id, actor=who.name))


@operation(Work.WRITE)
def end_weekly_shift(app: Context, who: StaffSession, shift_id: uuid.UUID, last_day: dt.date) -> ShiftEntry:
    supervisor_only(who)
    return app.write(
        lambda session: roster.end_weekly_shift(session, app.station, shift_id, last_day=last_day, actor=who.name)
    )


@operation(Work.WRITE)
def add_demo_roster(app: Context) -> list[str]:
    """``kiosk demo``: two sample officers on today's duty, so the welcome screen names them."""
    from kiosk.demo import seed_demo_roster

    return app.write(lambda session: seed_demo_roster(session, app.station))
