"""password history: the hashes of a user's last passwords, so that a new one does not repeat them

Revision ID: c4e8f1a2b3d5
Revises: b8d4e2f6a1c3
Create Date: 2026-12-03 14:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "c4e8f1a2b3d5"
down_revision: str | None = "b8d4e2f6a1c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "password_history",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("replaced_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_history_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_history")),
    )
    with op.batch_alter_table("password_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_history_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("password_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_history_user_id"))
    op.drop_table("password_history")
