"""The staff desk: one method per thing a duty officer or supervisor does, each in its own session.

The staff area (``ui/staff/``) calls this facade from its workers and gets frozen dataclasses
back; it never sees a Session, an ORM object or a query. Who acts is passed in as a
:class:`kiosk.staff.StaffSession`, the signed-in officer), so every change records its officer and its actor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import uuid
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import catalogue, printing, register, roster, staff
from kiosk.catalogue import ServiceEntry
from kiosk.config import Config, SyncConfig
from kiosk.db import Database
from kiosk.models import Lane, Role, Setting, Visit, VisitResult, VisitStatus
from kiosk.printing import PendingSlip, TicketPrinter
from kiosk.register import AuditRecord, RegisterError, VisitorDetails, VisitRecord
from kiosk.roster import Duty, ShiftEntry
from kiosk.staff import OfficerInfo, StaffError, StaffSession
from kiosk.station import Station
from kiosk.validation import VisitorGroup

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from kiosk.district import DistrictReader
    from kiosk.exports import ExportFormat, ExportResult
    from kiosk.report import MonthlyFigures, SurveyFigures
    from kiosk.sync import SyncResult, SyncStatus


@dataclass(frozen=True)
class DeskOptions:
    """What the desk needs from the configuration."""

    survey_url: str = ""
    privacy_url: str = ""
    print_survey_slip: bool = True
    sync_url: str = ""
    sync: SyncConfig = field(default_factory=SyncConfig)
    # The hub's admin or reporting URL, for the supervisor's district-wide exports and reports.
    # Not sync.url: a station's own role reads only its own visits.
    district_url: str = ""

    @classmethod
    def from_config(cls, config: Config, *, environ: Mapping[str, str] | None = None) -> DeskOptions:
        """The options of ``config``; the district URL comes from ``$KIOSK_DISTRICT_URL``, as for the CLI."""
        from kiosk.commands.district import URL_ENV

        env = os.environ if environ is None else environ
        return cls(
            survey_url=config.survey.url,
            privacy_url=config.privacy.notice_url,
            print_survey_slip=config.printer.print_survey_slip,
            sync_url=config.sync.url,
            sync=config.sync,
            district_url=env.get(URL_ENV, "").strip(),
        )


# What the screens get -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueView:
    """Today's queue as the officer sees it; ``waiting`` is in calling order."""

    day: dt.date
    waiting: tuple[VisitRecord, ...]
    called: tuple[VisitRecord, ...]
    serving: tuple[VisitRecord, ...]
    done: tuple[VisitRecord, ...]  # finished or no-show, latest first
    to_complete: tuple[VisitRecord, ...]  # names left to the officer, not yet filled in
    pending_slips: int
    closed: DayClosure | None


@dataclass(frozen=True)
class VisitDetail:
    """One register entry with its audit trail, for the correction screen."""

    visit: VisitRecord
    trail: tuple[AuditRecord, ...]


@dataclass(frozen=True)
class DayClosure:
    """The record that a day's log was closed: who, when, and what was left open."""

    day: dt.date
    at: dt.datetime
    actor: str
    visits: int
    marked_no_show: int


@dataclass(frozen=True)
class DayReview:
    day: dt.date
    visits: tuple[VisitRecord, ...]
    closed: DayClosure | None


@dataclass(frozen=True)
class Totals:
    """Counts of a list of register entries by service, visitor group and outcome."""

    total: int
    by_service: tuple[tuple[str, int], ...]  # Thai service name, count; most first
    by_group: tuple[tuple[VisitorGroup, int], ...]  # in the enum's order, zeros left out
    by_outcome: tuple[tuple[str, int], ...]  # outcome key (see OUTCOME_KEYS), count


@dataclass(frozen=True)
class RosterView:
    """The roster of a period for the supervisor's page."""

    date_from: dt.date
    date_to: dt.date
    duties: tuple[Duty, ...]  # one per officer, day and shift, in date order
    lines: tuple[ShiftEntry, ...]  # the lines of the duty order in force from date_from
    officers: tuple[OfficerInfo, ...]  # active officers, for a new line


@dataclass(frozen=True)
class SlipResult:
    """What became of a slip sent to the printer."""

    visit_id: uuid.UUID
    printed: bool
    code: str = ""
    th: str = ""
    en: str = ""
    skipped: bool = False  # not printed on purpose (printer.print_survey_slip = false)


# An outcome of a visit as the day review groups them: the result when there is one, else the state.
OUTCOME_KEYS = ("success", "failed", "referred", "no_show", "open")


def outcome_key(visit: VisitRecord) -> str:
    if visit.result is not None:
        return visit.result.value
    if visit.status is VisitStatus.NO_SHOW:
        return "no_show"
    return "open"


def totals(visits: Iterable[VisitRecord]) -> Totals:
    """Count entries by service, group and outcome (the day review's totals, for any filter)."""
    items = list(visits)
    services = Tally(v.service_name_th for v in items)
    groups = Tally(v.group for v in items)
    outcomes = Tally(outcome_key(v) for v in items)
    return Totals(
        total=len(items),
        by_service=tuple(sorted(services.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_group=tuple((g, groups[g]) for g in VisitorGroup if groups[g]),
        by_outcome=tuple((k, outcomes[k]) for k in OUTCOME_KEYS if outcomes[k]),
    )


def calling_order(waiting: Iterable[VisitRecord]) -> list[VisitRecord]:
    """Waiting visitors in the order :func:`kiosk.register.call_next` takes them: priority lane first."""
    return sorted(waiting, key=lambda v: (v.lane is not Lane.PRIORITY, v.created_at, v.ticket))


# Closing a day --------------------------------------------------------------------------

_CLOSED_KEY = "day.closed."


def day_closure(session: Session, day: dt.date) -> DayClosure | None:
    setting = session.get(Setting, _CLOSED_KEY + day.isoformat())
    if setting is None or not setting.value:
        return None
    data = json.loads(setting.value)
    return DayClosure(
        day=day,
        at=dt.datetime.fromisoformat(data["at"]),
        actor=data["actor"],
        visits=int(data["visits"]),
        marked_no_show=int(data["marked_no_show"]),
    )


def close_day(session: Session, station: Station, day: dt.date, *, actor: str) -> DayClosure:
    """Close a day's log: tickets still waiting or called become no-shows; the trail keeps who closed it.

    A day with a visitor still being served cannot be closed: the officer records the outcome first.
    """
    open_visits = session.execute(
        select(Visit.id, Visit.status).where(
            Visit.local_day == day,
            Visit.status.in_([VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.SERVING]),
        )
    ).all()
    serving = [vid for vid, status in open_visits if status is VisitStatus.SERVING]
    if serving:
        raise RegisterError(
            "day.serving",
            f"ยังมีผู้รับบริการ {len(serving)} รายที่ยังไม่ได้บันทึกผล กรุณาบันทึกผลก่อนปิดวัน",
            f"{len(serving)} visit(s) still being served: record their outcome before closing the day",
        )
    for vid, _status in open_visits:
        register.mark_no_show(session, station, vid)
    visits = len(register.day_log(session, day))
    now = station.now()
    closure = DayClosure(day=day, at=now, actor=actor, visits=visits, marked_no_show=len(open_visits))
    value = json.dumps(
        {"at": now.isoformat(), "actor": actor, "visits": visits, "marked_no_show": len(open_visits)},
        ensure_ascii=False,
    )
    key = _CLOSED_KEY + day.isoformat()
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value, updated_at=now))
    else:
        setting.value = value
        setting.updated_at = now
    register.audit(
        session,
        station,
        actor=actor,
        action="close_day",
        entity="day",
        entity_id=day.isoformat(),
        details={"visits": visits, "marked_no_show": len(open_visits)},
    )
    session.flush()
    return closure


# The desk ---------------------------------------------------------------------------------


def _supervisor_only(who: StaffSession) -> None:
    if not who.is_supervisor:
        raise StaffError(
            "staff.role",
            "เฉพาะผู้ดูแล (ปลัดอำเภอผู้รับผิดชอบ) เท่านั้น",
            f"{who.name} is an officer; this needs a supervisor",
        )


class Desk:
    """The staff's use cases, each in one transaction of its own. Safe to call from any one worker."""

    def __init__(
        self,
        db: Database,
        station: Station,
        options: DeskOptions | None = None,
        *,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self.db = db
        self.station = station
        self.options = options or DeskOptions()
        self._hasher = hasher  # None: kiosk.staff's argon2 defaults; tests pass a cheap one

    # Signing in ----------------------------------------------------------------------------

    def officers(self) -> list[OfficerInfo]:
        """Everyone who can sign in here (active, with a PIN), today's duty officers first."""
        with self.db.read() as session:
            people = [o for o in staff.list_officers(session, include_inactive=False) if o.has_pin]
            on_duty = roster.duty_officers(session, self.station.today())
        return sorted(people, key=lambda o: (o.name not in on_duty, o.name))

    def sign_in(self, officer_id: uuid.UUID, pin: str) -> StaffSession:
        """Check the PIN; a wrong one counts toward the lock-out (raises StaffError with ``locked_until``)."""
        return staff.sign_in_db(self.db, self.station, officer_id, pin, hasher=self._hasher)

    def unlock_officer(self, who: StaffSession, officer_id: uuid.UUID) -> OfficerInfo:
        """A supervisor lifts an officer's lock-out before its five minutes are over."""
        _supervisor_only(who)
        with self.db.write() as session:
            return staff.unlock(session, self.station, officer_id, actor=who.name)

    def sign_out(self, who: StaffSession, *, reason: str = "manual") -> None:
        with self.db.write() as session:
            staff.sign_out(session, self.station, who, reason=reason)

    # Officers and their PINs (supervisor) ------------------------------------------------

    def staff_list(self, who: StaffSession) -> list[OfficerInfo]:
        """Every officer, inactive ones too, by name: the supervisor's officers page."""
        _supervisor_only(who)
        with self.db.read() as session:
            return staff.list_officers(session)

    def add_officer(
        self, who: StaffSession, *, name: str, role: Role | str = Role.OFFICER, pin: str, pin_again: str
    ) -> OfficerInfo:
        """Add an officer who can sign in at once; the PIN is typed twice (StaffError ``pin.mismatch``)."""
        _supervisor_only(who)
        pin = staff.confirm_pin(pin, pin_again)
        with self.db.write() as session:
            return staff.create_officer(
                session, self.station, name=name, role=role, pin=pin, actor=who.name, hasher=self._hasher
            )

    def reset_pin(self, who: StaffSession, officer_id: uuid.UUID, *, pin: str, pin_again: str) -> OfficerInfo:
        """Give an officer a new PIN (typed twice); it also lifts a lock-out."""
        _supervisor_only(who)
        pin = staff.confirm_pin(pin, pin_again)
        with self.db.write() as session:
            return staff.set_pin(session, self.station, officer_id, pin, actor=who.name, hasher=self._hasher)

    def set_officer_active(self, who: StaffSession, officer_id: uuid.UUID, active: bool) -> OfficerInfo:
        """Retire an officer or take them back; never oneself, never the last active supervisor."""
        _supervisor_only(who)
        with self.db.write() as session:
            return staff.set_active(session, self.station, officer_id, active, actor=who.name, actor_id=who.id)

    # The officer's queue ------------------------------------------------------------------

    def queue(self) -> QueueView:
        day = self.station.today()
        with self.db.read() as session:
            visits = register.day_log(session, day)
            pending = len(printing.pending_slips(session))
            closed = day_closure(session, day)
        by_status: dict[VisitStatus, list[VisitRecord]] = {s: [] for s in VisitStatus}
        for v in visits:
            by_status[v.status].append(v)
        done = by_status[VisitStatus.DONE] + by_status[VisitStatus.NO_SHOW]
        done.sort(key=lambda v: v.finished_at or v.created_at, reverse=True)
        return QueueView(
            day=day,
            waiting=tuple(calling_order(by_status[VisitStatus.WAITING])),
            called=tuple(by_status[VisitStatus.CALLED]),
            serving=tuple(by_status[VisitStatus.SERVING]),
            done=tuple(done),
            to_complete=tuple(v for v in visits if v.needs_completion),
            pending_slips=pending,
            closed=closed,
        )

    def call_next(self, who: StaffSession) -> VisitRecord | None:
        """The next visitor by the lane rule, or None when nobody waits."""
        with self.db.write() as session:
            return register.call_next(session, self.station, officer_id=who.id)

    def recall(self, visit_id: uuid.UUID) -> VisitRecord:
        with self.db.write() as session:
            return register.recall(session, self.station, visit_id)

    def start(self, who: StaffSession, visit_id: uuid.UUID) -> VisitRecord:
        with self.db.write() as session:
            return register.start_service(session, self.station, visit_id, officer_id=who.id)

    def no_show(self, visit_id: uuid.UUID) -> VisitRecord:
        with self.db.write() as session:
            return register.mark_no_show(session, self.station, visit_id)

    def finish(
        self, who: StaffSession, visit_id: uuid.UUID, *, result: VisitResult, reason: str = "", note: str = ""
    ) -> VisitRecord:
        """Record the outcome (ผลการให้บริการ); raises ValidationError for a missing reason."""
        with self.db.write() as session:
            return register.record_outcome(
                session, self.station, visit_id, result=result, officer_id=who.id, reason=reason, note=note
            )

    def complete(self, who: StaffSession, visit_id: uuid.UUID, details: VisitorDetails) -> VisitRecord:
        """Fill in who the visitor is, for a visitor who left it to the officer."""
        with self.db.write() as session:
            return register.complete_registration(session, self.station, visit_id, actor=who.name, details=details)

    # Slips -----------------------------------------------------------------------------

    def print_survey(self, printer: TicketPrinter | None, visit_id: uuid.UUID) -> SlipResult:
        """Print the survey slip after a service (run on the printer's worker).

        A fault, or no printer at all, puts the slip in the reprint queue and is returned, not raised.
        """
        if not self.options.print_survey_slip:
            return SlipResult(visit_id, printed=False, skipped=True)
        try:
            if printer is None:
                raise printing.PrinterNotFound("no printer is connected to this station")
            printing.print_survey(
                self.db,
                self.station,
                printer,
                visit_id,
                survey_url=self.options.survey_url,
                privacy_url=self.options.privacy_url,
            )
        except printing.PrinterError as exc:
            if isinstance(exc, printing.PrinterNotFound | printing.PrinterConfigError):
                # print_survey queues faults of the printer itself; these happen before it is reached.
                with self.db.write() as session:
                    printing.record_print_failure(
                        session, self.station, visit_id, printing.SlipKind.SURVEY, f"{exc.code}: {exc.en}"
                    )
            return SlipResult(visit_id, printed=False, code=exc.code, th=exc.th, en=exc.en)
        return SlipResult(visit_id, printed=True)

    def pending_slips(self) -> list[PendingSlip]:
        with self.db.read() as session:
            return printing.pending_slips(session)

    def reprint(self, printer: TicketPrinter | None, job_id: uuid.UUID) -> SlipResult:
        """Print a slip of the reprint queue again (printer's worker); it leaves the queue once printed."""
        with self.db.read() as session:
            slip = next((p for p in printing.pending_slips(session) if p.id == job_id), None)
        if slip is None:
            raise RegisterError("print_job.not_found", "ไม่พบรายการ", f"no pending print job {job_id}")
        try:
            if printer is None:
                raise printing.PrinterNotFound("no printer is connected to this station")
            printing.reprint(
                self.db,
                self.station,
                printer,
                job_id,
                survey_url=self.options.survey_url,
                privacy_url=self.options.privacy_url,
            )
        except printing.PrinterError as exc:
            return SlipResult(slip.visit_id, printed=False, code=exc.code, th=exc.th, en=exc.en)
        return SlipResult(slip.visit_id, printed=True)

    def dismiss_slip(self, who: StaffSession, job_id: uuid.UUID) -> None:
        """Take a slip out of the reprint queue without printing it (the visitor has gone)."""
        with self.db.write() as session:
            printing.close_print_job(session, self.station, job_id, outcome="dismissed")
            register.audit(
                session, self.station, actor=who.name, action="dismiss_slip", entity="print_job", entity_id=str(job_id)
            )

    # Corrections -------------------------------------------------------------------------

    def visit(self, visit_id: uuid.UUID) -> VisitDetail:
        with self.db.read() as session:
            record = register.get_visit(session, visit_id)
            trail = register.audit_trail(session, visit_id)
        return VisitDetail(visit=record, trail=tuple(trail))

    def correct(self, who: StaffSession, visit_id: uuid.UUID, changes: dict[str, Any]) -> VisitDetail:
        """Change fields of an entry; returns it with its audit trail, the change included."""
        with self.db.write() as session:
            record = register.correct_visit(session, self.station, visit_id, actor=who.name, changes=changes)
            trail = register.audit_trail(session, visit_id)
        return VisitDetail(visit=record, trail=tuple(trail))

    # The day's review --------------------------------------------------------------------

    def day_review(self, day: dt.date | None = None) -> DayReview:
        day = day or self.station.today()
        with self.db.read() as session:
            visits = register.day_log(session, day)
            closed = day_closure(session, day)
        return DayReview(day=day, visits=tuple(visits), closed=closed)

    def close_day(self, who: StaffSession, day: dt.date | None = None) -> DayClosure:
        with self.db.write() as session:
            return close_day(session, self.station, day or self.station.today(), actor=who.name)

    def search(
        self,
        *,
        name: str | None = None,
        id_digits: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> list[VisitRecord]:
        with self.db.read() as session:
            return register.search(session, name=name, id_digits=id_digits, date_from=date_from, date_to=date_to)

    # The catalogue -------------------------------------------------------------------------

    def services(self) -> list[ServiceEntry]:
        with self.db.read() as session:
            return catalogue.list_services(session)

    def set_service_active(self, who: StaffSession, code: str, active: bool, *, message_th: str = "") -> ServiceEntry:
        _supervisor_only(who)
        with self.db.write() as session:
            entry = catalogue.set_active(session, code, active, message_th=message_th)
            register.audit(
                session,
                self.station,
                actor=who.name,
                action="service_on" if active else "service_off",
                entity="service",
                entity_id=code,
                details={"message_th": entry.inactive_message_th},
            )
        return entry

    # The duty roster ---------------------------------------------------------------------

    def roster(self, date_from: dt.date, date_to: dt.date) -> RosterView:
        """Who is on duty day by day, and the lines of the duty order still in force."""
        with self.db.read() as session:
            duties = roster.shifts_between(session, date_from, date_to)
            lines = roster.list_shifts(session, date_from=date_from)
            people = staff.list_officers(session, include_inactive=False)
        return RosterView(date_from, date_to, tuple(duties), tuple(lines), tuple(people))

    def add_shift(
        self,
        who: StaffSession,
        *,
        officer_id: uuid.UUID,
        day: dt.date,
        shift: str = "day",
        repeat_weekly: bool = False,
        until: dt.date | None = None,
        order_ref: str = "",
    ) -> ShiftEntry:
        _supervisor_only(who)
        with self.db.write() as session:
            return roster.add_shift(
                session,
                self.station,
                officer=officer_id,
                day=day,
                shift=shift,
                repeat_weekly=repeat_weekly,
                until=until,
                order_ref=order_ref,
                actor=who.name,
            )

    def remove_shift(self, who: StaffSession, shift_id: uuid.UUID) -> ShiftEntry:
        _supervisor_only(who)
        with self.db.write() as session:
            return roster.remove_shift(session, self.station, shift_id, actor=who.name)

    def end_weekly_shift(self, who: StaffSession, shift_id: uuid.UUID, last_day: dt.date) -> ShiftEntry:
        _supervisor_only(who)
        with self.db.write() as session:
            return roster.end_weekly_shift(session, self.station, shift_id, last_day=last_day, actor=who.name)

    # The monthly report ------------------------------------------------------------------

    def monthly_figures(self, year: int, month: int, *, cutoff_day: int | None = None) -> MonthlyFigures:
        from kiosk.report import monthly_figures

        with self.db.read() as session:
            return monthly_figures(session, self.station, year, month, cutoff_day=cutoff_day)

    def district_monthly_figures(
        self, who: StaffSession, year: int, month: int, *, cutoff_day: int | None = None
    ) -> MonthlyFigures:
        """The month's figures of every station, read from the district hub (network worker; raises SyncError).

        The official survey's figures, which the hub does not keep, come from this station's register.
        """
        from kiosk.report import district_monthly_figures, survey_figures

        with self._reading_district(who) as hub:
            with self.db.read() as session:
                official = survey_figures(session, year, month)
            return district_monthly_figures(
                hub,
                year,
                month,
                cutoff_day=cutoff_day,
                district=self.station.district,
                province=self.station.province,
                official=official,
            )

    def set_survey_figures(
        self, who: StaffSession, year: int, month: int, *, responses: int, mean: float, scale_max: float = 10.0
    ) -> SurveyFigures:
        """The official OPDC survey's figures for a month, copied by the supervisor."""
        from kiosk.report import set_survey_figures

        _supervisor_only(who)
        with self.db.write() as session:
            return set_survey_figures(
                session, self.station, year, month, responses=responses, mean=mean, scale_max=scale_max, actor=who.name
            )

    def monthly_report(
        self,
        who: StaffSession,
        year: int,
        month: int,
        *,
        folder: Path,
        cutoff_day: int | None = None,
        thai_digits: bool = True,
        district: bool = False,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Write the month's report form (PDF) into ``folder`` under the province's file name.

        With ``district`` the figures are every station's, read from the hub (run it on the
        network worker). ``cancel.set()`` before the PDF is written stops it with ExportCancelled.
        """
        from kiosk.exports import ExportCancelled
        from kiosk.report import report_file_name, write_monthly_report

        _supervisor_only(who)

        def step(fraction: float) -> None:
            if cancel is not None and cancel.is_set():
                raise ExportCancelled("the monthly report was cancelled; no file written")
            if progress is not None:
                progress(fraction)

        step(0.0)
        if district:
            figures = self.district_monthly_figures(who, year, month, cutoff_day=cutoff_day)
        else:
            figures = self.monthly_figures(year, month, cutoff_day=cutoff_day)
        step(0.5)
        path = Path(folder) / report_file_name(figures.centre or self.station.id, year, month)
        written = write_monthly_report(figures, path, digits="thai" if thai_digits else "arabic")
        details: dict[str, object] = {"file": written.name, "cutoff_day": cutoff_day, "visits": figures.total}
        if district:
            details |= {"source": "district", "stations": len(figures.stations or ())}
        with self.db.write() as session:
            register.audit(
                session,
                self.station,
                actor=who.name,
                action="report_monthly",
                entity="report",
                entity_id=f"{year:04d}-{month:02d}",
                details=details,
            )
        if progress is not None:
            progress(1.0)
        return written

    # Exports -------------------------------------------------------------------------------

    def export_file_name(
        self, date_from: dt.date, date_to: dt.date, fmt: ExportFormat | str, *, district: bool = False
    ) -> str:
        from kiosk.exports import ExportFormat, default_file_name

        return default_file_name(self.station, date_from, date_to, ExportFormat(fmt), district=district)

    def export(
        self,
        who: StaffSession,
        *,
        date_from: dt.date,
        date_to: dt.date,
        fmt: ExportFormat | str,
        path: Path,
        full_id: bool = False,
        thai_digits: bool = False,
        progress: Callable[[float], None] | None = None,
        cancel: threading.Event | None = None,
        district: bool = False,
    ) -> ExportResult:
        """Write the register of a period to ``path`` (a worker's job); a full-ID export is audited.

        Only a supervisor may take the full IDs out, or read the whole district's register from
        the hub (``district``: run it on the network worker; raises SyncError when the hub cannot
        be read). ``cancel.set()`` stops it with ExportCancelled.
        """
        from kiosk.exports import DistrictRegister, export_register

        if full_id:
            _supervisor_only(who)
        with contextlib.ExitStack() as stack:
            source = None
            if district:
                source = DistrictRegister(stack.enter_context(self._reading_district(who)), self.station.zone)
            # The local session takes SQLite's write lock only at its first statement: for the
            # district, the audit line at the end, not while the hub is read.
            session = stack.enter_context(self.db.write())
            return export_register(
                session,
                self.station,
                date_from=date_from,
                date_to=date_to,
                fmt=fmt,
                path=path,
                actor=who.name,
                full_id=full_id,
                thai_digits=thai_digits,
                progress=progress,
                cancelled=cancel.is_set if cancel is not None else None,
                source=source,
            )

    # The district hub, read by a supervisor -------------------------------------------------

    @property
    def district_available(self) -> bool:
        """Whether a district hub URL to read the whole district is configured (``$KIOSK_DISTRICT_URL``)."""
        return bool(self.options.district_url)

    @contextlib.contextmanager
    def _reading_district(self, who: StaffSession) -> Iterator[DistrictReader]:
        from kiosk.district import DistrictError, reading_district
        from kiosk.sync import SyncError

        _supervisor_only(who)
        if not self.options.district_url:
            raise SyncError(
                "district.not_configured",
                "ยังไม่ได้ตั้งค่าที่อยู่ฐานข้อมูลของอำเภอ จึงอ่านข้อมูลทั้งอำเภอไม่ได้",
                "no district hub URL to read: set $KIOSK_DISTRICT_URL to the hub's admin or reporting URL "
                "(this station's sync.url reads only its own visits)",
            )
        with contextlib.ExitStack() as stack:
            try:
                hub = stack.enter_context(
                    reading_district(self.options.district_url, sync=self.options.sync, whole_district=True)
                )
            except DistrictError as exc:
                raise SyncError(
                    "district.station_role",
                    "ที่อยู่ฐานข้อมูลนี้อ่านได้เฉพาะข้อมูลของจุดบริการเดียว ต้องใช้ที่อยู่ของผู้ดูแลหรือสำหรับรายงานของอำเภอ",
                    str(exc),
                ) from None
            yield hub

    # Sync ----------------------------------------------------------------------------------

    def sync_status(self) -> SyncStatus:
        from kiosk.sync import sync_status

        with self.db.read() as session:
            return sync_status(session)

    def sync_now(
        self,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncResult:
        """Send the register to the district hub now (network worker); raises SyncError."""
        from kiosk.sync import SyncError, sync_to_district

        if not self.options.sync_url:
            raise SyncError(
                "sync.not_configured",
                "ยังไม่ได้ตั้งค่าการส่งข้อมูลไปอำเภอ (sync.url)",
                "no district hub configured: set sync.url in kiosk.toml",
            )
        return sync_to_district(
            self.db, self.station, self.options.sync_url, sync=self.options.sync, progress=progress, cancel=cancel
        )
