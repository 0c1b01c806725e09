"""organisation rejection with a reason

Revision ID: c4e8a1f0b2d3
Revises: a7d3e91c4b20
Create Date: 2026-12-03 07:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "c4e8a1f0b2d3"
down_revision: str | None = "a7d3e91c4b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "status IN ('pending', 'active', 'suspended')"
NEW = "status IN ('pending', 'active', 'suspended', 'rejected')"


def _replace_status_check(old: str, new: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_organisations_status"), "organisations", type_="check")
        op.create_check_constraint(op.f("ck_organisations_status"), "organisations", sa.text(new))
        return
    # SQLite changes a CHECK only by rebuilding the table, and its rebuild drops the old table while members
    # and invitations still point at it, which their foreign keys refuse. Widening or narrowing a CHECK does
    # not touch stored rows, so the table's schema text is edited in place: the procedure SQLite documents
    # (ALTER TABLE, "making other kinds of table schema changes"), in the migration's transaction.
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) WHERE type = 'table' AND name = 'organisations'"
        ),
        {"old": old, "new": new},
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    op.add_column("organisations", sa.Column("rejection_reason", sa.String(length=500), nullable=True))
    op.add_column("organisations", sa.Column("rejected_at", kit.types.UtcDateTime(timezone=True), nullable=True))
    _replace_status_check(OLD, NEW)


def downgrade() -> None:
    op.execute("UPDATE organisations SET status = 'pending' WHERE status = 'rejected'")
    _replace_status_check(NEW, OLD)
    op.drop_column("organisations", "rejected_at")
    op.drop_column("organisations", "rejection_reason")
