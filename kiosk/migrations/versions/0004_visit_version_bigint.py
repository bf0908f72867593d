"""64-bit visit versions, for the hybrid-logical-clock rule of kiosk.models.next_version

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

A visit's version is now at least the microseconds since the Unix epoch of its last change
(about 1.8e15), so a correction made on a kiosk restored from an old backup still outranks
what the district received before. Such numbers need 64 bits: visit.version and
visit.synced_version become BIGINT. On SQLite alembic's batch mode rebuilds the table, which
drops the triggers of the FTS5 name index (migration 0002) and may renumber the rowids the
index follows: the triggers are made again and the index rebuilt. It also drops the table's
planner statistics, gathered again when the database had any.
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("version", "synced_version")


def _retype(old: sa.types.TypeEngine[int], new: sa.types.TypeEngine[int]) -> None:
    with op.batch_alter_table("visit") as batch:
        for column in COLUMNS:
            batch.alter_column(column, existing_type=old, type_=new, existing_nullable=False)
    if op.get_bind().dialect.name == "sqlite":
        name_search = importlib.import_module("kiosk.migrations.versions.0002_visit_name_search")
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name_search.FTS_TABLE}_{suffix}")
        for statement in name_search.CREATE:
            if statement.startswith("CREATE TRIGGER"):  # the FTS table itself survives
                op.execute(statement)
        name_search.rebuild()
        # The rebuilt table lost its planner statistics; with those of the other tables still there,
        # SQLite would no longer pick the index of pending visits (a 250,000-visit sync went 1 s → 10 s).
        has_stats = op.get_bind().exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if has_stats.scalar_one():
            op.execute("ANALYZE visit")


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
