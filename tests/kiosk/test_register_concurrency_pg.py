"""The register under concurrent writers on PostgreSQL: separate connections, real commits.

These cannot run inside the savepoint of ``any_db`` (one connection, nothing committed), so
each test migrates a fresh ``pg_database``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from kiosk import register as reg
from kiosk.db import Database
from kiosk.models import IdMethod, Officer, QueueCounter
from kiosk.station import Station
from kiosk.validation import VisitorGroup
from tests.databases import migrated

pytestmark = pytest.mark.postgres

THREADS = 2
EACH = 25


@pytest.fixture
def pg_db(pg_database: str) -> Iterator[Database]:
    database = migrated(pg_database)
    yield database
    database.dispose()


def run_together(work: Callable[[int], list[str]]) -> list[list[str]]:
    """Run ``work(i)`` in THREADS threads released at the same moment; re-raise the first failure."""
    barrier = threading.Barrier(THREADS)
    results: list[list[str]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    if errors:
        raise errors[0]
    return results


def test_two_writers_never_get_the_same_queue_number(pg_db: Database, station: Station) -> None:
    def register_many(i: int) -> list[str]:
        labels = []
        for _ in range(EACH):  # one transaction, committed, per visitor
            if i % 2:  # the touchscreen's way, on a plain Connection; the staff's, in a Session
                with pg_db.write_core() as connection:
                    ticket = reg.register_visit_on(
                        connection,
                        station,
                        service_code="thaid",
                        group=VisitorGroup.GENERAL,
                        id_method=IdMethod.OFFICER,
                    )
            else:
                with pg_db.write() as session:
                    ticket = reg.register_visit(
                        session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
                    )
            labels.append(ticket.label)
        return labels

    results = run_together(register_many)
    issued = [label for labels in results for label in labels]
    assert sorted(issued) == [f"A{n:03d}" for n in range(1, THREADS * EACH + 1)]
    for labels in results:  # each writer sees its own numbers rise
        assert labels == sorted(labels)
    with pg_db.read() as session:
        assert session.scalars(select(QueueCounter.last_number)).all() == [THREADS * EACH]


def test_two_officers_never_call_the_same_visitor(pg_db: Database, station: Station) -> None:
    with pg_db.write() as session:
        for _ in range(THREADS * EACH):
            reg.register_visit(
                session, station, service_code="thaid", group=VisitorGroup.GENERAL, id_method=IdMethod.OFFICER
            )
        officers = [Officer(id=uuid.uuid4(), name=f"เจ้าหน้าที่ {i + 1}") for i in range(THREADS)]
        session.add_all(officers)
    officer_ids = [officer.id for officer in officers]

    def call_all(i: int) -> list[str]:
        called: list[str] = []
        while True:
            with pg_db.write() as session:  # one officer's press of "next", committed
                record = reg.call_next(session, station, officer_id=officer_ids[i])
            if record is None:
                return called
            called.append(record.ticket)

    results = run_together(call_all)
    called = [label for labels in results for label in labels]
    assert sorted(called) == [f"A{n:03d}" for n in range(1, THREADS * EACH + 1)]  # each exactly once
    with pg_db.read() as session:
        by_officer = {record.ticket: record.officer_name for record in reg.day_log(session, station.today())}
    for i, labels in enumerate(results):
        assert all(by_officer[label] == f"เจ้าหน้าที่ {i + 1}" for label in labels)
