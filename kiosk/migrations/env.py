"""Alembic environment: the engine comes from the caller (kiosk.db.upgrade)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kiosk.db import include_object
from kiosk.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no engine given to the migrations")
        engine = create_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw = connection.connection.dbapi_connection if sqlite else None
        if raw is not None:
            # Batch migrations rebuild a table (SQLite's 12-step ALTER TABLE): with foreign keys
            # on, dropping the old visit table fails while tickets point at it. The pragma only
            # takes effect outside a transaction, so it is set before ours begins; the keys are
            # checked before commit instead (https://www.sqlite.org/lang_altertable.html).
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left rows pointing nowhere (rolled back): {broken[:5]}")
            connection.commit()
        finally:
            if raw is not None:
                connection.rollback()
                raw.execute("PRAGMA foreign_keys=ON")


run_migrations_online()
