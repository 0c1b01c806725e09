"""idempotency keys in the kit's shape (decision 0088): idempotency_records becomes idempotency_keys

Revision ID: 6f3a8d0e2b51
Revises: ca5e0d7b41f2
Create Date: 2026-12-03 10:20:00

The keys already claimed are kept (a vendor's retry across the upgrade still gets its receipt): their answer
is rendered from resource_id, as the submission's new claims are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types  # noqa: F401  (custom column types)

revision: str = "6f3a8d0e2b51"
down_revision: str | None = "ca5e0d7b41f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("resource_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_keys")),
    )
    op.execute(
        "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, resource_id, created_at) "
        "SELECT scope, key, request_hash, 201, NULL, resource_id, created_at FROM idempotency_records"
    )
    op.drop_table("idempotency_records")


def downgrade() -> None:
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=120), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_idempotency_records_scope_key")),
    )
    # The old rows had an id of their own the new ones lack: the keys (retry protection for a few minutes) are
    # not carried back.
    op.drop_table("idempotency_keys")
