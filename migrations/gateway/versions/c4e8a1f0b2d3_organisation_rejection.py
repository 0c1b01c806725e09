"""organisation rejection with a reason

Revision ID: c4e8a1f0b2d3
Revises: b3c1d2e4f5a6
Create Date: 2026-12-03 07:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "c4e8a1f0b2d3"
down_revision: str | None = "b3c1d2e4f5a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "status IN ('pending', 'active', 'suspended')"
NEW = "status IN ('pending', 'active', 'suspended', 'rejected')"


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejection_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("rejected_at", kit.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_organisations_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_organisations_status"), sa.text(NEW))


def downgrade() -> None:
    op.execute("UPDATE organisations SET status = 'pending' WHERE status = 'rejected'")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_organisations_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_organisations_status"), sa.text(OLD))
        batch_op.drop_column("rejected_at")
        batch_op.drop_column("rejection_reason")
