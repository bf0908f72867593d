"""The kiosk counter: one method per thing a citizen does at the screen, each in its own session.

The touchscreen (``ui/``) calls this facade from its database worker and gets frozen
dataclasses back; it never sees a Session, an ORM object or a query.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kiosk import catalogue, printing, register
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod, Lane
from kiosk.printing import TicketPrinter
from kiosk.register import VisitorDetails
from kiosk.station import Station
from kiosk.validation import VisitorGroup


@dataclass(frozen=True)
class WelcomeInfo:
    """What the welcome screen shows besides the clock."""

    day: dt.date
    duty_officers: tuple[str, ...]
    now_serving: str  # the ticket called last, "" when none
    waiting: int


@dataclass(frozen=True)
class ServiceChoice:
    """A tile of the service picker."""

    code: str
    name_th: str
    name_en: str
    owner_th: str
    owner_en: str
    help_th: str
    help_en: str
    icon: str
    url: str
    active: bool
    inactive_message_th: str


@dataclass(frozen=True)
class Registration:
    """A visitor in the register with a queue ticket."""

    visit_id: uuid.UUID
    label: str
    lane: Lane
    people_ahead: int


@dataclass(frozen=True)
class PrintResult:
    """What became of a ticket slip: printed, or queued for reprint with the fault."""

    visit_id: uuid.UUID
    printed: bool
    code: str = ""  # the PrinterError code when not printed
    th: str = ""
    en: str = ""


class Counter:
    """The citizen's use cases, each in one transaction of its own."""

    def __init__(self, db: Database, station: Station) -> None:
        self.db = db
        self.station = station

    def prepare(self) -> None:
        """Bring the schema up to date and load the default catalogue into an empty register."""
        upgrade(self.db.engine)
        with self.db.write() as session:
            catalogue.seed_defaults(session)

    def welcome(self) -> WelcomeInfo:
        day = self.station.today()
        with self.db.read() as session:
            snapshot = register.queue_snapshot(session, self.station)
            officers = _duty_officers(session, day)
        return WelcomeInfo(
            day=day,
            duty_officers=officers,
            now_serving=snapshot.now_serving[0] if snapshot.now_serving else "",
            waiting=snapshot.waiting,
        )

    def services(self) -> list[ServiceChoice]:
        """The whole catalogue in display order; inactive services are shown as unavailable."""
        with self.db.read() as session:
            entries = catalogue.list_services(session)
        return [
            ServiceChoice(
                code=e.code,
                name_th=e.name_th,
                name_en=e.name_en or e.name_th,
                owner_th=e.owner_th,
                owner_en=e.owner_en or e.owner_th,
                help_th=e.help_th,
                help_en=e.help_en,
                icon=e.icon,
                url=e.url,
                active=e.active,
                inactive_message_th=e.inactive_message_th,
            )
            for e in entries
        ]

    @staticmethod
    def check_details(details: VisitorDetails, *, id_method: IdMethod) -> VisitorDetails:
        """Validate what was typed without touching the register (raises ValidationError)."""
        return register.check_details(details, id_method=id_method)

    def register(
        self,
        *,
        service_code: str,
        group: VisitorGroup,
        id_method: IdMethod,
        details: VisitorDetails | None = None,
    ) -> Registration:
        with self.db.write() as session:
            issued = register.register_visit(
                session,
                self.station,
                service_code=service_code,
                group=group,
                id_method=id_method,
                details=details,
            )
        return Registration(
            visit_id=issued.visit.id,
            label=issued.label,
            lane=issued.lane,
            people_ahead=issued.people_ahead,
        )

    def print_ticket(self, printer: TicketPrinter, visit_id: uuid.UUID) -> PrintResult:
        """Print on the printer's worker. A fault puts the slip in the reprint queue and is returned."""
        try:
            printing.print_ticket(self.db, self.station, printer, visit_id)
        except printing.PrinterError as exc:
            return PrintResult(visit_id, printed=False, code=exc.code, th=exc.th, en=exc.en)
        return PrintResult(visit_id, printed=True)

    def record_print_failure(self, result: PrintResult) -> None:
        """A ticket that could not even be sent (no printer): into the reprint queue for staff."""
        with self.db.write() as session:
            printing.record_print_failure(
                session, self.station, result.visit_id, printing.SlipKind.TICKET, f"{result.code}: {result.en}"
            )

    def pending_reprints(self) -> int:
        with self.db.read() as session:
            return len(printing.pending_slips(session))

    def record_rating(self, visit_id: uuid.UUID, score: int, *, scale_max: int = 10) -> None:
        with self.db.write() as session:
            register.record_rating(session, self.station, visit_id, score=score, scale_max=scale_max)

    def check_supervisor_pin(self, pin: str) -> str:
        """The name of the active supervisor whose PIN ``pin`` is (leaving kiosk mode needs one).

        Raises :class:`kiosk.staff.StaffError` for a wrong PIN or while the PIN pad is locked.
        """
        from kiosk import staff

        return staff.check_pad_pin_db(self.db, self.station, pin).name


def _duty_officers(session: Session, day: dt.date) -> tuple[str, ...]:
    """Names on the day's duty roster (``kiosk.roster``), each once."""
    from kiosk import roster

    return tuple(roster.duty_officers(session, day))
