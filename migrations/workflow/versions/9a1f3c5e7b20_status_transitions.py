"""status transitions of the entities inside a challenge

Revision ID: 9a1f3c5e7b20
Revises: 6f3a8d0e2b51
Create Date: 2026-12-03 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "9a1f3c5e7b20"
down_revision: str | None = "6f3a8d0e2b51"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_transitions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=False),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_status_transitions_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_transitions")),
    )
    with op.batch_alter_table("status_transitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_transitions_challenge_id"), ["challenge_id"], unique=False)
        batch_op.create_index("ix_status_transitions_entity", ["entity", "entity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_status_transitions_entity")
        batch_op.drop_index(batch_op.f("ix_status_transitions_challenge_id"))
    op.drop_table("status_transitions")
