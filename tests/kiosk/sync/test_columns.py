"""Every column of a visit crosses to the hub and back: a column added on one side only fails here."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from sqlalchemy import Table

from kiosk.models import IdMethod, Lane, Visit, VisitResult, VisitStatus
from kiosk.sync.engine import hub_row
from kiosk.sync.hub import hub_visit
from kiosk.sync.restore import _visit
from kiosk.validation import VisitorGroup

NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)


def local_row() -> dict[str, Any]:
    """A visit as the sync reads it: the visit's columns joined with its service, officer and ticket."""
    row: dict[str, Any] = {c.name: None for c in cast(Table, Visit.__table__).columns}
    row.update(
        id=uuid.uuid4(),
        station_id="KIOSK-01",
        version=7,
        created_at=NOW,
        local_day=dt.date(2026, 11, 24),
        full_name="สมชาย ใจดี",
        national_id="1101700230708",
        phone_consent=False,
        id_method=IdMethod.TYPED,
        group=VisitorGroup.ELDERLY,
        status=VisitStatus.DONE,
        result=VisitResult.SUCCESS,
        result_reason="",
        note="",
        survey_answered=True,
        updated_at=NOW,
        lane=Lane.PRIORITY,
        number=12,
        service_code="thaid",
        service_name_th="ลงทะเบียน ThaID",
        service_name_en="ThaID",
        owner_th="กรมการปกครอง",
        officer_name="นางสาวอำไพ ใจงาม",
    )
    return row


def test_a_visit_goes_to_the_hub_with_every_hub_column() -> None:
    sent = hub_row(local_row())  # type: ignore[arg-type]
    assert set(sent) == {c.name for c in hub_visit.columns} - {"received_at"}
    assert (sent["ticket"], sent["lane"], sent["visitor_group"], sent["status"]) == ("P012", "P", "elderly", "done")


def test_and_comes_back_with_every_register_column_unchanged() -> None:
    original = local_row()
    service_id, officer_id = uuid.uuid4(), uuid.uuid4()
    back = _visit(hub_row(original), {"thaid": service_id}, {"นางสาวอำไพ ใจงาม": officer_id})  # type: ignore[arg-type]
    assert set(back) == {c.name for c in cast(Table, Visit.__table__).columns}
    expected = {c: v for c, v in original.items() if c in back}
    expected.update(
        id_suffix="0708",
        service_id=service_id,
        officer_id=officer_id,
        synced_version=7,  # acknowledged as it came
    )
    assert back == expected
