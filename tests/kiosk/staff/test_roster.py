"""The duty roster: one-off and weekly shifts, today's duty officers, changes audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.db import Database
from kiosk.models import AuditEvent
from kiosk.roster import RosterError, add_shift, duty_officers, end_weekly_shift, remove_shift, shifts_between
from kiosk.staff import create_officer, fast_hasher, set_active
from kiosk.station import Station

A = "นางสาวอำไพ ใจงาม"
B = "นายปิ่น ศักดิ์สิทธิ์"
MON = dt.date(2026, 11, 23)  # a Monday; the station's clock says Tuesday 24 November 2026


@pytest.fixture
def officers(db: Database, station: Station) -> None:
    with db.write() as session:
        for name in (A, B):
            create_officer(session, station, name=name, pin="2468", actor="t", hasher=fast_hasher())


def test_one_day_and_weekly_shifts(db: Database, station: Station, officers: None) -> None:
    with db.write() as session:
        add_shift(
            session, station, officer=A, day=MON, repeat_weekly=True, until=MON + dt.timedelta(days=14), actor="t"
        )
        add_shift(session, station, officer=B, day=MON + dt.timedelta(days=1), actor="t", order_ref="ที่ 12/2569")
        add_shift(session, station, officer=B, day=dt.date(2026, 11, 28), shift="weekend", actor="t")
    with db.read() as session:
        assert duty_officers(session, MON) == [A]
        assert duty_officers(session, station.today()) == [B]
        assert duty_officers(session, MON + dt.timedelta(days=7)) == [A]
        assert duty_officers(session, MON + dt.timedelta(days=14)) == [A]
        assert duty_officers(session, MON + dt.timedelta(days=21)) == []  # after "until"
        assert duty_officers(session, MON - dt.timedelta(days=7)) == []  # before the first day
        duties = shifts_between(session, MON, MON + dt.timedelta(days=20))
    assert [(d.day.isoformat(), d.shift, d.officer_name) for d in duties] == [
        ("2026-11-23", "day", A),
        ("2026-11-24", "day", B),
        ("2026-11-28", "weekend", B),
        ("2026-11-30", "day", A),
        ("2026-12-07", "day", A),
    ]
    assert duties[1].order_ref == "ที่ 12/2569"


def test_weekly_shift_listed_from_the_middle_of_a_period(db: Database, station: Station, officers: None) -> None:
    with db.write() as session:
        add_shift(session, station, officer=A, day=dt.date(2026, 1, 7), repeat_weekly=True, actor="t")  # Wednesdays
    with db.read() as session:
        days = [d.day for d in shifts_between(session, dt.date(2026, 11, 20), dt.date(2026, 12, 5))]
    assert days == [dt.date(2026, 11, 25), dt.date(2026, 12, 2)]


def test_bad_shifts_are_refused_and_change_nothing(db: Database, station: Station, officers: None) -> None:
    with db.write() as session:
        add_shift(session, station, officer=A, day=MON, repeat_weekly=True, actor="t")
    cases = [
        {"officer": A, "day": MON + dt.timedelta(days=7)},  # already on duty that day (weekly)
        {"officer": "ไม่มีชื่อนี้", "day": MON},
        {"officer": B, "day": MON, "shift": "night"},
        {"officer": B, "day": MON, "repeat_weekly": True, "until": MON - dt.timedelta(days=1)},
        {"officer": B, "day": MON, "until": MON + dt.timedelta(days=7)},  # until without weekly
    ]
    for kwargs in cases:
        with pytest.raises(RosterError) as caught, db.write() as session:
            add_shift(session, station, actor="t", **kwargs)  # type: ignore[arg-type]
        assert caught.value.th and caught.value.en
    with db.read() as session:
        assert len(shifts_between(session, MON, MON)) == 1


def test_remove_and_end_weekly_are_audited(db: Database, station: Station, officers: None) -> None:
    with db.write() as session:
        weekly = add_shift(session, station, officer=A, day=MON, repeat_weekly=True, actor="หัวหน้า")
        once = add_shift(session, station, officer=B, day=MON, actor="หัวหน้า")
    with db.write() as session:
        remove_shift(session, station, once.id, actor="หัวหน้า")
        end_weekly_shift(session, station, weekly.id, last_day=MON + dt.timedelta(days=7), actor="หัวหน้า")
    with db.read() as session:
        assert duty_officers(session, MON) == [A]
        assert duty_officers(session, MON + dt.timedelta(days=14)) == []
        actions = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.entity == "duty_shift"))]
    assert sorted(actions) == ["roster_add", "roster_add", "roster_end", "roster_remove"]


def test_inactive_officer_leaves_the_welcome_screen(db: Database, station: Station, officers: None) -> None:
    with db.write() as session:
        add_shift(session, station, officer=A, day=station.today(), actor="t")
        add_shift(session, station, officer=B, day=station.today(), actor="t")
        set_active(session, station, B, False, actor="t")
    with db.read() as session:
        assert duty_officers(session, station.today()) == [A]


def test_cli_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path)
    assert main(["--home", home, "staff", "add", A, "--no-pin"]) == 0
    assert main(["--home", home, "roster", "add", A, "--day", "2569-11-23", "--weekly", "--until", "2026-12-07"]) == 0
    assert main(["--home", home, "roster", "list", "--from", "2026-11-23", "--to", "2026-12-31"]) == 0
    out = capsys.readouterr().out
    assert out.count(A) == 2 + 3  # "added officer", "… every week", then three Mondays
    assert "30 พ.ย. 2569" in out
    assert main(["--home", home, "roster", "add", "ไม่มีชื่อนี้", "--day", "2026-11-23"]) == 1
    assert "no active officer" in capsys.readouterr().err
