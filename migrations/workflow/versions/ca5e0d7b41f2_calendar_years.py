"""calendar years: a year's arrangement confirmed against its notice; provisional 公示 ends

Revision ID: ca5e0d7b41f2
Revises: 4de355b4430e
Create Date: 2026-12-02 18:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "ca5e0d7b41f2"
down_revision: str | None = "4de355b4430e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source_title", sa.String(length=200), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("updated_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(length=36), nullable=True),
        sa.Column("confirmed_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )
    with op.batch_alter_table("challenges") as batch_op:
        batch_op.add_column(
            sa.Column("publicity_ends_provisional", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("challenges") as batch_op:
        batch_op.drop_column("publicity_ends_provisional")
    op.drop_table("calendar_years")
