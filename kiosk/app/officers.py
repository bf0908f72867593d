"""Officers: who can sign in, signing in and out, and the supervisor's page of officers and PINs."""

from __future__ import annotations

import uuid

from kiosk import roster, staff
from kiosk.app.context import Context, Work, operation, supervisor_only
from kiosk.models import Role
from kiosk.staff import OfficerInfo, StaffSession


@operation(Work.WRITE)
def who_can_sign_in(app: Context) -> list[OfficerInfo]:
    """Everyone who can sign in here (active, with a PIN), today's duty officers first."""
    with app.db.read() as session:
        people = [o for o in staff.list_officers(session, include_inactive=False) if o.has_pin]
        on_duty = roster.duty_officers(session, app.station.today())
    return sorted(people, key=lambda o: (o.name not in on_duty, o.name))


@operation(Work.CHECK)
def sign_in(app: Context, officer_id: uuid.UUID, pin: str) -> StaffSession:
    """Check the PIN; a wrong one counts toward the lock-out (raises StaffError with ``locked_until``)."""
    return staff.sign_in_db(app.db, app.station, officer_id, pin, hasher=app.hasher)


@operation(Work.WRITE)
def sign_out(app: Context, who: StaffSession, *, reason: str = "manual") -> None:
    app.write(lambda session: staff.sign_out(session, app.station, who, reason=reason))


@operation(Work.WRITE)
def unlock(app: Context, who: StaffSession, officer_id: uuid.UUID) -> OfficerInfo:
    """A supervisor lifts an officer's lock-out before its five minutes are over."""
    supervisor_only(who)
    return app.write(lambda session: staff.unlock(session, app.station, officer_id, actor=who.name))


@operation(Work.WRITE)
def everyone(app: Context, who: StaffSession) -> list[OfficerInfo]:
    """Every officer, inactive ones too, by name: the supervisor's officers page."""
    supervisor_only(who)
    return app.read(staff.list_officers)


@operation(Work.WRITE)
def add(
    app: Context, who: StaffSession, *, name: str, role: Role | str = Role.OFFICER, pin: str, pin_again: str
) -> OfficerInfo:
    """Add an officer who can sign in at once; the PIN is typed twice (StaffError ``pin.mismatch``)."""
    supervisor_only(who)
    pin = staff.confirm_pin(pin, pin_again)
    return app.write(
        lambda session: staff.create_officer(
            session, app.station, name=name, role=role, pin=pin, actor=who.name, hasher=app.hasher
        )
    )


@operation(Work.WRITE)
def reset_pin(app: Context, who: StaffSession, officer_id: uuid.UUID, *, pin: str, pin_again: str) -> OfficerInfo:
    """Give an officer a new PIN (typed twice); it also lifts a lock-out."""
    supervisor_only(who)
    pin = staff.confirm_pin(pin, pin_again)
    return app.write(
        lambda session: staff.set_pin(session, app.station, officer_id, pin, actor=who.name, hasher=app.hasher)
    )


@operation(Work.WRITE)
def set_active(app: Context, who: StaffSession, officer_id: uuid.UUID, active: bool) -> OfficerInfo:
    """Retire an officer or take them back; never oneself, never the last active supervisor."""
    supervisor_only(who)
    return app.write(
        lambda session: staff.set_active(session, app.station, officer_id, active, actor=who.name, actor_id=who.id)
    )
