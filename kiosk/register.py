"""The visitor register's use cases. Each takes a Session; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnDefault,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from kiosk.db import DriverStatement
from kiosk.errors import KioskError
from kiosk.models import (
    AuditEvent,
    CallKind,
    IdMethod,
    Lane,
    Officer,
    QueueCall,
    QueueCounter,
    QueueTicket,
    Service,
    Visit,
    VisitResult,
    VisitStatus,
)
from kiosk.station import Station
from kiosk.validation import (
    NOTE_MAX,
    REASON_MAX,
    Problem,
    ValidationError,
    VisitorGroup,
    mask_national_id,
    validate_free_text,
    validate_name,
    validate_national_id,
    validate_phone,
)


class RegisterError(KioskError):
    """A use case that cannot be done as asked (unknown visit, wrong state …)."""


def _not_found(what: str, key: object) -> RegisterError:
    return RegisterError(f"{what}.not_found", "ไม่พบข้อมูล กรุณาติดต่อเจ้าหน้าที่", f"no {what} {key}")


# What the UI gets -------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitRecord:
    """One line of the register, detached from the database, safe to hand to another thread."""

    id: uuid.UUID
    station_id: str
    created_at: dt.datetime
    local_day: dt.date
    ticket: str  # "A001", or "" when none was issued (imported lines)
    lane: Lane | None
    full_name: str | None
    national_id_masked: str
    phone: str | None
    id_method: IdMethod
    group: VisitorGroup
    service_code: str
    service_name_th: str
    service_name_en: str
    owner_th: str
    status: VisitStatus
    result: VisitResult | None
    result_reason: str
    officer_name: str | None
    note: str
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    survey_slip_printed: bool
    survey_answered: bool
    rating_score: int | None
    rating_max: int | None
    purged: bool
    version: int

    @property
    def needs_completion(self) -> bool:
        """The officer is to fill in the name, not filled in yet: the visitor left it to the officer, or showed
        ThaID (the officer reads the name on the app; the kiosk never had it)."""
        return self.id_method in (IdMethod.OFFICER, IdMethod.THAID) and not self.full_name and not self.purged


def to_record(visit: Visit) -> VisitRecord:
    ticket = visit.ticket
    return VisitRecord(
        id=visit.id,
        station_id=visit.station_id,
        created_at=visit.created_at,
        local_day=visit.local_day,
        ticket=ticket.label if ticket else "",
        lane=ticket.lane if ticket else None,
        full_name=visit.full_name,
        national_id_masked=mask_national_id(visit.national_id),
        phone=visit.phone,
        id_method=visit.id_method,
        group=visit.group,
        service_code=visit.service.code,
        service_name_th=visit.service.name_th,
        service_name_en=visit.service.name_en,
        owner_th=visit.service.owner_th,
        status=visit.status,
        result=visit.result,
        result_reason=visit.result_reason,
        officer_name=visit.officer.name if visit.officer else None,
        note=visit.note,
        called_at=visit.called_at,
        finished_at=visit.finished_at,
        survey_slip_printed=visit.survey_slip_printed_at is not None,
        survey_answered=visit.survey_answered,
        rating_score=visit.rating_score,
        rating_max=visit.rating_max,
        purged=visit.purged_at is not None,
        version=visit.version,
    )


@dataclass(frozen=True)
class IssuedTicket:
    visit: VisitRecord
    label: str
    lane: Lane
    number: int
    people_ahead: int
    issued_at: dt.datetime  # UTC
    service_url: str  # printed as a QR code on the ticket


@dataclass(frozen=True)
class QueueSnapshot:
    day: dt.date
    waiting: int
    waiting_priority: int
    now_serving: tuple[str, ...]  # tickets called or being served, latest first
    done: int


# Registering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorDetails:
    """What the visitor gave; checked by :func:`check_details`."""

    full_name: str | None = None
    national_id: str | None = None
    phone: str | None = None
    phone_consent: bool = False


def check_details(details: VisitorDetails, *, id_method: IdMethod) -> VisitorDetails:
    """Validate every field and report every problem at once."""
    problems: list[Problem] = []
    name = nid = phone = None
    if details.full_name is not None and details.full_name.strip():
        try:
            name = validate_name(details.full_name)
        except ValidationError as exc:
            problems += exc.problems
    elif id_method in (IdMethod.TYPED, IdMethod.CARD):
        try:
            validate_name("")
        except ValidationError as exc:
            problems += exc.problems
    if details.national_id is not None and details.national_id.strip():
        try:
            nid = validate_national_id(details.national_id)
        except ValidationError as exc:
            problems += exc.problems
    if details.phone is not None and details.phone.strip():
        try:
            phone = validate_phone(details.phone)
        except ValidationError as exc:
            problems += exc.problems
    if problems:
        raise ValidationError(problems)
    return VisitorDetails(
        full_name=name,
        national_id=nid,
        phone=phone,
        phone_consent=details.phone_consent and bool(phone),
    )


def service_by_code(session: Session, code: str) -> Service:
    service = session.scalar(select(Service).where(Service.code == code))
    if service is None:
        raise RegisterError("service.not_found", "ไม่พบงานบริการนี้", f"no service with code {code!r}")
    return service


def lane_for(group: VisitorGroup) -> Lane:
    return Lane.PRIORITY if group.is_priority else Lane.NORMAL


def register_visit(
    session: Session,
    station: Station,
    *,
    service_code: str,
    group: VisitorGroup,
    id_method: IdMethod,
    details: VisitorDetails | None = None,
) -> IssuedTicket:
    """Put a visitor in the register and give them a queue ticket, in the session's transaction."""
    return register_visit_on(
        session.connection(), station, service_code=service_code, group=group, id_method=id_method, details=details
    )


def register_visit_on(
    conn: Connection,
    station: Station,
    *,
    service_code: str,
    group: VisitorGroup,
    id_method: IdMethod,
    details: VisitorDetails | None = None,
) -> IssuedTicket:
    """:func:`register_visit` in ``conn``'s transaction (the touchscreen's: no Session, see ``Database.write_core``).

    The kiosk's hot path: five Core statements compiled once per kind of database and sent to
    the driver in the transaction (:class:`kiosk.db.DriverStatement`: no unit of work, no
    SQLAlchemy execution; either costs more than SQLite takes to write the rows). On SQLite the
    transaction began with ``BEGIN IMMEDIATE`` (``kiosk.db``): writers take turns, and the
    counter's upsert gives each number once. The visit is read back from the register like any other.
    """
    checked = check_details(details or VisitorDetails(), id_method=id_method)
    sql = _registration_sql(conn.dialect)
    driver = conn.connection.driver_connection
    found = sql.service.run(driver, {"code": service_code})
    if not found:
        raise RegisterError("service.not_found", "ไม่พบงานบริการนี้", f"no service with code {service_code!r}")
    service = _ServiceRow(*found[0])
    if not service.active:
        raise RegisterError(
            "service.inactive",
            service.inactive_message_th or "งานบริการนี้ปิดให้บริการชั่วคราว",
            f"service {service_code!r} is inactive",
        )
    now = station.now()
    local_day = station.local(now).date()
    visit_id = uuid.uuid4()
    national_id = checked.national_id
    sql.visit.run(
        driver,
        {
            **_VISIT_DEFAULTS,
            "id": visit_id,
            "station_id": station.id,
            "created_at": now,
            "local_day": local_day,
            "full_name": checked.full_name,
            "national_id": national_id,
            "id_suffix": national_id[-4:] if national_id else None,
            "phone": checked.phone,
            "phone_consent": checked.phone_consent,
            "id_method": id_method,
            "group": group,
            "service_id": service.id,
            "updated_at": now,
        },
    )
    lane = lane_for(group)
    ((number,),) = sql.counter.run(driver, {"day": local_day, "lane": lane})
    issued_at = station.now()
    sql.ticket.run(
        driver,
        {
            "id": uuid.uuid4(),
            "visit_id": visit_id,
            "local_day": local_day,
            "lane": lane,
            "number": number,
            "issued_at": issued_at,
        },
    )
    ((ahead,),) = sql.ahead[lane].run(driver, {"day": local_day, "number": number})
    label = f"{lane.value}{number:03d}"
    record = VisitRecord(
        id=visit_id,
        station_id=station.id,
        created_at=now,
        local_day=local_day,
        ticket=label,
        lane=lane,
        full_name=checked.full_name,
        national_id_masked=mask_national_id(national_id),
        phone=checked.phone,
        id_method=id_method,
        group=group,
        service_code=service.code,
        service_name_th=service.name_th,
        service_name_en=service.name_en,
        owner_th=service.owner_th,
        status=VisitStatus.WAITING,
        result=None,
        result_reason="",
        officer_name=None,
        note="",
        called_at=None,
        finished_at=None,
        survey_slip_printed=False,
        survey_answered=False,
        rating_score=None,
        rating_max=None,
        purged=False,
        version=1,
    )
    return IssuedTicket(
        visit=record,
        label=label,
        lane=lane,
        number=number,
        people_ahead=ahead,
        issued_at=issued_at,
        service_url=service.url,
    )


# The statements of the registration's hot path are built and compiled once (with bound parameters):
# building a statement, and SQLAlchemy's execution of it, cost more than SQLite takes to run it.


class _ServiceRow(NamedTuple):
    id: uuid.UUID
    code: str
    name_th: str
    name_en: str
    owner_th: str
    url: str
    active: bool
    inactive_message_th: str


# What a new visit is given besides what the registration knows: the columns' own defaults
# (waiting, version 1, not synced …), read from the model so that the two cannot drift apart.
_VISIT_DEFAULTS: dict[str, Any] = {
    column.key: column.default.arg
    for column in Visit.__table__.columns
    if isinstance(column.default, ColumnDefault) and column.default.is_scalar
}
_VISIT_GIVEN = (
    "id",
    "station_id",
    "created_at",
    "local_day",
    "full_name",
    "national_id",
    "id_suffix",
    "phone",
    "phone_consent",
    "id_method",
    "group",
    "service_id",
    "updated_at",
)
_TICKET_GIVEN = ("id", "visit_id", "local_day", "lane", "number", "issued_at")


@dataclass(frozen=True)
class _RegistrationSQL:
    """The registration's five statements, compiled for one kind of database."""

    service: DriverStatement
    visit: DriverStatement
    counter: DriverStatement
    ticket: DriverStatement
    ahead: dict[Lane, DriverStatement]


_registration_sqls: dict[tuple[Any, ...], _RegistrationSQL] = {}


def _registration_sql(dialect: Dialect) -> _RegistrationSQL:
    key = (dialect.name, dialect.driver, dialect.paramstyle, dialect.server_version_info)
    found = _registration_sqls.get(key)
    if found is None:
        s = Service.__table__.c
        service = select(s.id, s.code, s.name_th, s.name_en, s.owner_th, s.url, s.active, s.inactive_message_th)
        found = _RegistrationSQL(
            service=DriverStatement(service.where(s.code == bindparam("code")), dialect),
            visit=DriverStatement(
                insert(Visit), dialect, column_keys=list(dict.fromkeys([*_VISIT_GIVEN, *_VISIT_DEFAULTS]))
            ),
            counter=DriverStatement(_bump_counter(dialect.name), dialect),
            ticket=DriverStatement(insert(QueueTicket), dialect, column_keys=_TICKET_GIVEN),
            ahead={lane: DriverStatement(_ahead(lane), dialect) for lane in Lane},
        )
        _registration_sqls[key] = found
    return found


def _bump_counter(dialect: str) -> Any:
    """Today's next number of a lane, in one statement: the counter row is made or bumped and read."""
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        upsert(QueueCounter)
        .values(local_day=bindparam("day"), lane=bindparam("lane"), last_number=1)
        .on_conflict_do_update(
            index_elements=[QueueCounter.local_day, QueueCounter.lane],
            set_={"last_number": QueueCounter.last_number + 1},
        )
        .returning(QueueCounter.last_number)
    )


def _waiting_today(day: dt.date) -> Any:
    return and_(QueueTicket.local_day == day, Visit.status == VisitStatus.WAITING)


@functools.cache
def _ahead(lane: Lane) -> Select[Any]:
    """Waiting visitors of the day ``:day`` called before number ``:number`` of ``lane``."""
    day: Any = bindparam("day")
    number: Any = bindparam("number")
    base = select(func.count()).select_from(Visit).join(QueueTicket).where(_waiting_today(day))
    if lane is Lane.PRIORITY:
        return base.where(QueueTicket.lane == Lane.PRIORITY, QueueTicket.number < number)
    return base.where(
        or_(
            QueueTicket.lane == Lane.PRIORITY,
            and_(QueueTicket.lane == Lane.NORMAL, QueueTicket.number < number),
        )
    )


def people_ahead(session: Session, ticket: QueueTicket) -> int:
    """Waiting visitors who will be called before ``ticket``: the priority lane goes first."""
    ahead = session.scalar(_ahead(ticket.lane), {"day": ticket.local_day, "number": ticket.number})
    return int(ahead or 0)


# The officer's queue ----------------------------------------------------------------------


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise _not_found("visit", visit_id)
    return visit


def _officer(session: Session, officer_id: uuid.UUID) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise _not_found("officer", officer_id)
    return officer


def _log_call(session: Session, visit: Visit, kind: CallKind, *, desk: str, at: dt.datetime) -> None:
    """Leave the call in ``queue_call``, in the visit's transaction: the displays show and announce it."""
    ticket = visit.ticket
    if ticket is None:  # an imported paper line has no number to call
        return
    session.add(
        QueueCall(
            visit_id=visit.id,
            local_day=ticket.local_day,
            ticket=ticket.label,
            kind=kind,
            desk=desk,
            officer_id=visit.officer_id,
            at=at,
        )
    )


def call_next(session: Session, station: Station, *, officer_id: uuid.UUID, desk: str = "") -> VisitRecord | None:
    """Call the next waiting visitor of today to ``desk``: priority lane first, then by arrival."""
    officer = _officer(session, officer_id)
    stmt = (
        select(Visit)
        .join(QueueTicket)
        .where(_waiting_today(station.today()))
        .order_by(
            case((QueueTicket.lane == Lane.PRIORITY, 0), else_=1),
            QueueTicket.issued_at,
            QueueTicket.number,
        )
        .limit(1)
        # PostgreSQL: two officers pressing "next" at once must not both get the same visitor.
        # SQLite needs nothing: BEGIN IMMEDIATE already makes writers take turns.
        .with_for_update(of=Visit, skip_locked=True)
    )
    visit = session.scalars(stmt).first()
    if visit is None:
        return None
    visit.status = VisitStatus.CALLED
    visit.called_at = station.now()
    visit.officer = officer
    visit.officer_id = officer.id
    _log_call(session, visit, CallKind.CALL, desk=desk, at=visit.called_at)
    session.flush()
    return to_record(visit)


def recall(session: Session, station: Station, visit_id: uuid.UUID, *, desk: str = "") -> VisitRecord:
    """Call the same ticket again to ``desk`` (the visitor did not come up)."""
    visit = _visit(session, visit_id)
    _expect(visit, {VisitStatus.CALLED, VisitStatus.NO_SHOW})
    visit.status = VisitStatus.CALLED
    visit.called_at = station.now()
    _log_call(session, visit, CallKind.RECALL, desk=desk, at=visit.called_at)
    session.flush()
    return to_record(visit)


def start_service(session: Session, station: Station, visit_id: uuid.UUID, *, officer_id: uuid.UUID) -> VisitRecord:
    visit = _visit(session, visit_id)
    _expect(visit, {VisitStatus.WAITING, VisitStatus.CALLED})
    visit.status = VisitStatus.SERVING
    visit.officer = _officer(session, officer_id)
    visit.officer_id = officer_id
    if visit.called_at is None:
        visit.called_at = station.now()
    session.flush()
    return to_record(visit)


def mark_no_show(session: Session, station: Station, visit_id: uuid.UUID, *, desk: str = "") -> VisitRecord:
    visit = _visit(session, visit_id)
    _expect(visit, {VisitStatus.CALLED, VisitStatus.WAITING})
    was_called = visit.status is VisitStatus.CALLED
    visit.status = VisitStatus.NO_SHOW
    visit.finished_at = station.now()
    if was_called:  # only a called ticket was on the displays
        _log_call(session, visit, CallKind.NO_SHOW, desk=desk, at=visit.finished_at)
    session.flush()
    return to_record(visit)


def _expect(visit: Visit, allowed: set[VisitStatus]) -> None:
    if visit.status not in allowed:
        raise RegisterError(
            "visit.state",
            "ไม่สามารถทำรายการนี้ได้ในขณะนี้",
            f"visit is {visit.status.value}; expected one of {sorted(s.value for s in allowed)}",
        )


def record_outcome(
    session: Session,
    station: Station,
    visit_id: uuid.UUID,
    *,
    result: VisitResult,
    officer_id: uuid.UUID,
    reason: str = "",
    note: str = "",
) -> VisitRecord:
    """ผลการให้บริการ: success, failed or referred (the last two need a reason)."""
    visit = _visit(session, visit_id)
    _expect(visit, {VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING})
    reason = validate_free_text(reason, field="result_reason", limit=REASON_MAX)
    note = validate_free_text(note, field="note", limit=NOTE_MAX)
    if result is not VisitResult.SUCCESS and not reason:
        raise ValidationError(
            Problem(
                "reason.required",
                "result_reason",
                "กรุณาระบุเหตุผล",
                "a reason is required when not successful",
            )
        )
    officer = _officer(session, officer_id)
    now = station.now()
    visit.status = VisitStatus.DONE
    visit.result = result
    visit.result_reason = reason
    if note:
        visit.note = note
    visit.officer = officer
    visit.officer_id = officer.id
    visit.called_at = visit.called_at or now
    visit.finished_at = now
    session.flush()
    return to_record(visit)


def mark_survey_printed(session: Session, station: Station, visit_id: uuid.UUID) -> VisitRecord:
    visit = _visit(session, visit_id)
    visit.survey_slip_printed_at = station.now()
    session.flush()
    return to_record(visit)


def record_rating(
    session: Session, station: Station, visit_id: uuid.UUID, *, score: int, scale_max: int = 10
) -> VisitRecord:
    """The kiosk's own quick rating, kept raw with its scale (DOMAIN.md §3)."""
    if not 0 <= score <= scale_max:
        raise ValidationError(
            Problem(
                "rating.range",
                "rating",
                "คะแนนไม่ถูกต้อง",
                f"score must be 0..{scale_max}, got {score}",
            )
        )
    visit = _visit(session, visit_id)
    visit.rating_score = score
    visit.rating_max = scale_max
    visit.rated_at = station.now()
    session.flush()
    return to_record(visit)


def get_visit(session: Session, visit_id: uuid.UUID) -> VisitRecord:
    return to_record(_visit(session, visit_id))


def queue_snapshot(session: Session, station: Station) -> QueueSnapshot:
    day = station.today()
    rows = session.execute(
        select(QueueTicket.lane, Visit.status, func.count())
        .select_from(Visit)
        .join(QueueTicket)
        .where(QueueTicket.local_day == day)
        .group_by(QueueTicket.lane, Visit.status)
    ).all()
    waiting = sum(n for lane, status, n in rows if status is VisitStatus.WAITING)
    waiting_p = sum(n for lane, status, n in rows if status is VisitStatus.WAITING and lane is Lane.PRIORITY)
    done = sum(n for _lane, status, n in rows if status in (VisitStatus.DONE, VisitStatus.NO_SHOW))
    serving = session.execute(
        select(QueueTicket.lane, QueueTicket.number)
        .join(Visit)
        .where(
            QueueTicket.local_day == day,
            Visit.status.in_([VisitStatus.CALLED, VisitStatus.SERVING]),
        )
        .order_by(Visit.called_at.desc())
    ).all()
    return QueueSnapshot(
        day=day,
        waiting=waiting,
        waiting_priority=waiting_p,
        now_serving=tuple(f"{lane.value}{number:03d}" for lane, number in serving),
        done=done,
    )


# Reading the register ---------------------------------------------------------------------


_RECORD_COLUMNS = (
    Visit.id,
    Visit.station_id,
    Visit.created_at,
    Visit.local_day,
    QueueTicket.lane,
    QueueTicket.number,
    Visit.full_name,
    Visit.national_id,
    Visit.phone,
    Visit.id_method,
    Visit.group,
    Service.code,
    Service.name_th,
    Service.name_en,
    Service.owner_th,
    Visit.status,
    Visit.result,
    Visit.result_reason,
    Officer.name,
    Visit.note,
    Visit.called_at,
    Visit.finished_at,
    Visit.survey_slip_printed_at,
    Visit.survey_answered,
    Visit.rating_score,
    Visit.rating_max,
    Visit.purged_at,
    Visit.version,
)


def _record_select() -> Select[*tuple[Any, ...]]:
    """Register lines as plain columns: lists of hundreds of lines skip building ORM objects."""
    return (
        select(*_RECORD_COLUMNS)
        .select_from(Visit)
        .join(Service, Visit.service_id == Service.id)
        .outerjoin(Officer, Visit.officer_id == Officer.id)
        .outerjoin(QueueTicket, QueueTicket.visit_id == Visit.id)
    )


def _records(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[VisitRecord]:
    out = []
    for row in session.execute(stmt):
        (
            vid,
            station_id,
            created_at,
            day,
            lane,
            number,
            full_name,
            nid,
            phone,
            id_method,
            group,
            code,
            name_th,
            name_en,
            owner_th,
            status,
            result,
            reason,
            officer,
            note,
            called_at,
            finished_at,
            survey_at,
            answered,
            score,
            scale,
            purged_at,
            version,
        ) = row
        out.append(
            VisitRecord(
                id=vid,
                station_id=station_id,
                created_at=created_at,
                local_day=day,
                ticket=f"{lane.value}{number:03d}" if lane is not None else "",
                lane=lane,
                full_name=full_name,
                national_id_masked=mask_national_id(nid),
                phone=phone,
                id_method=id_method,
                group=group,
                service_code=code,
                service_name_th=name_th,
                service_name_en=name_en,
                owner_th=owner_th,
                status=status,
                result=result,
                result_reason=reason,
                officer_name=officer,
                note=note,
                called_at=called_at,
                finished_at=finished_at,
                survey_slip_printed=survey_at is not None,
                survey_answered=answered,
                rating_score=score,
                rating_max=scale,
                purged=purged_at is not None,
                version=version,
            )
        )
    return out


def day_log(session: Session, day: dt.date) -> list[VisitRecord]:
    """The register of one local day, in order of arrival."""
    return _records(session, _record_select().where(Visit.local_day == day).order_by(Visit.created_at))


SEARCH_LIMIT = 200
# Past this many name matches the newest are found sooner by walking the register backwards.
_NAME_INDEX_CAP = 1000
_FTS_TABLE = "visit_name_fts"
_fts_tables: dict[int, bool] = {}


def _has_name_index(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    key = id(bind)
    if key not in _fts_tables:
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": _FTS_TABLE}
        ).first()
        _fts_tables[key] = found is not None
    return _fts_tables[key]


def _name_filter(session: Session, name: str) -> Any:
    """A filter on part of a name, using the trigram index when there is one (SQLite, 3+ letters)."""
    if len(name) >= 3 and _has_name_index(session):
        phrase = '"' + name.replace('"', '""') + '"'
        rowids = session.scalars(
            text(f"SELECT rowid FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH :q LIMIT :cap"),
            {"q": phrase, "cap": _NAME_INDEX_CAP + 1},
        ).all()
        if len(rowids) <= _NAME_INDEX_CAP:
            return literal_column("visit.rowid").in_(rowids)
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(Visit.full_name, name) > 0
    return Visit.full_name.contains(name, autoescape=True)


def search(
    session: Session,
    *,
    name: str | None = None,
    id_digits: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    service_code: str | None = None,
    limit: int = SEARCH_LIMIT,
) -> list[VisitRecord]:
    """Find visits, newest first: part of a name, the last digits of an ID, a period, a service."""
    stmt = _record_select()
    if name and name.strip():
        stmt = stmt.where(_name_filter(session, " ".join(name.split())))
    if id_digits and id_digits.strip():
        digits = id_digits.strip()
        if not digits.isdigit() or len(digits) > 13:
            raise ValidationError(
                Problem("search.id", "id_digits", "กรอกเฉพาะตัวเลข", "the ID part must be up to 13 digits")
            )
        if len(digits) <= 4:
            stmt = stmt.where(Visit.id_suffix.endswith(digits))
        else:
            stmt = stmt.where(Visit.national_id.endswith(digits))
    if date_from:
        stmt = stmt.where(Visit.local_day >= date_from)
    if date_to:
        stmt = stmt.where(Visit.local_day <= date_to)
    if service_code:
        stmt = stmt.where(Service.code == service_code)
    return _records(session, stmt.order_by(Visit.created_at.desc()).limit(limit))


@dataclass(frozen=True)
class ServiceCount:
    service_code: str
    service_name_th: str
    count: int


def counts_per_service(session: Session, date_from: dt.date, date_to: dt.date) -> list[ServiceCount]:
    """Visits per service in a period of local days (both ends included), in catalogue order."""
    counts = (
        select(Visit.service_id, func.count().label("n"))
        .where(Visit.local_day >= date_from, Visit.local_day <= date_to)
        .group_by(Visit.service_id)
        .subquery()
    )
    rows = session.execute(
        select(Service.code, Service.name_th, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.service_id == Service.id)
        .order_by(Service.display_order, Service.code)
    ).all()
    return [ServiceCount(code, name, int(n)) for code, name, n in rows]


# Corrections with an audit trail ----------------------------------------------------------

CORRECTABLE = (
    "full_name",
    "national_id",
    "phone",
    "group",
    "service_code",
    "result",
    "result_reason",
    "note",
    "survey_answered",
)


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    actor: str
    action: str
    changes: dict[str, Any]


def _audit(
    session: Session,
    station: Station,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    details: dict[str, Any],
) -> None:
    session.add(
        AuditEvent(
            id=uuid.uuid4(),
            at=station.now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=json.dumps(details, ensure_ascii=False, default=str),
        )
    )


def audit(
    session: Session,
    station: Station,
    *,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Record an event in the audit trail (a full export, a purge, a sign-in …)."""
    _audit(
        session,
        station,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=details or {},
    )


def correct_visit(
    session: Session,
    station: Station,
    visit_id: uuid.UUID,
    *,
    actor: str,
    changes: dict[str, Any],
    from_card: bool = False,
) -> VisitRecord:
    """Change fields of a register entry; the audit trail keeps who changed what and when.

    Personal fields are recorded in the trail masked, so the trail is not a second copy of them.
    ``from_card``: the name and ID came from the visitor's ID card; the trail says so.
    """
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise RegisterError("correct.field", "แก้ไขข้อมูลนี้ไม่ได้", f"cannot correct {sorted(unknown)}")
    if not actor.strip():
        raise RegisterError("correct.actor", "ต้องระบุผู้แก้ไข", "a correction needs the name of who makes it")
    visit = _visit(session, visit_id)
    if visit.purged_at is not None:
        raise RegisterError("visit.purged", "ข้อมูลนี้ถูกลบตามระยะเวลาเก็บรักษาแล้ว", "personal data already purged")
    diff: dict[str, Any] = {}
    problems: list[Problem] = []

    def put(field: str, old: Any, new: Any, shown_old: Any = None, shown_new: Any = None) -> None:
        if old != new:
            diff[field] = {
                "from": shown_old if shown_old is not None else old,
                "to": shown_new if shown_new is not None else new,
            }
            setattr(visit, field, new)

    for field, raw in changes.items():
        try:
            if field == "full_name":
                new_name = validate_name(raw) if raw else None
                put("full_name", visit.full_name, new_name)
            elif field == "national_id":
                new_id = validate_national_id(raw) if raw else None
                put(
                    "national_id",
                    visit.national_id,
                    new_id,
                    mask_national_id(visit.national_id),
                    mask_national_id(new_id),
                )
                visit.id_suffix = new_id[-4:] if new_id else None
            elif field == "phone":
                put("phone", visit.phone, validate_phone(raw) if raw else None)
            elif field == "group":
                put("group", visit.group, VisitorGroup(raw))
            elif field == "service_code":
                service = service_by_code(session, raw)
                if service.id != visit.service_id:
                    diff["service_code"] = {"from": visit.service.code, "to": service.code}
                    visit.service = service
                    visit.service_id = service.id
            elif field == "result":
                put("result", visit.result, VisitResult(raw) if raw else None)
            elif field == "result_reason":
                put(
                    "result_reason",
                    visit.result_reason,
                    validate_free_text(raw, field=field, limit=REASON_MAX),
                )
            elif field == "note":
                put("note", visit.note, validate_free_text(raw, field=field, limit=NOTE_MAX))
            elif field == "survey_answered":
                put("survey_answered", visit.survey_answered, bool(raw))
        except ValidationError as exc:
            problems += exc.problems
        except ValueError as exc:
            problems.append(Problem(f"{field}.invalid", field, "ข้อมูลไม่ถูกต้อง", str(exc)))
    if problems:
        raise ValidationError(problems)
    if diff:
        if visit.full_name and visit.id_method in (IdMethod.OFFICER, IdMethod.THAID):
            diff.setdefault("completed_by_officer", True)
        if from_card:
            diff["from_id_card"] = True
        _audit(
            session,
            station,
            actor=actor,
            action="correct",
            entity="visit",
            entity_id=str(visit.id),
            details=diff,
        )
        session.flush()
    return to_record(visit)


def complete_registration(
    session: Session,
    station: Station,
    visit_id: uuid.UUID,
    *,
    actor: str,
    details: VisitorDetails,
    from_card: bool = False,
) -> VisitRecord:
    """The officer fills in who the visitor is, for a visitor who left it to the officer."""
    checked = check_details(details, id_method=IdMethod.TYPED)
    changes: dict[str, Any] = {"full_name": checked.full_name}
    if checked.national_id:
        changes["national_id"] = checked.national_id
    if checked.phone:
        changes["phone"] = checked.phone
    return correct_visit(session, station, visit_id, actor=actor, changes=changes, from_card=from_card)


def audit_trail(session: Session, visit_id: uuid.UUID) -> list[AuditRecord]:
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "visit", AuditEvent.entity_id == str(visit_id))
        .order_by(AuditEvent.at)
    )
    return [AuditRecord(e.at, e.actor, e.action, json.loads(e.details or "{}")) for e in events]


def visits_in_period(session: Session, date_from: dt.date, date_to: dt.date) -> list[VisitRecord]:
    """The register between two local days (both included), in order of arrival."""
    return _records(
        session,
        _record_select().where(Visit.local_day >= date_from, Visit.local_day <= date_to).order_by(Visit.created_at),
    )
