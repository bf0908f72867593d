"""Slips: the queue ticket, the survey slip, the reprint queue. The slips own the station's printer.

The composition root opens the printer and gives it to the context (``app.printer``); a screen
asks for a slip by visit or job and never holds the printer. The printing operations run on the
printer's worker and only talk to the printer there: the slip is read and the outcome written on
the database's writer (:meth:`kiosk.db.Database.on_writer`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kiosk import printing, register
from kiosk.app.context import Context, Work, operation
from kiosk.printing import PendingSlip, PrinterState, TicketPrinter, TicketSlip
from kiosk.staff import StaffSession


@dataclass(frozen=True)
class SlipResult:
    """What became of a slip sent to the printer: printed, skipped on purpose, or in the reprint queue."""

    visit_id: uuid.UUID
    printed: bool
    code: str = ""  # the PrinterError code when not printed
    th: str = ""
    en: str = ""
    skipped: bool = False  # not printed on purpose (printer.print_survey_slip = false)

    @property
    def staff_th(self) -> str:
        """Why it was not printed, in Thai, for staff (the citizen's text is ``th``)."""
        return printing.fault_th(self.code)

    @classmethod
    def failed(cls, visit_id: uuid.UUID, error: printing.PrinterError) -> SlipResult:
        return cls(visit_id, printed=False, code=error.code, th=error.th, en=error.en)


def _printer(app: Context) -> TicketPrinter:
    if app.printer is None:
        raise printing.PrinterNotFound("no printer is connected to this station")
    return app.printer


@operation(Work.PRINTER)
def printer_state(app: Context) -> PrinterState:
    """Ask the printer how it is (out of paper, unplugged); UNKNOWN when there is none or it does not answer."""
    if app.printer is None:
        return PrinterState.UNKNOWN
    return app.printer.state()


@operation(Work.PRINTER)
def print_ticket(app: Context, visit_id: uuid.UUID, slip: TicketSlip | None = None) -> SlipResult:
    """Print a visitor's ticket (``slip``: the one the registration made). A fault puts it in the reprint queue."""
    try:
        printer = _printer(app)
    except printing.PrinterError as exc:
        fault = f"{exc.code}: {exc.en}"
        app.write(
            lambda session: printing.record_print_failure(
                session, app.station, visit_id, printing.SlipKind.TICKET, fault
            )
        )
        return SlipResult.failed(visit_id, exc)
    try:
        printing.print_ticket(app.db, app.station, printer, visit_id, slip=slip)
    except printing.PrinterError as exc:
        return SlipResult.failed(visit_id, exc)
    return SlipResult(visit_id, printed=True)


@operation(Work.PRINTER)
def print_survey(app: Context, visit_id: uuid.UUID) -> SlipResult:
    """Print the survey slip after a service. A fault, or no printer at all, puts it in the reprint queue."""
    if not app.config.printer.print_survey_slip:
        return SlipResult(visit_id, printed=False, skipped=True)
    try:
        printing.print_survey(
            app.db,
            app.station,
            _printer(app),
            visit_id,
            survey_url=app.config.survey.url,
            privacy_url=app.config.privacy.notice_url,
        )
    except printing.PrinterError as exc:
        if isinstance(exc, printing.PrinterNotFound | printing.PrinterConfigError):
            # print_survey queues faults of the printer itself; these happen before it is reached.
            fault = f"{exc.code}: {exc.en}"
            app.write(
                lambda session: printing.record_print_failure(
                    session, app.station, visit_id, printing.SlipKind.SURVEY, fault
                )
            )
        return SlipResult.failed(visit_id, exc)
    return SlipResult(visit_id, printed=True)


@operation(Work.WRITE)
def pending(app: Context) -> list[PendingSlip]:
    """The reprint queue, oldest first."""
    return app.read(printing.pending_slips)


@operation(Work.PRINTER)
def reprint(app: Context, job_id: uuid.UUID) -> SlipResult:
    """Print a slip of the reprint queue again; it leaves the queue once printed."""
    slip = app.db.on_writer(lambda: app.read(lambda session: printing.pending_slip(session, job_id)))
    try:
        printing.reprint(
            app.db,
            app.station,
            _printer(app),
            job_id,
            survey_url=app.config.survey.url,
            privacy_url=app.config.privacy.notice_url,
        )
    except printing.PrinterError as exc:
        return SlipResult.failed(slip.visit_id, exc)
    return SlipResult(slip.visit_id, printed=True)


@operation(Work.WRITE)
def dismiss(app: Context, who: StaffSession, job_id: uuid.UUID) -> None:
    """Take a slip out of the reprint queue without printing it (the visitor has gone)."""

    def close(session: Session) -> None:
        printing.close_print_job(session, app.station, job_id, outcome="dismissed")
        register.audit(
            session, app.station, actor=who.name, action="dismiss_slip", entity="print_job", entity_id=str(job_id)
        )

    app.write(close)
