"""The duty roster (คำสั่งมอบหมายเจ้าหน้าที่ปฏิบัติหน้าที่เวร): who is on duty on which day and shift."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.kinds import SHIFTS as SHIFTS
from kiosk.models import DutyShift, Officer
from kiosk.register import audit
from kiosk.station import Station

# day: office hours; evening: the extended hours to 19:00; weekend: Saturday/Sunday 09:00–12:00
MAX_SPAN = dt.timedelta(days=3 * 366)  # a listing of more than three years is surely a typing error


class RosterError(KioskError):
    """A roster change that cannot be made; ``th`` for the screen, ``en`` for the log."""


@dataclass(frozen=True)
class ShiftEntry:
    """One line of the duty order as recorded (a weekly line stands for many days)."""

    id: uuid.UUID
    officer_id: uuid.UUID
    officer_name: str
    day: dt.date
    shift: str
    repeat_weekly: bool
    until: dt.date | None
    order_ref: str

    @property
    def shift_th(self) -> str:
        return SHIFTS.get(self.shift, self.shift)

    def falls_on(self, day: dt.date) -> bool:
        if day < self.day or (self.until is not None and day > self.until):
            return False
        if not self.repeat_weekly:
            return day == self.day
        return (day - self.day).days % 7 == 0


@dataclass(frozen=True)
class Duty:
    """One officer on duty on one day."""

    day: dt.date
    shift: str
    officer_id: uuid.UUID
    officer_name: str
    shift_id: uuid.UUID
    order_ref: str


def _entry(shift: DutyShift) -> ShiftEntry:
    return ShiftEntry(
        id=shift.id,
        officer_id=shift.officer_id,
        officer_name=shift.officer.name,
        day=shift.day,
        shift=shift.shift,
        repeat_weekly=shift.repeat_weekly,
        until=shift.until,
        order_ref=shift.order_ref,
    )


def add_shift(
    session: Session,
    station: Station,
    *,
    officer: str | uuid.UUID,
    day: dt.date,
    shift: str = "day",
    repeat_weekly: bool = False,
    until: dt.date | None = None,
    order_ref: str = "",
    actor: str,
) -> ShiftEntry:
    """Put an officer on duty on ``day`` (and every week on that weekday up to ``until``)."""
    from kiosk.staff import find_officer

    if shift not in SHIFTS:
        raise RosterError("roster.shift", "ช่วงเวลาเวรไม่ถูกต้อง", f"shift must be one of {sorted(SHIFTS)}, not {shift!r}")
    if until is not None and until < day:
        raise RosterError("roster.until", "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", f"until ({until}) is before the day ({day})")
    if until is not None and not repeat_weekly:
        raise RosterError("roster.until", "วันสิ้นสุดใช้กับเวรประจำสัปดาห์เท่านั้น", "until applies to weekly shifts only")
    order_ref = order_ref.strip()
    if len(order_ref) > 200:
        raise RosterError("roster.order", "เลขที่คำสั่งยาวเกินไป", "the order reference is longer than 200 characters")
    person = find_officer(session, officer)
    if person is None or not person.active:
        raise RosterError("roster.officer", "ไม่พบชื่อเจ้าหน้าที่", f"no active officer {str(officer)!r}")
    for existing in session.scalars(
        select(DutyShift).where(DutyShift.officer_id == person.id, DutyShift.shift == shift)
    ):
        if _entry(existing).falls_on(day):
            raise RosterError(
                "roster.duplicate",
                "เจ้าหน้าที่คนนี้มีเวรในวันและช่วงเวลานี้แล้ว",
                f"{person.name} is already on the {shift} shift on {day}",
            )
    row = DutyShift(
        id=uuid.uuid4(),
        officer_id=person.id,
        officer=person,
        day=day,
        shift=shift,
        repeat_weekly=repeat_weekly,
        until=until,
        order_ref=order_ref,
        created_at=station.now(),
    )
    session.add(row)
    session.flush()
    audit(
        session,
        station,
        actor=actor,
        action="roster_add",
        entity="duty_shift",
        entity_id=str(row.id),
        details={
            "officer": person.name,
            "day": day.isoformat(),
            "shift": shift,
            "weekly": repeat_weekly,
            "until": until.isoformat() if until else None,
            "order": order_ref,
        },
    )
    return _entry(row)


def remove_shift(session: Session, station: Station, shift_id: uuid.UUID, *, actor: str) -> ShiftEntry:
    row = session.get(DutyShift, shift_id)
    if row is None:
        raise RosterError("roster.not_found", "ไม่พบเวรนี้", f"no duty shift {shift_id}")
    entry = _entry(row)
    session.delete(row)
    session.flush()
    audit(
        session,
        station,
        actor=actor,
        action="roster_remove",
        entity="duty_shift",
        entity_id=str(shift_id),
        details={"officer": entry.officer_name, "day": entry.day.isoformat(), "shift": entry.shift},
    )
    return entry


def end_weekly_shift(
    session: Session, station: Station, shift_id: uuid.UUID, *, last_day: dt.date, actor: str
) -> ShiftEntry:
    """Stop a weekly shift after ``last_day`` (a new order replaces the old one), keeping its past."""
    row = session.get(DutyShift, shift_id)
    if row is None:
        raise RosterError("roster.not_found", "ไม่พบเวรนี้", f"no duty shift {shift_id}")
    if not row.repeat_weekly:
        raise RosterError("roster.weekly", "เวรนี้ไม่ใช่เวรประจำสัปดาห์", "not a weekly shift")
    if last_day < row.day:
        raise RosterError("roster.until", "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", f"{last_day} is before {row.day}")
    row.until = last_day
    session.flush()
    audit(
        session,
        station,
        actor=actor,
        action="roster_end",
        entity="duty_shift",
        entity_id=str(shift_id),
        details={"until": last_day.isoformat()},
    )
    return _entry(row)


def _candidates(session: Session, date_from: dt.date, date_to: dt.date) -> list[ShiftEntry]:
    stmt = (
        select(DutyShift)
        .join(Officer, DutyShift.officer_id == Officer.id)
        .where(
            Officer.active.is_(True),
            DutyShift.day <= date_to,
            or_(
                DutyShift.day >= date_from,
                DutyShift.repeat_weekly.is_(True) & (or_(DutyShift.until.is_(None), DutyShift.until >= date_from)),
            ),
        )
        .order_by(DutyShift.day, Officer.name)
    )
    return [_entry(s) for s in session.scalars(stmt)]


def shifts_between(session: Session, date_from: dt.date, date_to: dt.date) -> list[Duty]:
    """Every duty day in a period (both ends included), weekly lines expanded, by day, shift and name."""
    if date_to < date_from:
        raise RosterError("roster.period", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น", f"{date_to} is before {date_from}")
    if date_to - date_from > MAX_SPAN:
        raise RosterError("roster.period", "ช่วงเวลายาวเกินไป", "a roster listing may span at most three years")
    order = {name: i for i, name in enumerate(SHIFTS)}
    duties: list[Duty] = []
    for entry in _candidates(session, date_from, date_to):
        if entry.repeat_weekly:
            first = max(entry.day, date_from)
            first += dt.timedelta(days=(entry.day.weekday() - first.weekday()) % 7)
            last = min(date_to, entry.until) if entry.until else date_to
            days = []
            d = first
            while d <= last:
                days.append(d)
                d += dt.timedelta(days=7)
        else:
            days = [entry.day] if date_from <= entry.day <= date_to else []
        duties.extend(
            Duty(
                day=d,
                shift=entry.shift,
                officer_id=entry.officer_id,
                officer_name=entry.officer_name,
                shift_id=entry.id,
                order_ref=entry.order_ref,
            )
            for d in days
        )
    duties.sort(key=lambda d: (d.day, order.get(d.shift, 99), d.officer_name))
    return duties


def duty_officers(session: Session, day: dt.date, *, shift: str | None = None) -> list[str]:
    """The names of the officers on duty on ``day`` (for the welcome screen), each once."""
    names: list[str] = []
    for duty in shifts_between(session, day, day):
        if (shift is None or duty.shift == shift) and duty.officer_name not in names:
            names.append(duty.officer_name)
    return names


def list_shifts(session: Session, *, date_from: dt.date | None = None) -> list[ShiftEntry]:
    """The lines of the duty order as recorded, those still in force from ``date_from`` on."""
    stmt = select(DutyShift).join(Officer, DutyShift.officer_id == Officer.id)
    if date_from is not None:
        stmt = stmt.where(
            or_(
                DutyShift.day >= date_from,
                DutyShift.repeat_weekly.is_(True) & or_(DutyShift.until.is_(None), DutyShift.until >= date_from),
            )
        )
    return [_entry(s) for s in session.scalars(stmt.order_by(DutyShift.day, Officer.name))]
