"""A small register with every kind of line, and helpers to read PDFs back with poppler."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import uuid
from pathlib import Path

import pytest

from kiosk.db import Database
from kiosk.models import IdMethod, Officer, Role, VisitResult
from kiosk.register import VisitorDetails, correct_visit, record_outcome, record_rating, register_visit
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.conftest import FakeClock
from tests.kiosk.exports.bulk import insert_visits

FULL_ID = "1101700230708"  # a valid check digit, starts with 1
ZERO_ID = "0123456789121"  # IDs that start with 0 are real and must stay text


def pdf_text(path: Path, page: int | None = None, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


# reportlab's codes for shaped glyphs (U+E000…) and the kiosk's alias codes (plane 15): never in extracted text
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def assert_fonts_embedded(path: Path) -> None:
    fonts = pdffonts(path)
    assert fonts, "no fonts at all"
    for row in fonts:
        # name type encoding emb sub uni object-id generation
        assert row[-5] == "yes", f"{row[0]} is not embedded in {path.name}"
        assert "Helvetica" not in row[0]


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def officer_id(db: Database) -> uuid.UUID:
    with db.write() as session:
        officer = Officer(id=uuid.uuid4(), name="นายปิ่น ศักดิ์สิทธิ์", role=Role.OFFICER)
        session.add(officer)
        return officer.id


@pytest.fixture
def register(db: Database, station: Station, clock: FakeClock, officer_id: uuid.UUID) -> Database:
    """Four visits on 24 Nov 2026 with names, IDs, results, a note and a rating."""
    with db.write() as session:
        a = register_visit(
            session,
            station,
            service_code=_code(session, 0),
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="นางปิ่นทอง ใจดี", national_id=FULL_ID, phone="0812345678"),
        )
        clock.advance(minutes=7)
        b = register_visit(
            session,
            station,
            service_code=_code(session, 4),
            group=VisitorGroup.GENERAL,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name="นายสมชาย ศรีสุข", national_id=ZERO_ID),
        )
        clock.advance(minutes=5)
        c = register_visit(
            session, station, service_code=_code(session, 6), group=VisitorGroup.CLERGY, id_method=IdMethod.OFFICER
        )
        clock.advance(minutes=1)
        record_outcome(session, station, a.visit.id, result=VisitResult.SUCCESS, officer_id=officer_id)
        record_rating(session, station, a.visit.id, score=9)
        record_outcome(
            session,
            station,
            b.visit.id,
            result=VisitResult.REFERRED,
            officer_id=officer_id,
            reason="ต้องติดต่อสำนักงานที่ดิน",
            note="นัดหมายวันศุกร์",
        )
        record_rating(session, station, b.visit.id, score=4, scale_max=5)
        correct_visit(session, station, a.visit.id, actor="นายปิ่น ศักดิ์สิทธิ์", changes={"phone": "0898765432"})
        del c
    return db


def _code(session: object, index: int) -> str:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from kiosk.models import Service

    assert isinstance(session, Session)
    return list(session.scalars(select(Service.code).order_by(Service.display_order)))[index]


@pytest.fixture
def busy_register(db: Database) -> Database:
    """120 visits over the weekdays from 2 November 2026, 20 a day: several PDF pages."""
    with db.write() as session:
        insert_visits(session, count=120, start=dt.date(2026, 11, 2), per_day=20)
    return db
