"""What the kiosk prints and what it needs from a printer: slips, the printer Protocol, faults."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Lane, PrintJob, QueueTicket, Visit
from kiosk.register import IssuedTicket, RegisterError, people_ahead
from kiosk.station import Station
from kiosk.validation import mask_national_id

if TYPE_CHECKING:
    from kiosk.db import Database

T = TypeVar("T")

TICKET_INSTRUCTIONS = (
    "ฟังเสียงเรียกและดูหมายเลขที่จอ เตรียมบัตรประชาชนหรือแอป ThaID",
    "สแกน QR เพื่อเข้าใช้บริการนี้ต่อที่บ้านได้",
)
SURVEY_INSTRUCTIONS = (
    "สแกน QR ด้วยกล้องโทรศัพท์ แล้วตอบแบบสำรวจ",
    "ใช้เวลาไม่เกิน 3 นาที ความเห็นของท่านช่วยพัฒนาบริการ",
)


@dataclass(frozen=True)
class TicketSlip:
    """A queue ticket, as the printer lays it out."""

    centre_name: str
    district: str
    issued_at: dt.datetime  # local time, aware
    label: str  # "A001"
    lane: Lane
    service_name_th: str
    service_url: str
    people_ahead: int
    instructions: tuple[str, ...] = TICKET_INSTRUCTIONS
    visitor_name: str = ""  # when the visitor gave it (typed or from the ID card)
    national_id_masked: str = ""  # 1-xxxx-xxxxx-x6-1: never the whole ID on paper (DOMAIN.md §6)

    @property
    def lane_th(self) -> str:
        return "ช่องบริการพิเศษ (ผู้สูงอายุ ผู้พิการ สตรีมีครรภ์ นักบวช)" if self.lane is Lane.PRIORITY else "ช่องบริการทั่วไป"


@dataclass(frozen=True)
class SurveySlip:
    """The slip given after the service, with the QR code of the satisfaction survey."""

    centre_name: str
    district: str
    served_at: dt.datetime  # local time, aware
    label: str
    service_name_th: str
    survey_url: str
    privacy_url: str
    instructions: tuple[str, ...] = SURVEY_INSTRUCTIONS


class PrinterState(StrEnum):
    READY = "ready"
    PAPER_OUT = "paper_out"
    PAPER_LOW = "paper_low"
    OFFLINE = "offline"  # cover open, error, or not connected
    UNKNOWN = "unknown"  # the printer did not answer the status query


class PrinterError(Exception):
    """A printing fault. ``th`` is for the citizen, :func:`fault_th` of ``code`` for staff, ``en`` (the str) for
    the log; ``code`` is stable."""

    code = "printer.error"
    th = "เครื่องพิมพ์มีปัญหา กรุณาติดต่อเจ้าหน้าที่"

    def __init__(self, en: str) -> None:
        self.en = en
        super().__init__(en)


class PrinterNotFound(PrinterError):
    code = "printer.not_found"


class PrinterTimeout(PrinterError):
    code = "printer.timeout"


class PaperOut(PrinterError):
    code = "printer.paper_out"
    th = "กระดาษหมด กรุณาติดต่อเจ้าหน้าที่"


class PrinterOffline(PrinterError):
    code = "printer.offline"


class PrinterConfigError(PrinterError):
    code = "printer.config"


# What staff read about the printer, in Thai: one place for every state and fault. A citizen never
# reads these (the citizen's screens say "please tell the officer"); the English is for the log.
_STATE_ALERTS = {
    PrinterState.PAPER_OUT: "กระดาษหมด กรุณาใส่กระดาษก่อนมีผู้รับบัตรคิว",
    PrinterState.PAPER_LOW: "กระดาษใกล้หมด เตรียมม้วนใหม่ไว้",
    PrinterState.OFFLINE: "ไม่พร้อม (ไม่ได้ต่อสาย ไม่ได้เปิด ฝาเปิด หรือขัดข้อง)",
}
_FAULTS_TH = {
    PrinterError.code: "เครื่องพิมพ์ขัดข้อง",
    PrinterNotFound.code: "ไม่พบเครื่องพิมพ์ (ไม่ได้ต่อสายหรือไม่ได้เปิดเครื่อง)",
    PrinterTimeout.code: "เครื่องพิมพ์ไม่ตอบ (ไม่ได้เปิด สายหลวม หรือขัดข้อง)",
    PaperOut.code: "กระดาษหมด",
    PrinterOffline.code: _STATE_ALERTS[PrinterState.OFFLINE],
    PrinterConfigError.code: "ตั้งค่าเครื่องพิมพ์ไม่ถูกต้อง (แจ้งผู้ดูแลระบบ)",
}


def state_alert(state: PrinterState) -> str:
    """The staff's line for a printer's state, in Thai; "" when there is nothing to do.

    A printer that does not answer the status query (UNKNOWN) is not reported: many print
    without ever answering, and a real fault shows when a slip fails.
    """
    if state not in _STATE_ALERTS:
        return ""
    return f"เครื่องพิมพ์: {_STATE_ALERTS[state]}"


def fault_th(code: str) -> str:
    """What a printer fault (its :attr:`PrinterError.code`) means, in Thai, for staff."""
    return _FAULTS_TH.get(code, _FAULTS_TH[PrinterError.code])


def stored_fault_th(last_error: str) -> str:
    """A pending slip's ``last_error`` (``code: English detail``) in Thai, for staff; "" for none."""
    return fault_th(last_error.partition(":")[0].strip()) if last_error else ""


class TicketPrinter(Protocol):
    """A printer for tickets and slips. Implementations raise :class:`PrinterError` only."""

    def state(self) -> PrinterState:
        """Ask the printer for its state, with a short timeout; never raise for a silent printer."""
        ...

    def print_ticket(self, slip: TicketSlip) -> None: ...

    def print_survey(self, slip: SurveySlip) -> None: ...

    def close(self) -> None: ...


# From the register to a slip ---------------------------------------------------------------


def _visit_with_ticket(session: Session, visit_id: uuid.UUID) -> tuple[Visit, QueueTicket]:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.ticket is None:
        raise RegisterError("ticket.not_found", "ไม่พบบัตรคิว", f"visit {visit_id} has no ticket")
    return visit, visit.ticket


def ticket_slip(session: Session, station: Station, visit_id: uuid.UUID) -> TicketSlip:
    """The ticket of a visit, read from the register (a reprint); a new ticket's is :func:`issued_ticket_slip`."""
    visit, ticket = _visit_with_ticket(session, visit_id)
    return TicketSlip(
        centre_name=station.centre_name,
        district=station.district,
        issued_at=station.local(ticket.issued_at),
        label=ticket.label,
        lane=ticket.lane,
        service_name_th=visit.service.name_th,
        service_url=visit.service.url,
        people_ahead=people_ahead(session, ticket),
        visitor_name=visit.full_name or "",
        national_id_masked=mask_national_id(visit.national_id),
    )


def issued_ticket_slip(station: Station, issued: IssuedTicket) -> TicketSlip:
    """The slip of a ticket just issued, from what the registration knows (nothing read again)."""
    visit = issued.visit
    return TicketSlip(
        centre_name=station.centre_name,
        district=station.district,
        issued_at=station.local(issued.issued_at),
        label=issued.label,
        lane=issued.lane,
        service_name_th=visit.service_name_th,
        service_url=issued.service_url,
        people_ahead=issued.people_ahead,
        visitor_name=visit.full_name or "",
        national_id_masked=visit.national_id_masked,
    )


def survey_slip(
    session: Session, station: Station, visit_id: uuid.UUID, *, survey_url: str, privacy_url: str
) -> SurveySlip:
    if not survey_url:
        raise PrinterConfigError("survey.url is not set in kiosk.toml: no survey slip can be printed")
    visit, ticket = _visit_with_ticket(session, visit_id)
    return SurveySlip(
        centre_name=station.centre_name,
        district=station.district,
        served_at=station.local(visit.finished_at or station.now()),
        label=ticket.label,
        service_name_th=visit.service.name_th,
        survey_url=survey_url,
        privacy_url=privacy_url,
    )


# The reprint queue -------------------------------------------------------------------------


class SlipKind(StrEnum):
    TICKET = "ticket"
    SURVEY = "survey"


@dataclass(frozen=True)
class PendingSlip:
    id: uuid.UUID
    visit_id: uuid.UUID
    kind: SlipKind
    ticket: str
    created_at: dt.datetime
    attempts: int
    last_error: str


def record_print_failure(
    session: Session, station: Station, visit_id: uuid.UUID, kind: SlipKind, error: str
) -> PendingSlip:
    """Put a slip that failed in the reprint queue (once per visit and kind)."""
    job = session.scalar(
        select(PrintJob).where(PrintJob.visit_id == visit_id, PrintJob.kind == kind.value, PrintJob.done_at.is_(None))
    )
    if job is None:
        job = PrintJob(id=uuid.uuid4(), visit_id=visit_id, kind=kind.value, created_at=station.now(), attempts=1)
        session.add(job)
    else:
        job.attempts += 1
    job.last_error = error[:500]
    session.flush()
    return _pending(session, job)


def _pending(session: Session, job: PrintJob) -> PendingSlip:
    ticket = session.scalar(select(QueueTicket).where(QueueTicket.visit_id == job.visit_id))
    return PendingSlip(
        id=job.id,
        visit_id=job.visit_id,
        kind=SlipKind(job.kind),
        ticket=ticket.label if ticket else "",
        created_at=job.created_at,
        attempts=job.attempts,
        last_error=job.last_error,
    )


def pending_slips(session: Session) -> list[PendingSlip]:
    jobs = session.scalars(select(PrintJob).where(PrintJob.done_at.is_(None)).order_by(PrintJob.created_at))
    return [_pending(session, job) for job in jobs]


def close_print_job(session: Session, station: Station, job_id: uuid.UUID, *, outcome: str) -> None:
    """Take a slip out of the reprint queue: ``printed`` or ``dismissed`` by staff."""
    if outcome not in {"printed", "dismissed"}:
        raise ValueError(f"unknown outcome {outcome!r}")
    job = session.get(PrintJob, job_id)
    if job is None:
        raise RegisterError("print_job.not_found", "ไม่พบรายการ", f"no print job {job_id}")
    job.done_at = station.now()
    job.outcome = outcome
    session.flush()


def mark_ticket_printed(session: Session, station: Station, visit_id: uuid.UUID) -> None:
    _visit, ticket = _visit_with_ticket(session, visit_id)
    ticket.printed_at = station.now()
    for job in session.scalars(
        select(PrintJob).where(PrintJob.visit_id == visit_id, PrintJob.kind == "ticket", PrintJob.done_at.is_(None))
    ):
        job.done_at = station.now()
        job.outcome = "printed"
    session.flush()


def mark_survey_slip_printed(session: Session, station: Station, visit_id: uuid.UUID) -> None:
    """The survey slip came out: note it on the visit and close its reprint job, if any."""
    from kiosk.register import mark_survey_printed

    mark_survey_printed(session, station, visit_id)
    for job in session.scalars(
        select(PrintJob).where(PrintJob.visit_id == visit_id, PrintJob.kind == "survey", PrintJob.done_at.is_(None))
    ):
        job.done_at = station.now()
        job.outcome = "printed"
    session.flush()


# Printing a slip: read, print, record -------------------------------------------------------
# The visit is committed before any of this runs; a printer fault never touches it. Run these
# on the printer's worker: every read and write goes to the database's writer
# (:meth:`kiosk.db.Database.on_writer`), and the printer's thread only talks to the printer.


def print_ticket(
    db: Database, station: Station, printer: TicketPrinter, visit_id: uuid.UUID, *, slip: TicketSlip | None = None
) -> TicketSlip:
    """Print the ticket of ``visit_id``; on a fault put it in the reprint queue and raise the fault.

    ``slip``: the ticket as the registration made it (its "people ahead" is what the screen
    showed); read again from the register when not given (a reprint).
    """
    if slip is None:
        slip = db.on_writer(lambda: _read(db, lambda session: ticket_slip(session, station, visit_id)))
    try:
        printer.print_ticket(slip)
    except PrinterError as exc:
        fault = _fault(exc)
        db.write_with(lambda session: record_print_failure(session, station, visit_id, SlipKind.TICKET, fault))
        raise
    db.write_with(lambda session: mark_ticket_printed(session, station, visit_id))
    return slip


def print_survey(
    db: Database,
    station: Station,
    printer: TicketPrinter,
    visit_id: uuid.UUID,
    *,
    survey_url: str,
    privacy_url: str,
) -> SurveySlip:
    """Print the survey slip of ``visit_id``; on a fault put it in the reprint queue and raise the fault."""
    slip = db.on_writer(
        lambda: _read(
            db, lambda session: survey_slip(session, station, visit_id, survey_url=survey_url, privacy_url=privacy_url)
        )
    )
    try:
        printer.print_survey(slip)
    except PrinterError as exc:
        fault = _fault(exc)
        db.write_with(lambda session: record_print_failure(session, station, visit_id, SlipKind.SURVEY, fault))
        raise
    db.write_with(lambda session: mark_survey_slip_printed(session, station, visit_id))
    return slip


def reprint(
    db: Database,
    station: Station,
    printer: TicketPrinter,
    job_id: uuid.UUID,
    *,
    survey_url: str = "",
    privacy_url: str = "",
) -> PendingSlip:
    """Print a slip of the reprint queue again; it leaves the queue once printed."""
    pending = db.on_writer(lambda: _read(db, lambda session: pending_slip(session, job_id)))
    if pending.kind is SlipKind.TICKET:
        print_ticket(db, station, printer, pending.visit_id)
    else:
        print_survey(db, station, printer, pending.visit_id, survey_url=survey_url, privacy_url=privacy_url)
    return pending


def pending_slip(session: Session, job_id: uuid.UUID) -> PendingSlip:
    """A slip still in the reprint queue (RegisterError ``print_job.not_found`` once printed or dismissed)."""
    job = session.get(PrintJob, job_id)
    if job is None or job.done_at is not None:
        raise RegisterError("print_job.not_found", "ไม่พบรายการ", f"no pending print job {job_id}")
    return _pending(session, job)


def _fault(exc: PrinterError) -> str:
    return f"{exc.code}: {exc.en}"


def _read(db: Database, fn: Callable[[Session], T]) -> T:
    with db.read() as session:
        return fn(session)
