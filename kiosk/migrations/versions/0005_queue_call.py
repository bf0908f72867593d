"""the day's calls per desk, for the waiting-room displays

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Each call, recall or no-show of a ticket is one row of ``queue_call`` (ticket, desk, officer,
instant), written in the transaction that changes the visit. The displays read the latest rows
of the local day; a new row is what they announce. A new table, so no existing table is rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_call",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("ticket", sa.String(length=8), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("call", "recall", "no_show", name="call_kind", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("desk", sa.String(length=20), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officer.id"], name="fk_queue_call_officer_id_officer"),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], name="fk_queue_call_visit_id_visit"),
        sa.PrimaryKeyConstraint("id", name="pk_queue_call"),
    )
    op.create_index("ix_queue_call_local_day", "queue_call", ["local_day", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_queue_call_local_day", table_name="queue_call")
    op.drop_table("queue_call")
