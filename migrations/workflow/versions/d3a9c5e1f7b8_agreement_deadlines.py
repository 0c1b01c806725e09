"""agreement deadlines: the reminders the scheduler has settled, and a milestone's overdue flag

Revision ID: d3a9c5e1f7b8
Revises: b7d41e9c2a63
Create Date: 2026-12-03 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "d3a9c5e1f7b8"
down_revision: str | None = "b7d41e9c2a63"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deadline_reminders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("settled_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_deadline_reminders_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_reminders")),
        sa.UniqueConstraint("entity", "entity_id", "key", name=op.f("uq_deadline_reminders_entity_entity_id_key")),
    )
    with op.batch_alter_table("deadline_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_reminders_challenge_id"), ["challenge_id"], unique=False)
    with op.batch_alter_table("agreement_milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overdue_at", kit.types.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreement_milestones", schema=None) as batch_op:
        batch_op.drop_column("overdue_at")
    with op.batch_alter_table("deadline_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_reminders_challenge_id"))
    op.drop_table("deadline_reminders")
