"""The officer's queue: today's tickets by state, calling the next visitor, serving, recording the outcome."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk import printing, register
from kiosk.app.context import Context, Work, operation
from kiosk.app.records import DayClosure, day_closure
from kiosk.models import Lane, VisitResult, VisitStatus
from kiosk.register import VisitorDetails, VisitRecord
from kiosk.staff import StaffSession


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


def calling_order(waiting: Iterable[VisitRecord]) -> list[VisitRecord]:
    """Waiting visitors in the order :func:`kiosk.register.call_next` takes them: priority lane first."""
    return sorted(waiting, key=lambda v: (v.lane is not Lane.PRIORITY, v.created_at, v.ticket))


@operation(Work.WRITE)
def view(app: Context) -> QueueView:
    day = app.station.today()
    with app.db.read() as session:
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


@operation(Work.WRITE)
def call_next(app: Context, who: StaffSession) -> VisitRecord | None:
    """The next visitor by the lane rule, or None when nobody waits; called to this station's desk.

    The call, a recall and a no-show are logged for the waiting-room displays (:mod:`kiosk.board`).
    """
    return app.write(
        lambda session: register.call_next(session, app.station, officer_id=who.id, desk=app.config.station.desk)
    )


@operation(Work.WRITE)
def recall(app: Context, visit_id: uuid.UUID) -> VisitRecord:
    return app.write(lambda session: register.recall(session, app.station, visit_id, desk=app.config.station.desk))


@operation(Work.WRITE)
def start(app: Context, who: StaffSession, visit_id: uuid.UUID) -> VisitRecord:
    return app.write(lambda session: register.start_service(session, app.station, visit_id, officer_id=who.id))


@operation(Work.WRITE)
def no_show(app: Context, visit_id: uuid.UUID) -> VisitRecord:
    return app.write(
        lambda session: register.mark_no_show(session, app.station, visit_id, desk=app.config.station.desk)
    )


@operation(Work.WRITE)
def finish(
    app: Context, who: StaffSession, visit_id: uuid.UUID, *, result: VisitResult, reason: str = "", note: str = ""
) -> VisitRecord:
    """Record the outcome (ผลการให้บริการ); raises ValidationError for a missing reason."""
    return app.write(
        lambda session: register.record_outcome(
            session, app.station, visit_id, result=result, officer_id=who.id, reason=reason, note=note
        )
    )


@operation(Work.WRITE)
def complete(
    app: Context, who: StaffSession, visit_id: uuid.UUID, details: VisitorDetails, *, from_card: bool = False
) -> VisitRecord:
    """Fill in who the visitor is, for a visitor who left it to the officer (``from_card``: read from the ID card)."""
    return app.write(
        lambda session: register.complete_registration(
            session, app.station, visit_id, actor=who.name, details=details, from_card=from_card
        )
    )
