"""full-text (trigram) index of visitors' names, on SQLite

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Search by part of a name must stay fast on ten years of register. On the kiosk's SQLite an
FTS5 trigram index over visit.full_name, kept by triggers, finds any substring of three or
more characters without scanning the table. PostgreSQL (the district hub) needs no such
table: it searches its own copy. The index follows visit's implicit rowid: a later migration
that rebuilds the visit table (alembic batch mode) must call ``rebuild`` below afterwards.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS_TABLE = "visit_name_fts"

CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "full_name, content='visit', content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON visit BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, full_name) VALUES (new.rowid, new.full_name); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON visit BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, full_name) VALUES ('delete', old.rowid, old.full_name); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF full_name ON visit BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, full_name) VALUES ('delete', old.rowid, old.full_name); "
    f"INSERT INTO {FTS_TABLE}(rowid, full_name) VALUES (new.rowid, new.full_name); END",
]


def rebuild() -> None:
    op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in CREATE:
        op.execute(statement)
    rebuild()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
