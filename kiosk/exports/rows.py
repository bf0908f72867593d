"""The lines of the register as every export format writes them: one row type, from the local register or the hub."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from kiosk.errors import ExportCancelled as ExportCancelled
from kiosk.models import IdMethod, Officer, Service, Visit, VisitResult, VisitStatus
from kiosk.station import Station
from kiosk.thai import format_date, format_time
from kiosk.validation import VisitorGroup, format_national_id, mask_national_id

if TYPE_CHECKING:
    from kiosk.district import DistrictReader, DistrictVisit

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
    "แบบสำรวจ",
    "หมายเหตุ",
)
STATION = "สถานี"
# The district's register: which station served the visit, right after the line number.
DISTRICT_COLUMNS: tuple[str, ...] = (COLUMNS[0], STATION, *COLUMNS[1:])


def columns(*, station: bool = False) -> tuple[str, ...]:
    return DISTRICT_COLUMNS if station else COLUMNS


def district_scope(district: str) -> str:
    """``ทุกจุดบริการในอำเภอเมืองสกลนคร``: who a district-wide document covers, where a centre's name would be."""
    return f"ทุกจุดบริการในอำเภอ{district}" if district else "ทุกจุดบริการของอำเภอ"


def unit_name(centre: str, district: str, province: str) -> str:
    """``ศูนย์ดำรงธรรมอำเภอเมืองสกลนคร จังหวัดสกลนคร``: the district and province each said once.

    A centre's name usually holds its district already (ศูนย์ดำรงธรรมอำเภอ…); it is not repeated.
    """
    parts = [centre] if centre else []
    for prefix, name in (("อำเภอ", district), ("จังหวัด", province)):
        if name and f"{prefix}{name}" not in centre:
            parts.append(f"{prefix}{name}")
    return " ".join(parts)


def district_unit(district: str, province: str, stations: int) -> str:
    """``ทุกจุดบริการในอำเภอเมืองสกลนคร จังหวัดสกลนคร (2 จุดบริการ)``."""
    parts = [district_scope(district)]
    if province:
        parts.append(f"จังหวัด{province}")
    parts.append(f"({stations} จุดบริการ)")
    return " ".join(parts)


STATUS_TH = {
    VisitStatus.WAITING: "รอรับบริการ",
    VisitStatus.CALLED: "เรียกคิวแล้ว",
    VisitStatus.SERVING: "กำลังให้บริการ",
    VisitStatus.DONE: "เสร็จสิ้น",
    VisitStatus.NO_SHOW: "ไม่มาตามเรียก",
}
PURGED_NOTE = "ลบข้อมูลส่วนบุคคลแล้วตามระยะเวลาเก็บรักษา"
# What the kiosk knows of the survey: whether it printed the QR invitation, the quick rating
# given on its screen, and whether the officer recorded that the OPDC form was answered. It
# cannot know whether the form itself was answered, so it never says "not answered".
SLIP_PRINTED = "พิมพ์ QR"
ANSWERED = "ตอบแล้ว"
NOTHING = "-"


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
    station: str = ""  # the station's id; shown only in the district's register
    survey_slip_printed: bool = False
    rating_score: int | None = None
    rating_max: int | None = None
    outcome: VisitResult | None = None  # the result alone, for totals

    def survey_parts(self) -> list[str]:
        """``["พิมพ์ QR", "คะแนน 9/10"]``: what the kiosk knows of this visitor's survey."""
        parts = []
        if self.survey_slip_printed:
            parts.append(SLIP_PRINTED)
        if self.rating_score is not None and self.rating_max:
            parts.append(f"คะแนน {self.rating_score}/{self.rating_max}")
        if self.survey_answered:
            parts.append(ANSWERED)
        return parts or [NOTHING]

    @property
    def survey_text(self) -> str:
        return " · ".join(self.survey_parts())

    def date_text(self, *, digits: str = "arabic") -> str:
        """``24 พ.ย. 2569 10:05 น.``"""
        return f"{format_date(self.at.date(), short=True, digits=digits)} {format_time(self.at, digits=digits)}"

    def cells(self, *, digits: str = "arabic", station: bool = False) -> tuple[str, ...]:
        """The row as text, in the order of :func:`columns`."""
        return (
            str(self.seq),
            *((self.station,) if station else ()),
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
            Visit.survey_slip_printed_at,
            Visit.rating_score,
            Visit.rating_max,
            Visit.id_method,
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
            slip_printed_at,
            rating_score,
            rating_max,
            id_method,
        ) = row
        notes = [note] if note else []
        if purged_at is not None:
            notes.append(PURGED_NOTE)
        yield ExportRow(
            seq=seq,
            visit_id=visit_id,
            at=created_at.astimezone(zone),
            full_name=full_name or ("" if purged_at is not None else IdMethod(id_method).unnamed_th),
            national_id=show_id(national_id) if national_id else "",
            phone=phone or "",
            group=VisitorGroup(group).label_th,
            service=service,
            owner=owner,
            result=result_text(result, reason, status),
            officer=officer_name or "",
            survey_answered=bool(survey),
            note="; ".join(notes),
            survey_slip_printed=slip_printed_at is not None,
            rating_score=rating_score,
            rating_max=rating_max,
            outcome=result,
        )


def district_rows(visits: Iterable[DistrictVisit], zone: dt.tzinfo, *, full_id: bool = False) -> Iterator[ExportRow]:
    """The hub's visits as lines of the register, numbered across the district in order of arrival."""
    for seq, visit in enumerate(visits, start=1):
        r = visit.record
        full = format_national_id(visit.national_id) if full_id and visit.national_id else None
        notes = [r.note] if r.note else []
        if r.purged:
            notes.append(PURGED_NOTE)
        yield ExportRow(
            seq=seq,
            visit_id=r.id,
            at=r.created_at.astimezone(zone),
            full_name=r.full_name or ("" if r.purged else r.id_method.unnamed_th),
            national_id=full or r.national_id_masked,
            phone=r.phone or "",
            group=r.group.label_th,
            service=r.service_name_th,
            owner=r.owner_th,
            result=result_text(r.result, r.result_reason, r.status),
            officer=r.officer_name or "",
            survey_answered=r.survey_answered,
            note="; ".join(notes),
            station=r.station_id,
            survey_slip_printed=r.survey_slip_printed,
            rating_score=r.rating_score,
            rating_max=r.rating_max,
            outcome=r.result,
        )


class RowSource(Protocol):
    """Where an export's lines come from: the station's own register, or the district hub."""

    @property
    def stations(self) -> int | None:
        """How many stations the export covers; None for one station's own register (no station column)."""
        ...

    @property
    def origin(self) -> str:
        """Where the rows were read, for the audit trail; never a password."""
        ...

    def count(self, date_from: dt.date, date_to: dt.date) -> int: ...

    def rows(self, date_from: dt.date, date_to: dt.date, *, full_id: bool) -> Iterator[ExportRow]: ...


@dataclass(frozen=True)
class LocalRegister:
    """This station's own register, read in the caller's session."""

    session: Session
    station: Station

    @property
    def stations(self) -> None:
        return None

    @property
    def origin(self) -> str:
        return "local"

    def count(self, date_from: dt.date, date_to: dt.date) -> int:
        return count_rows(self.session, date_from, date_to)

    def rows(self, date_from: dt.date, date_to: dt.date, *, full_id: bool) -> Iterator[ExportRow]:
        return iter_rows(self.session, self.station, date_from, date_to, full_id=full_id)


@dataclass(frozen=True)
class DistrictRegister:
    """Every station's register as synced to the hub, merged; ``only`` limits it to some stations.

    The hub keeps the full national IDs the stations sent, so a full-ID export is possible
    (and audited like a local one); otherwise the rows carry the masked IDs.
    """

    hub: DistrictReader
    zone: dt.tzinfo
    only: Sequence[str] | None = None

    @functools.cached_property
    def stations(self) -> int:
        return len(self.only) if self.only else len(self.hub.station_ids())

    @property
    def origin(self) -> str:
        return f"district {self.hub.server}"

    def count(self, date_from: dt.date, date_to: dt.date) -> int:
        return self.hub.count(date_from, date_to, stations=self.only)

    def rows(self, date_from: dt.date, date_to: dt.date, *, full_id: bool) -> Iterator[ExportRow]:
        if date_to < date_from:
            raise ValueError(f"the period ends ({date_to}) before it starts ({date_from})")
        visits = self.hub.visits(date_from, date_to, stations=self.only, full_ids=full_id)
        return district_rows(visits, self.zone, full_id=full_id)
