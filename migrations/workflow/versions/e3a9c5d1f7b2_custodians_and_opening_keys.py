"""custodian sealing: a challenge's sealing mode, custodians and threshold; custodians' opening keys;
an application's sealing

Revision ID: e3a9c5d1f7b2
Revises: e4b1d7a3c9f2
Create Date: 2026-12-03 16:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "e3a9c5d1f7b2"
down_revision: str | None = "e4b1d7a3c9f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealing", sa.String(length=16), server_default="service", nullable=False))
        batch_op.add_column(sa.Column("custodians", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("custodian_threshold", sa.Integer(), server_default="2", nullable=False))
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealing", sa.String(length=16), server_default="service", nullable=False))
    op.create_table(
        "opening_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("current_user_id", sa.String(length=36), nullable=True),
        sa.Column("public_key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("registered_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_keys")),
        sa.UniqueConstraint("current_user_id", name=op.f("uq_opening_keys_current_user_id")),
    )
    with op.batch_alter_table("opening_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opening_keys_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("opening_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opening_keys_user_id"))
    op.drop_table("opening_keys")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("sealing")
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_column("custodian_threshold")
        batch_op.drop_column("custodians")
        batch_op.drop_column("sealing")
