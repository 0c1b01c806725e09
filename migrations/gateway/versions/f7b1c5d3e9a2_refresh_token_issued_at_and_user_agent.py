"""When each refresh token was issued and the browser of its session (the session list)

Revision ID: f7b1c5d3e9a2
Revises: e6a0b4c2d8f1
Create Date: 2026-12-03 10:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "f7b1c5d3e9a2"
down_revision: str | None = "e6a0b4c2d8f1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("refresh_tokens", sa.Column("issued_at", kit.types.UtcDateTime(timezone=True), nullable=True))
    op.add_column("refresh_tokens", sa.Column("user_agent", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens") as batch_op:
        batch_op.drop_column("user_agent")
        batch_op.drop_column("issued_at")
