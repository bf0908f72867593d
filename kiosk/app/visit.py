"""The citizen's visit at the touchscreen: the welcome, the service picker, registering, the quick rating."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from kiosk import catalogue, printing, register, roster, staff
from kiosk.app.context import Context, Work, operation
from kiosk.config import Config
from kiosk.db import Database, upgrade
from kiosk.models import IdMethod, Lane
from kiosk.printing import TicketSlip
from kiosk.register import VisitorDetails
from kiosk.register_import import recover_interrupted_import
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
    """A visitor in the register with a queue ticket, and the slip to print (as the screen shows it)."""

    visit_id: uuid.UUID
    label: str
    lane: Lane
    people_ahead: int
    slip: TicketSlip


@operation(Work.WRITE)
def open_register(config: Config, station: Station | None = None) -> Context:
    """The register of ``config``, migrated to the current schema and given the default catalogue when empty."""
    db = Database(config.db_url)
    prepare(db)
    return Context(db=db, station=station or Station.from_config(config), config=config)


def prepare(db: Database) -> None:
    """Bring the schema up to date and load the default catalogue into an empty register."""
    upgrade(db.engine)
    with db.write() as session:
        catalogue.seed_defaults(session)
    recover_interrupted_import(db)  # a `kiosk register import` cut off by a crash: undone before anything reads


@operation(Work.WRITE)
def welcome(app: Context) -> WelcomeInfo:
    day = app.station.today()
    with app.db.read() as session:
        snapshot = register.queue_snapshot(session, app.station)
        officers = _duty_officers(session, day)
    return WelcomeInfo(
        day=day,
        duty_officers=officers,
        now_serving=snapshot.now_serving[0] if snapshot.now_serving else "",
        waiting=snapshot.waiting,
    )


@operation(Work.WRITE)
def services(app: Context) -> list[ServiceChoice]:
    """The whole catalogue in display order; inactive services are shown as unavailable."""
    entries = app.read(catalogue.list_services)
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


def check_details(details: VisitorDetails, *, id_method: IdMethod) -> VisitorDetails:
    """Validate what was typed without touching the register (raises ValidationError)."""
    return register.check_details(details, id_method=id_method)


@operation(Work.WRITE)
def register_visitor(
    app: Context,
    *,
    service_code: str,
    group: VisitorGroup,
    id_method: IdMethod,
    details: VisitorDetails | None = None,
) -> Registration:
    """Put the visitor in the register with a queue ticket; the ticket's slip is made in the same transaction."""

    def issue(connection: Connection) -> Registration:
        issued = register.register_visit_on(
            connection, app.station, service_code=service_code, group=group, id_method=id_method, details=details
        )
        slip = printing.issued_ticket_slip(app.station, issued)
        return Registration(
            visit_id=issued.visit.id,
            label=issued.label,
            lane=issued.lane,
            people_ahead=issued.people_ahead,
            slip=slip,
        )

    return app.db.write_core_with(issue)  # on the writer, as app.write; no Session: see write_core


@operation(Work.WRITE)
def record_rating(app: Context, visit_id: uuid.UUID, score: int, *, scale_max: int = 10) -> None:
    app.write(lambda session: register.record_rating(session, app.station, visit_id, score=score, scale_max=scale_max))


@operation(Work.CHECK)
def check_supervisor_pin(app: Context, pin: str) -> str:
    """The name of the active supervisor whose PIN ``pin`` is (leaving kiosk mode needs one).

    Raises :class:`kiosk.staff.StaffError` for a wrong PIN or while the PIN pad is locked.
    """
    return staff.check_pad_pin_db(app.db, app.station, pin, hasher=app.hasher).name


def _duty_officers(session: Session, day: dt.date) -> tuple[str, ...]:
    """Names on the day's duty roster (``kiosk.roster``), each once."""
    return tuple(roster.duty_officers(session, day))
