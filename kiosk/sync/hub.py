"""The district hub's tables as the kiosk sees them, and how to connect to the hub safely."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
    create_engine,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from kiosk.config import SyncConfig

hub_metadata = MetaData()

TS = DateTime(timezone=True)

# One row per visit of every station of the district; created by kiosk.district (its DDL is the truth).
hub_visit = Table(
    "hub_visit",
    hub_metadata,
    Column("id", Uuid, primary_key=True),
    Column("station_id", String(40), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("local_day", Date, nullable=False),
    Column("ticket", String(8), nullable=False),
    Column("lane", String(1)),
    Column("full_name", String(100)),
    Column("national_id", String(13)),
    Column("phone", String(15)),
    Column("phone_consent", Boolean, nullable=False),
    Column("id_method", String(20), nullable=False),
    Column("visitor_group", String(20), nullable=False),
    Column("service_code", String(40), nullable=False),
    Column("service_name_th", String(200), nullable=False),
    Column("service_name_en", String(200), nullable=False),
    Column("owner_th", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("result", String(20)),
    Column("result_reason", String(300), nullable=False),
    Column("officer_name", String(100)),
    Column("note", String(500), nullable=False),
    Column("called_at", TS),
    Column("finished_at", TS),
    Column("survey_slip_printed_at", TS),
    Column("survey_answered", Boolean, nullable=False),
    Column("rating_score", Integer),
    Column("rating_max", Integer),
    Column("rated_at", TS),
    Column("purged_at", TS),
    Column("updated_at", TS, nullable=False),
    Column("received_at", TS, nullable=False),
)

# Each station's service catalogue as it was at its last sync (names may be edited locally).
hub_service = Table(
    "hub_service",
    hub_metadata,
    Column("station_id", String(40), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("name_th", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("owner_th", String(200), nullable=False),
    Column("url", String(500), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("display_order", Integer, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("received_at", TS, nullable=False),
)

# One row per finished sync run: when, how much, which client.
hub_sync_log = Table(
    "hub_sync_log",
    hub_metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("station_id", String(40), nullable=False),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS, nullable=False),
    Column("rows_sent", Integer, nullable=False),
    Column("rows_applied", Integer, nullable=False),
    Column("client", String(80), nullable=False),
)

# Which database role is which station; read by the row-level security policies.
hub_station = Table(
    "hub_station",
    hub_metadata,
    Column("station_id", String(40), primary_key=True),
    Column("role_name", String(63), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
    Column("password_rotated_at", TS, nullable=False),
)

# One row per station, visible and lockable by that station's role only (hub schema version 3).
hub_sync_lock = Table(
    "hub_sync_lock",
    hub_metadata,
    Column("station_id", String(40), primary_key=True),
    Column("locked_at", TS),
    Column("client", String(80), nullable=False),
)

CONNECT_TIMEOUT_S = 10
# A silent network drop is noticed in about a minute instead of TCP's two hours; a statement the
# server does not finish is cancelled by the server; a sync that hangs holding its station's lock
# loses it after ten idle minutes.
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 20, "keepalives_interval": 10, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 60_000
STATEMENT_TIMEOUT_MS = 120_000
LOCK_TIMEOUT_MS = 30_000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 600_000


def hub_url(url: str | URL) -> URL:
    """The URL with the psycopg 3 driver (``postgresql://`` would pick psycopg2)."""
    if isinstance(url, str) and url.startswith("postgres://"):  # libpq's short form
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"the district hub must be PostgreSQL, not {parsed.get_backend_name()}")
    return parsed.set(drivername="postgresql+psycopg")


def connect_hub(
    url: str | URL, *, sync: SyncConfig | None = None, connect_timeout: int = CONNECT_TIMEOUT_S, **kwargs: Any
) -> Engine:
    """An engine for the hub with the configured TLS settings; settings in the URL itself win.

    No pool: a sync is a short burst once a night, and a server restarted in between must not
    leave dead connections behind.
    """
    sync = sync or SyncConfig()
    parsed = hub_url(url)
    connect_args: dict[str, Any] = {
        "connect_timeout": connect_timeout,
        "application_name": "kiosk-sync",
        **KEEPALIVE,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }
    if "options" not in parsed.query:
        connect_args["options"] = (
            f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
        )
    if "sslmode" not in parsed.query:
        connect_args["sslmode"] = sync.sslmode
    if sync.sslrootcert and "sslrootcert" not in parsed.query:
        connect_args["sslrootcert"] = sync.sslrootcert
    connect_args.update(kwargs.pop("connect_args", {}))
    kwargs.setdefault("poolclass", NullPool)
    return create_engine(parsed, connect_args=connect_args, hide_parameters=True, **kwargs)
