"""Hash-chained audit log of workflow's administrative acts

Revision ID: b7e4a2c9d1f3
Revises: 5b1e9d0c7a32
Create Date: 2026-12-03 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "b7e4a2c9d1f3"
down_revision: str | None = "5b1e9d0c7a32"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chain", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=60), nullable=False),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit")),
        sa.UniqueConstraint("chain", "seq", name=op.f("uq_admin_audit_chain_seq")),
    )
    for column in ("at", "actor", "action", "target"):
        op.create_index(op.f(f"ix_admin_audit_{column}"), "admin_audit", [column], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Append-only for the service's own role too, as workflow's audit_entries.
        op.execute(
            "CREATE FUNCTION workflow_admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'admin_audit is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit "
            "FOR EACH ROW EXECUTE FUNCTION workflow_admin_audit_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS admin_audit_append_only ON admin_audit")
        op.execute("DROP FUNCTION IF EXISTS workflow_admin_audit_append_only()")
    for column in ("at", "actor", "action", "target"):
        op.drop_index(op.f(f"ix_admin_audit_{column}"), table_name="admin_audit")
    op.drop_table("admin_audit")
