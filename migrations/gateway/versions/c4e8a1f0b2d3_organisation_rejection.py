"""organisation rejection with a reason

Revision ID: c4e8a1f0b2d3
Revises: a7d3e91c4b20
Create Date: 2026-12-03 07:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types
from kit.migrate import replace_check

revision: str = "c4e8a1f0b2d3"
down_revision: str | None = "a7d3e91c4b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "status IN ('pending', 'active', 'suspended')"
NEW = "status IN ('pending', 'active', 'suspended', 'rejected')"


def upgrade() -> None:
    op.add_column("organisations", sa.Column("rejection_reason", sa.String(length=500), nullable=True))
    op.add_column("organisations", sa.Column("rejected_at", kit.types.UtcDateTime(timezone=True), nullable=True))
    replace_check("organisations", OLD, NEW)


def downgrade() -> None:
    op.execute("UPDATE organisations SET status = 'pending' WHERE status = 'rejected'")
    replace_check("organisations", NEW, OLD)
    op.drop_column("organisations", "rejected_at")
    op.drop_column("organisations", "rejection_reason")
