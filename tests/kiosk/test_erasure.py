"""An erasure request removes one visitor's personal data now, and nothing else."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk import register as reg
from kiosk.cli import main
from kiosk.db import Database
from kiosk.models import AuditEvent, IdMethod
from kiosk.register import VisitorDetails
from kiosk.retention import erase_visitor
from kiosk.station import Station
from kiosk.validation import ValidationError, VisitorGroup


def visit(db: Database, station: Station, name: str, nid: str | None = None) -> reg.IssuedTicket:
    with db.write() as session:
        return reg.register_visit(
            session,
            station,
            service_code="thaid",
            group=VisitorGroup.ELDERLY,
            id_method=IdMethod.TYPED,
            details=VisitorDetails(full_name=name, national_id=nid, phone="0812345678"),
        )


def test_erase_by_national_id_removes_that_visitor_only(db: Database, station: Station, db_path: Path) -> None:
    first = visit(db, station, "ปิ่น รักไทย", "1101700203727")
    second = visit(db, station, "ปิ่น รักไทย", "1101700203727")
    other = visit(db, station, "สมชาย ใจดี")
    with db.write() as session:
        reg.correct_visit(session, station, first.visit.id, actor="x", changes={"note": "โทรหาลูกสาว"})
    with db.write() as session:
        result = erase_visitor(session, station, actor="ปลัดอำเภอ", national_id="1-1017-00203-72-7")
    assert (result.visits, result.dry_run) == (2, False)
    with db.read() as session:
        erased = [reg.get_visit(session, t.visit.id) for t in (first, second)]
        kept = reg.get_visit(session, other.visit.id)
        assert reg.search(session, name="ปิ่น") == []
        trail = reg.audit_trail(session, first.visit.id)
        request = session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).one()
    for record in erased:
        assert record.purged and record.full_name is None and record.phone is None
        assert record.national_id_masked == "" and record.version > first.visit.version
        assert record.service_code == "thaid" and record.group is VisitorGroup.ELDERLY  # counts stay
    assert kept.full_name == "สมชาย ใจดี" and not kept.purged
    assert "โทรหาลูกสาว" not in str(trail[0].changes)
    assert "1101700203727" not in request.details and "1-xxxx-xxxxx-x2-7" in request.details
    with sqlite3.connect(db_path) as conn:  # the name is gone from the file, index included
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "ปิ่น รักไทย".encode() not in db_path.read_bytes()


def test_erase_by_visit_id_and_dry_run(db: Database, station: Station) -> None:
    ticket = visit(db, station, "มาลี ศรีสุข")
    with db.write() as session:
        dry = erase_visitor(session, station, actor="x", visit_ids=[ticket.visit.id], dry_run=True)
    assert (dry.visits, dry.dry_run) == (1, True)
    with db.read() as session:
        assert reg.get_visit(session, ticket.visit.id).full_name == "มาลี ศรีสุข"
    with db.write() as session:
        assert erase_visitor(session, station, actor="x", visit_ids=[ticket.visit.id]).visits == 1
    with db.write() as session:  # again: nothing left to erase
        assert erase_visitor(session, station, actor="x", visit_ids=[ticket.visit.id]).visits == 0


@pytest.mark.parametrize(("kwargs", "code"), [({}, "erase.what"), ({"national_id": "1101700203728"}, "id.checksum")])
def test_bad_requests_change_nothing(db: Database, station: Station, kwargs: dict[str, str], code: str) -> None:
    ticket = visit(db, station, "มาลี ศรีสุข", "1101700203727")
    with db.write() as session, pytest.raises(ValidationError) as info:
        erase_visitor(session, station, actor="x", **kwargs)  # type: ignore[arg-type]
    assert info.value.codes == [code]
    with db.read() as session:
        assert reg.get_visit(session, ticket.visit.id).full_name == "มาลี ศรีสุข"


def test_cli_erase(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(tmp_path)]
    assert main([*home, "erase", "--actor", "ปลัด"]) == 2
    assert "give a national ID or visit ids" in capsys.readouterr().err
    assert main([*home, "erase", "--visit", "not-a-uuid", "--actor", "ปลัด"]) == 2
    assert main([*home, "erase", "--national-id", "1101700203727", "--actor", "ปลัด"]) == 0
    assert "erased the personal data of 0 visit(s)" in capsys.readouterr().out
