"""The district hub on PostgreSQL: its schema, one least-privilege role per station, and its reports.

Every station logs in with its own role. Row-level security, forced on every hub table, lets a
station insert and update only rows carrying its own ``station_id`` and read nothing of other
stations; nobody but the owner may delete. The district reads everything through the admin
URL or the reporting role.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Executable, Result, RowMapping, func, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kiosk.config import SyncConfig
from kiosk.models import IdMethod, Lane, VisitResult, VisitStatus
from kiosk.register import VisitRecord
from kiosk.sync.errors import SyncError, map_error, where
from kiosk.sync.hub import connect_hub, hub_station, hub_sync_log, hub_url, hub_visit
from kiosk.validation import VisitorGroup, mask_national_id

HUB_SCHEMA_VERSION = 4
_BAD_URL_TH = "ที่อยู่ฐานข้อมูลของอำเภอไม่ถูกต้อง"
_LOCK_KEY = 0x6B696F736B  # "kiosk": one `district init` at a time
_STATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
_MAX_IDENT = 63


class DistrictError(Exception):
    """A hub operation that cannot be done as asked; the message names no password."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def role_name(database: str, suffix: str) -> str:
    """A cluster-wide role name scoped by the hub database: ``register_st_kiosk_01``."""
    name = re.sub(r"[^a-z0-9_]", "_", f"{database}_{suffix}".lower())
    if len(name) > _MAX_IDENT:
        name = name[: _MAX_IDENT - 9] + "_" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return name


@dataclass(frozen=True)
class Roles:
    database: str
    stations: str  # NOLOGIN group holding the stations' privileges
    report: str  # LOGIN role that reads everything

    @classmethod
    def of(cls, database: str) -> Roles:
        return cls(database, role_name(database, "stations"), role_name(database, "report"))

    def station(self, station_id: str) -> str:
        return role_name(self.database, "st_" + station_id)


# Schema migrations of the hub, in order; each runs once, in the same transaction as its bookkeeping.

_ME = "(SELECT s.station_id FROM hub_station s WHERE s.role_name = current_user)"


def _v1(r: Roles) -> list[str]:
    st, rep = _ident(r.stations), _ident(r.report)
    ddl = [
        """CREATE TABLE hub_station (
            station_id varchar(40) PRIMARY KEY,
            role_name varchar(63) NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            password_rotated_at timestamptz NOT NULL DEFAULT now()
        )""",
        """CREATE TABLE hub_service (
            station_id varchar(40) NOT NULL REFERENCES hub_station (station_id),
            code varchar(40) NOT NULL,
            name_th varchar(200) NOT NULL,
            name_en varchar(200) NOT NULL,
            owner_th varchar(200) NOT NULL,
            url varchar(500) NOT NULL,
            active boolean NOT NULL,
            display_order integer NOT NULL,
            updated_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (station_id, code)
        )""",
        """CREATE TABLE hub_visit (
            id uuid PRIMARY KEY,
            station_id varchar(40) NOT NULL REFERENCES hub_station (station_id),
            version integer NOT NULL CHECK (version >= 1),
            created_at timestamptz NOT NULL,
            local_day date NOT NULL,
            ticket varchar(8) NOT NULL DEFAULT '',
            lane varchar(1),
            full_name varchar(100),
            national_id varchar(13),
            phone varchar(15),
            phone_consent boolean NOT NULL,
            id_method varchar(20) NOT NULL,
            visitor_group varchar(20) NOT NULL,
            service_code varchar(40) NOT NULL,
            service_name_th varchar(200) NOT NULL,
            service_name_en varchar(200) NOT NULL,
            owner_th varchar(200) NOT NULL,
            status varchar(20) NOT NULL,
            result varchar(20),
            result_reason varchar(300) NOT NULL,
            officer_name varchar(100),
            note varchar(500) NOT NULL,
            called_at timestamptz,
            finished_at timestamptz,
            survey_slip_printed_at timestamptz,
            survey_answered boolean NOT NULL,
            rating_score integer,
            rating_max integer,
            rated_at timestamptz,
            purged_at timestamptz,
            updated_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now()
        )""",
        "CREATE INDEX ix_hub_visit_local_day ON hub_visit (local_day)",
        "CREATE INDEX ix_hub_visit_station_day ON hub_visit (station_id, local_day)",
        """CREATE TABLE hub_sync_log (
            id bigserial PRIMARY KEY,
            station_id varchar(40) NOT NULL REFERENCES hub_station (station_id),
            started_at timestamptz NOT NULL,
            finished_at timestamptz NOT NULL,
            rows_sent integer NOT NULL,
            rows_applied integer NOT NULL,
            client varchar(80) NOT NULL
        )""",
        "CREATE INDEX ix_hub_sync_log_station ON hub_sync_log (station_id, finished_at)",
        # Least privilege: nobody but the listed roles may connect; nobody creates objects in public.
        f"REVOKE ALL ON DATABASE {_ident(r.database)} FROM PUBLIC",
        f"GRANT CONNECT ON DATABASE {_ident(r.database)} TO {st}, {rep}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {st}, {rep}",
        f"GRANT SELECT ON hub_station TO {st}",
        f"GRANT SELECT, INSERT, UPDATE ON hub_visit, hub_service TO {st}",
        f"GRANT SELECT, INSERT ON hub_sync_log TO {st}",
        f"GRANT USAGE ON SEQUENCE hub_sync_log_id_seq TO {st}",
        f"GRANT SELECT ON hub_station, hub_visit, hub_service, hub_sync_log TO {rep}",
    ]
    for table in ("hub_station", "hub_service", "hub_visit", "hub_sync_log"):
        ddl += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_admin ON {table} TO CURRENT_USER USING (true) WITH CHECK (true)",
            f"CREATE POLICY {table}_report ON {table} FOR SELECT TO {rep} USING (true)",
        ]
    ddl.append(f"CREATE POLICY hub_station_self ON hub_station FOR SELECT TO {st} USING (role_name = current_user)")
    for table in ("hub_service", "hub_visit", "hub_sync_log"):
        ddl += [
            f"CREATE POLICY {table}_own_read ON {table} FOR SELECT TO {st} USING (station_id = {_ME})",
            f"CREATE POLICY {table}_own_insert ON {table} FOR INSERT TO {st} WITH CHECK (station_id = {_ME})",
        ]
    for table in ("hub_service", "hub_visit"):
        ddl.append(
            f"CREATE POLICY {table}_own_update ON {table} FOR UPDATE TO {st} "
            f"USING (station_id = {_ME}) WITH CHECK (station_id = {_ME})"
        )
    return ddl


def _v2(_r: Roles) -> list[str]:
    # Versions are hybrid-logical-clock values (kiosk.models.next_version), microseconds since the epoch.
    return ["ALTER TABLE hub_visit ALTER COLUMN version TYPE bigint"]


def _v3(r: Roles) -> list[str]:
    """One row per station that only that station's role can see and lock: the sync's lock.

    An advisory lock can be taken by any role that can connect, so one station could stop
    another's sync by taking its key. A row lock needs the row, and row-level security shows a
    station its own row only (``SELECT … FOR UPDATE NOWAIT`` in :mod:`kiosk.sync.engine`).
    """
    st, rep = _ident(r.stations), _ident(r.report)
    return [
        """CREATE TABLE hub_sync_lock (
            station_id varchar(40) PRIMARY KEY REFERENCES hub_station (station_id),
            locked_at timestamptz,
            client varchar(80) NOT NULL DEFAULT ''
        )""",
        "INSERT INTO hub_sync_lock (station_id) SELECT station_id FROM hub_station",
        f"GRANT SELECT, UPDATE ON hub_sync_lock TO {st}",
        f"GRANT SELECT ON hub_sync_lock TO {rep}",
        "ALTER TABLE hub_sync_lock ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE hub_sync_lock FORCE ROW LEVEL SECURITY",
        "CREATE POLICY hub_sync_lock_admin ON hub_sync_lock TO CURRENT_USER USING (true) WITH CHECK (true)",
        f"CREATE POLICY hub_sync_lock_report ON hub_sync_lock FOR SELECT TO {rep} USING (true)",
        f"CREATE POLICY hub_sync_lock_own_read ON hub_sync_lock FOR SELECT TO {st} USING (station_id = {_ME})",
        f"CREATE POLICY hub_sync_lock_own_update ON hub_sync_lock FOR UPDATE TO {st} "
        f"USING (station_id = {_ME}) WITH CHECK (station_id = {_ME})",
    ]


def _v4(r: Roles) -> list[str]:
    """Stations may make temporary tables: a sync COPYs each batch into one, then upserts from it.

    Temporary tables live in the session's own schema, die with the connection and hold nothing
    of another station's; the stations still create nothing in ``public``.
    """
    return [f"GRANT TEMPORARY ON DATABASE {_ident(r.database)} TO {_ident(r.stations)}"]


_MIGRATIONS = ((1, _v1), (2, _v2), (3, _v3), (4, _v4))


# Initialising ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """How one station (or the reporting role) connects; shown once, never stored by the hub."""

    station_id: str  # "" for the reporting role
    role: str
    password: str
    host: str
    port: int
    database: str
    sslmode: str

    @property
    def url(self) -> str:
        return URL.create(
            "postgresql",
            username=self.role,
            password=self.password,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)

    def as_toml(self) -> str:
        """The ``[sync]`` section to paste into the station's kiosk.toml."""
        return f'[sync]\nurl = "{self.url}"\nsslmode = "{self.sslmode}"\n'


@dataclass(frozen=True)
class HubInit:
    database: str
    schema_from: int
    schema_to: int
    credentials: tuple[Credentials, ...]


def _existing_roles(conn: Connection, names: Sequence[str]) -> set[str]:
    rows = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"), {"names": list(names)})
    return {str(r[0]) for r in rows}


def _scram(conn: Connection, role: str, password: str) -> str:
    """The SCRAM verifier, computed here so the clear password never reaches the server or its logs."""
    raw: Any = conn.connection.dbapi_connection
    verifier: bytes = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return verifier.decode()


def _login_role(conn: Connection, role: str, group: str | None, exists: bool) -> str:
    password = secrets.token_urlsafe(24)
    verifier = _literal(_scram(conn, role, password))
    limits = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 4"
    if exists:
        conn.exec_driver_sql(f"ALTER ROLE {_ident(role)} WITH {limits} PASSWORD {verifier}")
    else:
        conn.exec_driver_sql(f"CREATE ROLE {_ident(role)} WITH {limits} PASSWORD {verifier}")
    if group:
        conn.exec_driver_sql(f"GRANT {_ident(group)} TO {_ident(role)}")
    return password


def _schema_version(conn: Connection) -> int:
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS hub_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL "
        "DEFAULT now())"
    )
    return int(conn.exec_driver_sql("SELECT coalesce(max(version), 0) FROM hub_schema_version").scalar_one())


def check_station_id(station_id: str) -> str:
    if not _STATION_ID.fullmatch(station_id):
        raise DistrictError(
            f"bad station id {station_id!r}: 1–40 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return station_id


def init_hub(
    admin_url: str,
    *,
    stations: Sequence[str] = (),
    reporting: bool = False,
    public_host: str | None = None,
    sync: SyncConfig | None = None,
) -> HubInit:
    """Create or migrate the hub schema, and create or rotate the roles of ``stations`` (and the reporting role).

    Everything happens in one transaction: a failure leaves the hub as it was. The returned
    credentials hold the new passwords; they exist nowhere else.
    """
    sync = sync or SyncConfig()
    for station_id in stations:
        check_station_id(station_id)
    parsed = hub_url(admin_url)
    engine = connect_hub(parsed, sync=sync)
    try:
        with engine.begin() as conn:
            database = str(conn.exec_driver_sql("SELECT current_database()").scalar_one())
            roles = Roles.of(database)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            existing = _existing_roles(conn, [roles.stations, roles.report])
            if roles.stations not in existing:
                conn.exec_driver_sql(f"CREATE ROLE {_ident(roles.stations)} NOLOGIN")
            if roles.report not in existing:
                conn.exec_driver_sql(f"CREATE ROLE {_ident(roles.report)} NOLOGIN")
            before = _schema_version(conn)
            if before > HUB_SCHEMA_VERSION:
                raise DistrictError(
                    f"the hub schema is at version {before}, newer than this kiosk software knows "
                    f"({HUB_SCHEMA_VERSION}); upgrade the software first"
                )
            for version, ddl in _MIGRATIONS:
                if version > before:
                    for statement in ddl(roles):
                        conn.exec_driver_sql(statement)
                    conn.exec_driver_sql(f"INSERT INTO hub_schema_version (version) VALUES ({version})")
            host = public_host or parsed.host or "localhost"
            port = parsed.port or 5432
            issued: list[Credentials] = []
            for station_id in stations:
                issued.append(_station_role(conn, roles, station_id, host, port, sync.sslmode))
            if reporting:
                password = _login_role(conn, roles.report, None, exists=True)
                issued.append(Credentials("", roles.report, password, host, port, database, sync.sslmode))
    except (SQLAlchemyError, OSError) as exc:
        error = map_error(exc, admin_url)
        raise DistrictError(error.en) from None
    finally:
        engine.dispose()
    return HubInit(database=database, schema_from=before, schema_to=HUB_SCHEMA_VERSION, credentials=tuple(issued))


def _station_role(conn: Connection, roles: Roles, station_id: str, host: str, port: int, sslmode: str) -> Credentials:
    role = roles.station(station_id)
    owner = conn.execute(select(hub_station.c.station_id).where(hub_station.c.role_name == role)).scalar()
    if owner is not None and owner != station_id:
        raise DistrictError(f"station ids {owner!r} and {station_id!r} map to the same role {role!r}; rename one")
    password = _login_role(conn, role, roles.stations, exists=bool(_existing_roles(conn, [role])))
    conn.execute(
        text(
            "INSERT INTO hub_station (station_id, role_name) VALUES (:station_id, :role) "
            "ON CONFLICT (station_id) DO UPDATE SET role_name = EXCLUDED.role_name, password_rotated_at = now()"
        ),
        {"station_id": station_id, "role": role},
    )
    if conn.scalar(text("SELECT to_regclass('hub_sync_lock') IS NOT NULL")):  # schema 3 on
        conn.execute(
            text("INSERT INTO hub_sync_lock (station_id) VALUES (:station_id) ON CONFLICT (station_id) DO NOTHING"),
            {"station_id": station_id},
        )
    return Credentials(station_id, role, password, host, port, roles.database, sslmode)


# Reading the whole district ---------------------------------------------------------------


def _record(row: RowMapping) -> VisitRecord:
    return VisitRecord(
        id=row["id"],
        station_id=row["station_id"],
        created_at=row["created_at"].astimezone(dt.UTC),
        local_day=row["local_day"],
        ticket=row["ticket"],
        lane=Lane(row["lane"]) if row["lane"] else None,
        full_name=row["full_name"],
        national_id_masked=mask_national_id(row["national_id"]),
        phone=row["phone"],
        id_method=IdMethod(row["id_method"]),
        group=VisitorGroup(row["visitor_group"]),
        service_code=row["service_code"],
        service_name_th=row["service_name_th"],
        service_name_en=row["service_name_en"],
        owner_th=row["owner_th"],
        status=VisitStatus(row["status"]),
        result=VisitResult(row["result"]) if row["result"] else None,
        result_reason=row["result_reason"],
        officer_name=row["officer_name"],
        note=row["note"],
        called_at=row["called_at"].astimezone(dt.UTC) if row["called_at"] else None,
        finished_at=row["finished_at"].astimezone(dt.UTC) if row["finished_at"] else None,
        survey_slip_printed=row["survey_slip_printed_at"] is not None,
        survey_answered=row["survey_answered"],
        rating_score=row["rating_score"],
        rating_max=row["rating_max"],
        purged=row["purged_at"] is not None,
        version=row["version"],
    )


@dataclass(frozen=True)
class DistrictVisit:
    """A visit as the hub keeps it: the record (ID masked), and the full ID only when it was asked for."""

    record: VisitRecord
    national_id: str | None = None


def _in_period(date_from: dt.date, date_to: dt.date, stations: Sequence[str] | None) -> list[ColumnElement[bool]]:
    where = [hub_visit.c.local_day >= date_from, hub_visit.c.local_day <= date_to]
    if stations:
        where.append(hub_visit.c.station_id.in_(list(stations)))
    return where


class DistrictReader:
    """One read-only connection to the hub for a report or an export; errors come out as :class:`SyncError`.

    Open it with :func:`reading_district`. Visits stream from a server-side cursor, so a
    district's year does not have to fit in memory at once.
    """

    def __init__(self, conn: Connection, url: str) -> None:
        self._conn = conn
        self._url = url

    @property
    def server(self) -> str:
        """``host:port/database`` of the hub, for messages: never the password."""
        return where(self._url)

    def execute(self, statement: Executable) -> Result[*tuple[Any, ...]]:
        try:
            return self._conn.execute(statement)
        except SQLAlchemyError as exc:
            raise map_error(exc, self._url) from None

    def role_station(self) -> str | None:
        """The station whose role this connection logged in as, or None for the admin and reporting roles."""
        query = select(hub_station.c.station_id).where(hub_station.c.role_name == func.current_user())
        found = self.execute(query).scalar()
        return None if found is None else str(found)

    def station_ids(self) -> list[str]:
        """Every station the hub knows (that this role may see), synced or not."""
        query = select(hub_station.c.station_id).order_by(hub_station.c.station_id)
        return [str(s) for s in self.execute(query).scalars()]

    def count(self, date_from: dt.date, date_to: dt.date, *, stations: Sequence[str] | None = None) -> int:
        query = select(func.count()).select_from(hub_visit).where(*_in_period(date_from, date_to, stations))
        return int(self.execute(query).scalar_one())

    def visits(
        self,
        date_from: dt.date,
        date_to: dt.date,
        *,
        stations: Sequence[str] | None = None,
        full_ids: bool = False,
        batch: int = 2000,
    ) -> Iterator[DistrictVisit]:
        """The visits between two local days (both included), in order of arrival, then station."""
        query = (
            select(hub_visit)
            .where(*_in_period(date_from, date_to, stations))
            .order_by(hub_visit.c.created_at, hub_visit.c.station_id, hub_visit.c.id)
            .execution_options(yield_per=batch)
        )
        rows = self.execute(query).mappings()
        try:
            for row in rows:
                yield DistrictVisit(_record(row), row["national_id"] if full_ids else None)
        except SQLAlchemyError as exc:
            raise map_error(exc, self._url) from None
        finally:
            rows.close()


def _hub_engine(url: str, sync: SyncConfig | None) -> Engine:
    expected = "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is not a number is a ValueError
        raise SyncError("bad_url", _BAD_URL_TH, f"the district URL cannot be parsed; {expected}") from None
    if parsed.get_backend_name() != "postgresql":
        raise SyncError(
            "bad_url",
            _BAD_URL_TH,
            f"the district hub must be PostgreSQL, not {parsed.get_backend_name()} "
            f"({parsed.render_as_string(hide_password=True)}); {expected}",
        )
    return connect_hub(parsed, sync=sync)


@contextlib.contextmanager
def reading_district(
    url: str, *, sync: SyncConfig | None = None, whole_district: bool = False
) -> Iterator[DistrictReader]:
    """A :class:`DistrictReader` on ``url``; the connection is closed when the block ends.

    With ``whole_district`` a station's own role is refused (:class:`DistrictError`): it
    would see only its own visits, and a report titled "all stations" would be wrong.
    """
    engine = _hub_engine(url, sync)
    try:
        try:
            conn = engine.connect()
        except (SQLAlchemyError, OSError) as exc:
            raise map_error(exc, url) from None
        with conn:
            reader = DistrictReader(conn, url)
            if whole_district:
                station_id = reader.role_station()
                if station_id is not None:
                    user = conn.engine.url.username
                    raise DistrictError(
                        f"user {user!r} is the hub role of station {station_id!r}, which reads only its own "
                        "visits; use the hub's admin URL or its reporting role (kiosk district init --reporting)"
                    )
            yield reader
    finally:
        engine.dispose()


def district_visits(
    url: str,
    date_from: dt.date,
    date_to: dt.date,
    *,
    stations: Sequence[str] | None = None,
    sync: SyncConfig | None = None,
) -> list[VisitRecord]:
    """The district's register between two local days (both included), all stations merged.

    Read with the admin URL or the reporting role; a station's own role sees only its rows.
    Records are in order of arrival, then station; ``station_id`` tells the stations apart.
    """
    with reading_district(url, sync=sync) as hub:
        return [visit.record for visit in hub.visits(date_from, date_to, stations=stations)]


@dataclass(frozen=True)
class HubStation:
    station_id: str
    role: str
    visits: int
    last_sync_at: dt.datetime | None
    last_rows_sent: int


def district_stations(url: str, *, sync: SyncConfig | None = None) -> list[HubStation]:
    """Every station known to the hub, with its number of visits and its last sync."""
    counts = select(hub_visit.c.station_id, func.count().label("visits")).group_by(hub_visit.c.station_id).subquery()
    newest_first = func.row_number().over(
        partition_by=hub_sync_log.c.station_id, order_by=(hub_sync_log.c.finished_at.desc(), hub_sync_log.c.id.desc())
    )
    runs = select(
        hub_sync_log.c.station_id, hub_sync_log.c.finished_at, hub_sync_log.c.rows_sent, newest_first.label("n")
    ).subquery()
    last = select(runs.c.station_id, runs.c.finished_at, runs.c.rows_sent).where(runs.c.n == 1).subquery()
    query = (
        select(
            hub_station.c.station_id,
            hub_station.c.role_name,
            func.coalesce(counts.c.visits, 0),
            last.c.finished_at,
            func.coalesce(last.c.rows_sent, 0),
        )
        .outerjoin(counts, counts.c.station_id == hub_station.c.station_id)
        .outerjoin(last, last.c.station_id == hub_station.c.station_id)
        .order_by(hub_station.c.station_id)
    )
    engine = connect_hub(url, sync=sync)
    try:
        with engine.connect() as conn:
            return [
                HubStation(str(sid), str(role), int(n), at.astimezone(dt.UTC) if at else None, int(rows))
                for sid, role, n, at, rows in conn.execute(query)
            ]
    except (SQLAlchemyError, OSError) as exc:
        raise map_error(exc, url) from None
    finally:
        engine.dispose()


__all__ = [
    "HUB_SCHEMA_VERSION",
    "Credentials",
    "DistrictError",
    "DistrictReader",
    "DistrictVisit",
    "HubInit",
    "HubStation",
    "SyncError",
    "check_station_id",
    "district_stations",
    "district_visits",
    "init_hub",
    "reading_district",
    "role_name",
]
