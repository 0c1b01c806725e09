"""status transitions of the organisations and users

Revision ID: b8d4e2f6a1c3
Revises: b2c3d4e5f6a7
Create Date: 2026-12-03 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "b8d4e2f6a1c3"
down_revision: str | None = "b2c3d4e5f6a7"
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
