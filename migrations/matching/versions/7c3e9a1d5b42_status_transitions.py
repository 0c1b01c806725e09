"""status transitions of the demands interests and batches

Revision ID: 7c3e9a1d5b42
Revises: 5d2f8b3a1c90
Create Date: 2026-12-03 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "7c3e9a1d5b42"
down_revision: str | None = "5d2f8b3a1c90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_transitions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=False),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_transitions")),
    )
    op.create_index("ix_status_transitions_entity", "status_transitions", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_status_transitions_entity", table_name="status_transitions")
    op.drop_table("status_transitions")
