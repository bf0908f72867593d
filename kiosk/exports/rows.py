"""The lines of the register as every export format writes them: one query, one row type."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from kiosk.models import Officer, Service, Visit, VisitResult, VisitStatus
from kiosk.station import Station
from kiosk.thai import format_date, format_time
from kiosk.validation import VisitorGroup, format_national_id, mask_national_id

# The register's columns (DOMAIN.md §3), in order.
COLUMNS: tuple[str, ...] = (
    "ลำดับ",
    "วันที่ (พ.ศ.) เวลา",
    "ชื่อ–สกุล",
    "เลขประจำตัวประชาชน",
    "โทรศัพท์",
    "กลุ่มผู้รับบริการ",
    "งานบริการที่ขอรับ",
    "หน่วยงานเจ้าของบริการ",
    "ผลการให้บริการ",
    "เจ้าหน้าที่ผู้ให้บริการ",
    "ตอบแบบสำรวจ",
    "หมายเหตุ",
)

STATUS_TH = {
    VisitStatus.WAITING: "รอรับบริการ",
    VisitStatus.CALLED: "เรียกคิวแล้ว",
    VisitStatus.SERVING: "กำลังให้บริการ",
    VisitStatus.DONE: "เสร็จสิ้น",
    VisitStatus.NO_SHOW: "ไม่มาตามเรียก",
}
PURGED_NOTE = "ลบข้อมูลส่วนบุคคลแล้วตามระยะเวลาเก็บรักษา"
YES = "ตอบแล้ว"
NO = "ไม่ตอบ"


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written."""


Progress = Callable[[float], None]
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class ExportRow:
    """One line of the register as exported; the same in the PDF, the XLSX and the CSV."""

    seq: int
    visit_id: uuid.UUID
    at: dt.datetime  # local wall-clock time (aware, in the station's zone)
    full_name: str
    national_id: str  # masked (1-xxxx-xxxxx-x2-3) unless the full export was asked for
    phone: str
    group: str
    service: str
    owner: str
    result: str  # สำเร็จ / ไม่สำเร็จ / ส่งต่อ, with the reason, or the queue state
    officer: str
    survey_answered: bool
    note: str

    @property
    def survey_text(self) -> str:
        return YES if self.survey_answered else NO

    def date_text(self, *, digits: str = "arabic") -> str:
        """``24 พ.ย. 2569 10:05 น.``"""
        return f"{format_date(self.at.date(), short=True, digits=digits)} {format_time(self.at, digits=digits)}"

    def cells(self, *, digits: str = "arabic") -> tuple[str, ...]:
        """The row as text, in the order of :data:`COLUMNS`."""
        return (
            str(self.seq),
            self.date_text(digits=digits),
            self.full_name,
            self.national_id,
            self.phone,
            self.group,
            self.service,
            self.owner,
            self.result,
            self.officer,
            self.survey_text,
            self.note,
        )


def result_text(result: VisitResult | None, reason: str, status: VisitStatus) -> str:
    if result is None:
        return STATUS_TH[status]
    return f"{result.label_th} – {reason}" if reason else result.label_th


def count_rows(session: Session, date_from: dt.date, date_to: dt.date) -> int:
    from sqlalchemy import func

    n = session.scalar(
        select(func.count()).select_from(Visit).where(Visit.local_day >= date_from, Visit.local_day <= date_to)
    )
    return int(n or 0)


def iter_rows(
    session: Session,
    station: Station,
    date_from: dt.date,
    date_to: dt.date,
    *,
    full_id: bool = False,
) -> Iterator[ExportRow]:
    """The register between two local days (both included), in order of arrival.

    A Core query rather than ORM objects: a year of a busy district is 25,000 lines. The
    full national ID is read only when ``full_id`` is asked for; otherwise the rows carry the
    masked ID of screens and slips.
    """
    if date_to < date_from:
        raise ValueError(f"the period ends ({date_to}) before it starts ({date_from})")
    officer = aliased(Officer)
    stmt = (
        select(
            Visit.id,
            Visit.created_at,
            Visit.full_name,
            Visit.national_id,
            Visit.phone,
            Visit.group,
            Service.name_th,
            Service.owner_th,
            Visit.result,
            Visit.result_reason,
            Visit.status,
            officer.name,
            Visit.survey_answered,
            Visit.note,
            Visit.purged_at,
        )
        .join(Service, Visit.service_id == Service.id)
        .outerjoin(officer, Visit.officer_id == officer.id)
        .where(Visit.local_day >= date_from, Visit.local_day <= date_to)
        .order_by(Visit.created_at, Visit.id)
    )
    zone = station.zone
    show_id = format_national_id if full_id else mask_national_id
    for seq, row in enumerate(session.execute(stmt.execution_options(yield_per=2000)), start=1):
        (
            visit_id,
            created_at,
            full_name,
            national_id,
            phone,
            group,
            service,
            owner,
            result,
            reason,
            status,
            officer_name,
            survey,
            note,
            purged_at,
        ) = row
        notes = [note] if note else []
        if purged_at is not None:
            notes.append(PURGED_NOTE)
        yield ExportRow(
            seq=seq,
            visit_id=visit_id,
            at=created_at.astimezone(zone),
            full_name=full_name or "",
            national_id=show_id(national_id) if national_id else "",
            phone=phone or "",
            group=VisitorGroup(group).label_th,
            service=service,
            owner=owner,
            result=result_text(result, reason, status),
            officer=officer_name or "",
            survey_answered=bool(survey),
            note="; ".join(notes),
        )
