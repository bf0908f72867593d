"""The register's tables, one schema for the kiosk's SQLite and the district's PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SQLColumnExpression,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    case,
    event,
    inspect,
    literal,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

# The kinds live in kiosk.kinds (no SQLAlchemy there: a command line or a screen names them cheaply);
# they are named here too, beside the tables that store them.
from kiosk.kinds import CallKind as CallKind
from kiosk.kinds import IdMethod as IdMethod
from kiosk.kinds import Lane as Lane
from kiosk.kinds import Role as Role
from kiosk.kinds import VisitResult as VisitResult
from kiosk.kinds import VisitStatus as VisitStatus
from kiosk.validation import VisitorGroup

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware timestamp stored in UTC: SQLite keeps no zone, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a timezone-aware column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        uuid.UUID: Uuid(),
        str: String(200),
    }


def _enum(kind: type[StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Service(Base):
    """One e-Service of the catalogue. Never deleted: a retired service is made inactive."""

    __tablename__ = "service"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_th: Mapped[str]
    name_en: Mapped[str]
    owner_th: Mapped[str]
    owner_en: Mapped[str] = mapped_column(default="")
    url: Mapped[str] = mapped_column(String(500))
    help_th: Mapped[str] = mapped_column(Text, default="")
    help_en: Mapped[str] = mapped_column(Text, default="")
    icon: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inactive_message_th: Mapped[str] = mapped_column(default="")
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)  # checked against DOPA's list
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Officer(Base):
    __tablename__ = "officer"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.OFFICER)
    pin_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DutyShift(Base):
    """One line of the duty order (คำสั่งมอบหมายเจ้าหน้าที่ปฏิบัติหน้าที่เวร)."""

    __tablename__ = "duty_shift"
    __table_args__ = (Index("ix_duty_shift_day", "day"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    shift: Mapped[str] = mapped_column(String(20), default="day")  # day, evening, weekend
    repeat_weekly: Mapped[bool] = mapped_column(Boolean, default=False)
    until: Mapped[dt.date | None] = mapped_column(Date, default=None)
    order_ref: Mapped[str] = mapped_column(default="")  # the number of the district's order
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    officer: Mapped[Officer] = relationship()


class Visit(Base):
    """One line of the register of e-Service visitors."""

    __tablename__ = "visit"
    __table_args__ = (
        Index("ix_visit_local_day_status", "local_day", "status"),
        Index("ix_visit_created_at", "created_at"),
        Index("ix_visit_full_name", "full_name"),
        Index("ix_visit_id_suffix", "id_suffix"),
        Index("ix_visit_service_day", "service_id", "local_day"),
        Index("ix_visit_sync", "synced_version", "version"),
        # Only the visits the district has not acknowledged: the sync finds them without a scan (migration 0003).
        Index(
            "ix_visit_pending",
            "id",
            sqlite_where=text("version > synced_version"),
            postgresql_where=text("version > synced_version"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    station_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    local_day: Mapped[dt.date] = mapped_column(Date)
    full_name: Mapped[str | None] = mapped_column(String(100), default=None)
    national_id: Mapped[str | None] = mapped_column(String(13), default=None)
    id_suffix: Mapped[str | None] = mapped_column(String(4), default=None)  # for search by last digits
    phone: Mapped[str | None] = mapped_column(String(15), default=None)
    phone_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    id_method: Mapped[IdMethod] = mapped_column(_enum(IdMethod, "id_method"))
    group: Mapped[VisitorGroup] = mapped_column(_enum(VisitorGroup, "visitor_group"))
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id"))
    status: Mapped[VisitStatus] = mapped_column(_enum(VisitStatus, "visit_status"), default=VisitStatus.WAITING)
    result: Mapped[VisitResult | None] = mapped_column(_enum(VisitResult, "visit_result"), default=None)
    result_reason: Mapped[str] = mapped_column(String(300), default="")
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"), default=None)
    note: Mapped[str] = mapped_column(String(500), default="")
    called_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    survey_slip_printed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    survey_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    rating_score: Mapped[int | None] = mapped_column(Integer, default=None)
    rating_max: Mapped[int | None] = mapped_column(Integer, default=None)
    rated_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    purged_at: Mapped[dt.datetime | None] = mapped_column(default=None)  # personal fields removed
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Every change bumps version (next_version); the district keeps the highest version it has seen.
    version: Mapped[int] = mapped_column(BigInteger, default=1)
    synced_version: Mapped[int] = mapped_column(BigInteger, default=0)

    service: Mapped[Service] = relationship(lazy="joined", innerjoin=True)
    officer: Mapped[Officer | None] = relationship(lazy="joined")
    ticket: Mapped[QueueTicket | None] = relationship(back_populates="visit", lazy="joined", uselist=False)


class QueueTicket(Base):
    """A queue number, unique per local day and lane: ``A001``, ``P001``."""

    __tablename__ = "queue_ticket"
    __table_args__ = (UniqueConstraint("local_day", "lane", "number", name="uq_queue_ticket_day_lane_number"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), unique=True)
    local_day: Mapped[dt.date] = mapped_column(Date)
    lane: Mapped[Lane] = mapped_column(_enum(Lane, "lane"))
    number: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    printed_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    visit: Mapped[Visit] = relationship(back_populates="ticket")

    @property
    def label(self) -> str:
        return f"{self.lane.value}{self.number:03d}"


class QueueCall(Base):
    """One call, recall or no-show of a ticket at a desk (ช่องบริการ): what the displays show and announce.

    An append-only log of the day's calls, written in the same transaction as the visit's change,
    so every process that calls a ticket leaves the same trace. No personal data: the ticket
    label, the desk and the officer.
    """

    __tablename__ = "queue_call"
    __table_args__ = (Index("ix_queue_call_local_day", "local_day", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"))
    local_day: Mapped[dt.date] = mapped_column(Date)
    ticket: Mapped[str] = mapped_column(String(8))
    kind: Mapped[CallKind] = mapped_column(_enum(CallKind, "call_kind"))
    desk: Mapped[str] = mapped_column(String(20), default="")
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"), default=None)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class QueueCounter(Base):
    """The last number given per local day and lane; bumped atomically by an upsert."""

    __tablename__ = "queue_counter"

    local_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    lane: Mapped[Lane] = mapped_column(_enum(Lane, "lane"), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class AuditEvent(Base):
    """Who changed what and when: corrections, full exports, purges, sign-ins."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    details: Mapped[str] = mapped_column(Text, default="")  # JSON


class PrintJob(Base):
    """A slip that could not be printed and waits for staff to reprint or dismiss it."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_pending", "done_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"))
    kind: Mapped[str] = mapped_column(String(20))  # ticket, survey
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    done_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    outcome: Mapped[str] = mapped_column(String(20), default="")  # printed, dismissed


class Setting(Base):
    """Small key/value state of the station (last sync, last purge, day closed …)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# Columns whose change is bookkeeping of the sync itself, not a change of the register.
_SYNC_ONLY = frozenset({"synced_version"})


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _clock_version(now: dt.datetime) -> int:
    """Microseconds since the Unix epoch: fits a 64-bit column until the year 294,000."""
    if now.tzinfo is None:
        raise ValueError("naive datetime given for a version")
    return (now - _EPOCH) // dt.timedelta(microseconds=1)


def next_version(old: int | None, now: dt.datetime) -> int:
    """The version of a visit changed at ``now``: a hybrid logical clock.

    Microseconds since the Unix epoch, so a change made after the kiosk was restored from an
    old backup still outranks every copy the district received before the restore; and never
    less than the old version + 1, so a clock set back still moves the version forward.
    """
    return max((old or 0) + 1, _clock_version(now))


def next_version_sql(version: SQLColumnExpression[int], now: dt.datetime) -> ColumnElement[int]:
    """``next_version`` as a SQL expression, for bulk updates that bypass the ORM hook."""
    stamp = literal(_clock_version(now), BigInteger())
    return case((version + 1 > stamp, version + 1), else_=stamp)


@event.listens_for(Session, "before_flush")
def _bump_visit_versions(session: Session, _context: object, _instances: object) -> None:
    """Every change of a visit raises its version (``next_version``), so a later correction wins at the district."""
    for obj in session.dirty:
        if not isinstance(obj, Visit):
            continue
        state = inspect(obj)
        changed = (
            {a.key for a in state.attrs if a.history.has_changes()} - _SYNC_ONLY - {"service", "officer", "ticket"}
        )
        if changed and "version" not in changed:
            now = utcnow()  # the instant of the change; a session knows no station
            obj.version = next_version(obj.version, now)
            obj.updated_at = now
