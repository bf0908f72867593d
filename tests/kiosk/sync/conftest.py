"""A district hub on the real PostgreSQL server, two stations' registers, and how to compare them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, update

from kiosk.db import Database
from kiosk.district import Credentials, init_hub
from kiosk.models import IdMethod, Service, Visit, VisitStatus
from kiosk.station import Station
from kiosk.sync import compare_with_hub, connect_hub
from kiosk.sync.hub import hub_visit
from kiosk.validation import VisitorGroup
from tests.conftest import BANGKOK, FakeClock, new_register
from tests.pg import PgServer

# A valid national ID (check digit 8) used for bulk rows.
NATIONAL_ID = "1101700230708"


@dataclass(frozen=True)
class Hub:
    """A hub database with two station roles and the reporting role."""

    server: PgServer
    admin_url: str
    stations: dict[str, Credentials]
    report: Credentials

    def station_url(self, station_id: str, *, password: str | None = None) -> str:
        cred = self.stations[station_id]
        return self.server.url(cred.database, user=cred.role, password=password or cred.password)


@pytest.fixture
def hub(pg_server: PgServer, pg_database: str) -> Hub:
    result = init_hub(pg_database, stations=["KIOSK-01", "KIOSK-02"], reporting=True)
    creds = {c.station_id: c for c in result.credentials if c.station_id}
    (report,) = [c for c in result.credentials if not c.station_id]
    return Hub(server=pg_server, admin_url=pg_database, stations=creds, report=report)


@pytest.fixture
def admin(hub: Hub) -> Iterator[Engine]:
    engine = connect_hub(hub.admin_url)
    yield engine
    engine.dispose()


@pytest.fixture
def station2(clock: FakeClock) -> Station:
    return Station(id="KIOSK-02", zone=BANGKOK, centre_name="ศูนย์ดำรงธรรมอำเภอพรรณานิคม", clock=clock)


@pytest.fixture
def db2(tmp_path: Path) -> Iterator[Database]:
    """The register of a second kiosk of the same district."""
    with new_register(tmp_path / "kiosk2.sqlite3") as database:
        yield database


def add_visits(
    db: Database,
    station: Station,
    count: int,
    *,
    day: dt.date | None = None,
    service_code: str = "thaid",
    named: bool = True,
) -> list[uuid.UUID]:
    """``count`` finished visits inserted with Core, fast; returns their ids."""
    day = day or station.today()
    now = station.now()
    with db.write() as session:
        service_id = session.scalar(select(Service.id).where(Service.code == service_code))
        ids = [uuid.uuid4() for _ in range(count)]
        rows: list[dict[str, Any]] = [
            {
                "id": visit_id,
                "station_id": station.id,
                "created_at": now + dt.timedelta(seconds=i),
                "local_day": day,
                "full_name": f"ผู้มาติดต่อ {i}" if named else None,
                "national_id": NATIONAL_ID if named else None,
                "id_suffix": NATIONAL_ID[-4:] if named else None,
                "id_method": IdMethod.TYPED if named else IdMethod.OFFICER,
                "group": VisitorGroup.GENERAL,
                "service_id": service_id,
                "status": VisitStatus.DONE,
                "updated_at": now,
            }
            for i, visit_id in enumerate(ids)
        ]
        if rows:
            session.execute(insert(Visit), rows)
    return ids


def forget_acknowledgements(db: Database) -> None:
    """As if every acknowledgement had been lost (a crash after the hub committed)."""
    with db.engine.begin() as conn:
        conn.execute(update(Visit).values(synced_version=0))


def pending(db: Database) -> int:
    with db.read() as session:
        return int(
            session.scalar(select(func.count()).select_from(Visit).where(Visit.version > Visit.synced_version)) or 0
        )


def hub_count(engine: Engine, station_id: str | None = None) -> int:
    query = select(func.count()).select_from(hub_visit)
    if station_id:
        query = query.where(hub_visit.c.station_id == station_id)
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def assert_agree(db: Database, admin: Engine, station_id: str) -> None:
    """Local register and hub hold the same visits at the same versions, row for row."""
    with db.read() as session:
        agreement = compare_with_hub(session, admin, station_id)
    assert agreement.agree, agreement
    assert pending(db) == 0
