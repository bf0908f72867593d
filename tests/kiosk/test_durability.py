"""Queue numbers never repeat across threads and processes; committed visits survive SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.db import Database
from kiosk.models import IdMethod, Visit
from kiosk.register import register_visit, register_visit_on
from kiosk.station import Station
from kiosk.validation import VisitorGroup

# Threads, processes and SIGKILLs: seconds each (make test-fast leaves them out).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _register_many(db: Database, station: Station, groups: list[VisitorGroup], out: list[str]) -> None:
    for i, group in enumerate(groups):
        if i % 2:  # the touchscreen's way, on a plain Connection; the staff's, in a Session: both take turns
            with db.write_core() as connection:
                ticket = register_visit_on(
                    connection, station, service_code="thaid", group=group, id_method=IdMethod.OFFICER
                )
        else:
            with db.write() as session:
                ticket = register_visit(session, station, service_code="thaid", group=group, id_method=IdMethod.OFFICER)
        out.append(ticket.label)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(
        st.lists(st.sampled_from([VisitorGroup.GENERAL, VisitorGroup.ELDERLY]), min_size=1, max_size=12),
        min_size=2,
        max_size=5,
    )
)
def test_threads_never_share_a_number(tmp_path_factory: pytest.TempPathFactory, plan: list[list[VisitorGroup]]) -> None:
    path = tmp_path_factory.mktemp("q") / "r.sqlite3"
    from zoneinfo import ZoneInfo

    from kiosk.catalogue import seed_defaults
    from kiosk.db import upgrade

    db = Database(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.write() as session:
        seed_defaults(session)
    station = Station(id="K", zone=ZoneInfo("Asia/Bangkok"))
    results: list[list[str]] = [[] for _ in plan]
    threads = [
        threading.Thread(target=_register_many, args=(db, station, groups, out))
        for groups, out in zip(plan, results, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    labels = [label for out in results for label in out]
    assert len(labels) == len(set(labels))
    wanted = Counter(g for groups in plan for g in groups)
    for lane, group in (("A", VisitorGroup.GENERAL), ("P", VisitorGroup.ELDERLY)):
        numbers = sorted(int(label[1:]) for label in labels if label[0] == lane)
        assert numbers == list(range(1, wanted[group] + 1))  # no gaps, no repeats
    db.dispose()


def _writer(path: Path, count: int, group: str = "general") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.kiosk.writer", str(path), str(count), group],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def test_processes_never_share_a_number(db: Database, db_path: Path) -> None:
    procs = [_writer(db_path, 25, g) for g in ("general", "general", "elderly")]
    outputs = [p.communicate(timeout=120)[0].split("\n") for p in procs]
    assert all(p.returncode == 0 for p in procs)
    labels = [line.split()[0] for out in outputs for line in out if line and line != "ready"]
    assert sorted(labels) == sorted([f"A{i:03d}" for i in range(1, 51)] + [f"P{i:03d}" for i in range(1, 26)])


def test_sigkill_in_a_stream_of_registrations_loses_no_committed_visit(db: Database, db_path: Path) -> None:
    rng = random.Random(20261122)
    committed: list[uuid.UUID] = []
    for _round in range(5):
        proc = _writer(db_path, 100_000)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        for _ in range(rng.randint(5, 60)):
            _label, visit_id = proc.stdout.readline().split()
            committed.append(uuid.UUID(visit_id))
        os.kill(proc.pid, signal.SIGKILL)
        # lines already written to the pipe were committed too
        rest = proc.stdout.read()
        committed += [uuid.UUID(line.split()[1]) for line in rest.splitlines() if line.strip()]
        proc.wait(timeout=30)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with db.read() as session:
            stored = set(session.scalars(select(Visit.id)))
        assert set(committed) <= stored, "a committed visit was lost"
        assert len(stored) - len(committed) <= _round + 1  # at most one in flight per kill
