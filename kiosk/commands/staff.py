"""``kiosk staff`` and ``kiosk roster``: officers, their PINs, and the duty roster."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import uuid
from typing import Any

from kiosk.commands import config_of, date_arg, open_database, station_of
from kiosk.kinds import SHIFTS, Role
from kiosk.thai import format_date

# The officers and the roster (SQLAlchemy, argon2) are imported by the action that uses them: reading
# the command line costs nothing more. A refusal (StaffError, RosterError) is a KioskError, said by
# the command frame (kiosk.cli.run_command) in one line with exit code 1.

ACTOR = "kiosk CLI"


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser("staff", help="officers and supervisors who use the staff area")
    sub = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add an officer and set their PIN (asked twice)")
    add.add_argument("name", help="full name as on the duty order, e.g. 'นายปิ่น ศักดิ์สิทธิ์'")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER.value)
    add.add_argument("--no-pin", action="store_true", help="add without a PIN (set it later with set-pin)")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from the first line of stdin (scripts)")
    add.set_defaults(func=_add)

    ls = sub.add_parser("list", help="list officers")
    ls.set_defaults(func=_list)

    pin = sub.add_parser("set-pin", help="set a new PIN for an officer (also lifts a lock-out)")
    pin.add_argument("name")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from the first line of stdin (scripts)")
    pin.set_defaults(func=_set_pin)

    un = sub.add_parser("unlock", help="lift an officer's lock-out after wrong PINs")
    un.add_argument("name")
    un.set_defaults(func=_unlock)

    roster = subparsers.add_parser("roster", help="the duty roster (คำสั่งมอบหมายเจ้าหน้าที่ปฏิบัติหน้าที่เวร)")
    rsub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    radd = rsub.add_parser("add", help="put an officer on duty on a day, or every week from that day")
    radd.add_argument("name")
    radd.add_argument("--day", required=True, type=date_arg, help="YYYY-MM-DD (CE or BE year)")
    radd.add_argument("--shift", choices=list(SHIFTS), default="day", help="day, evening (to 19:00) or weekend")
    radd.add_argument("--weekly", action="store_true", help="repeat every week on the same weekday")
    radd.add_argument("--until", type=date_arg, help="last day of a weekly shift")
    radd.add_argument("--order", default="", help="number of the district's duty order, e.g. 'ที่ 123/2569'")
    radd.set_defaults(func=_roster_add)
    rls = rsub.add_parser("list", help="who is on duty, day by day (default: the next 14 days)")
    rls.add_argument("--from", dest="date_from", type=date_arg)
    rls.add_argument("--to", dest="date_to", type=date_arg)
    rls.add_argument("--lines", action="store_true", help="list the recorded lines of the order with their ids")
    rls.set_defaults(func=_roster_list)
    rrm = rsub.add_parser("remove", help="remove a line of the roster by its id (see list --lines)")
    rrm.add_argument("id", type=uuid.UUID)
    rrm.set_defaults(func=_roster_remove)


def _read_pin(from_stdin: bool) -> str:
    from kiosk.staff import StaffError, check_pin

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("PIN: ")
    check_pin(first)
    second = getpass.getpass("PIN again: ")
    if first != second:
        raise StaffError("pin.mismatch", "รหัส PIN สองครั้งไม่ตรงกัน", "the two PINs differ")
    return first


def _add(args: argparse.Namespace) -> int:
    from kiosk.staff import create_officer

    config = config_of(args)
    pin = None if args.no_pin else _read_pin(args.pin_stdin)
    db = open_database(config)
    try:
        with db.write() as session:
            info = create_officer(session, station_of(config), name=args.name, role=args.role, pin=pin, actor=ACTOR)
    finally:
        db.dispose()
    print(f"added {info.role.value} {info.name}" + ("" if info.has_pin else " (no PIN yet)"))
    return 0


def _list(args: argparse.Namespace) -> int:
    from kiosk.staff import list_officers

    config = config_of(args)
    db = open_database(config)
    station = station_of(config)
    with db.read() as session:
        officers = list_officers(session)
    db.dispose()
    now = station.now()
    for o in officers:
        flags = []
        if not o.active:
            flags.append("inactive")
        if not o.has_pin:
            flags.append("no PIN")
        if o.locked_until is not None and o.locked_until > now:
            flags.append(f"locked until {station.local(o.locked_until):%H:%M}")
        print(f"{o.role.value:<10} {o.name}" + (f"  [{', '.join(flags)}]" if flags else ""))
    print(f"{len(officers)} officer(s)")
    return 0


def _set_pin(args: argparse.Namespace) -> int:
    from kiosk.staff import set_pin

    config = config_of(args)
    pin = _read_pin(args.pin_stdin)
    db = open_database(config)
    try:
        with db.write() as session:
            info = set_pin(session, station_of(config), args.name, pin, actor=ACTOR)
    finally:
        db.dispose()
    print(f"PIN set for {info.name}")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    from kiosk.staff import unlock

    config = config_of(args)
    db = open_database(config)
    try:
        with db.write() as session:
            info = unlock(session, station_of(config), args.name, actor=ACTOR)
    finally:
        db.dispose()
    print(f"unlocked {info.name}")
    return 0


def _roster_add(args: argparse.Namespace) -> int:
    from kiosk.roster import add_shift

    config = config_of(args)
    db = open_database(config)
    try:
        with db.write() as session:
            entry = add_shift(
                session,
                station_of(config),
                officer=args.name,
                day=args.day,
                shift=args.shift,
                repeat_weekly=args.weekly,
                until=args.until,
                order_ref=args.order,
                actor=ACTOR,
            )
    finally:
        db.dispose()
    repeat = " every week" + (f" until {entry.until}" if entry.until else "") if entry.repeat_weekly else ""
    print(f"{entry.officer_name}: {entry.shift} shift on {entry.day}{repeat} ({entry.id})")
    return 0


def _roster_list(args: argparse.Namespace) -> int:
    from kiosk.roster import list_shifts, shifts_between

    config = config_of(args)
    station = station_of(config)
    date_from = args.date_from or station.today()
    date_to = args.date_to or date_from + dt.timedelta(days=13)
    db = open_database(config)
    try:
        with db.read() as session:
            if args.lines:
                for e in list_shifts(session, date_from=date_from):
                    repeat = " weekly" + (f" until {e.until}" if e.until else "") if e.repeat_weekly else ""
                    order = f"  order {e.order_ref}" if e.order_ref else ""
                    print(f"{e.id}  {e.day}  {e.shift:<8} {e.officer_name}{repeat}{order}")
                return 0
            duties = shifts_between(session, date_from, date_to)
    finally:
        db.dispose()
    if not duties:
        print(f"nobody on the roster from {date_from} to {date_to}")
    for d in duties:
        print(f"{d.day}  {format_date(d.day, short=True):<14} {SHIFTS[d.shift]:<24} {d.officer_name}")
    return 0


def _roster_remove(args: argparse.Namespace) -> int:
    from kiosk.roster import remove_shift

    config = config_of(args)
    db = open_database(config)
    try:
        with db.write() as session:
            entry = remove_shift(session, station_of(config), args.id, actor=ACTOR)
    finally:
        db.dispose()
    print(f"removed {entry.officer_name}'s {entry.shift} shift of {entry.day}")
    return 0
