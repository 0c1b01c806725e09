"""rate events for the throttles; usernames unique whatever their case

Revision ID: b3c1d2e4f5a6
Revises: dee7758e9974
Create Date: 2026-12-02 15:20:00.000000

The per-key login counters (login_failures) give way to one row per counted event (rate_events),
from which the sign-in throttle derives its (account, address), account-wide and address-wide
locks and the registration and refresh limits their counts. The counters are not carried over:
at worst a lock in force at the upgrade lifts early.

The unique index on lower(username) fails if two accounts already differ only in case; rename
one of them first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "b3c1d2e4f5a6"
down_revision: str | None = "dee7758e9974"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("login_failures")
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_events")),
    )
    with op.batch_alter_table("rate_events", schema=None) as batch_op:
        batch_op.create_index("ix_rate_events_kind_account_at", ["kind", "account", "at"], unique=False)
        batch_op.create_index("ix_rate_events_kind_address_at", ["kind", "address", "at"], unique=False)
        batch_op.create_index("ix_rate_events_kind_at", ["kind", "at"], unique=False)
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_username_lower", table_name="users")
    with op.batch_alter_table("rate_events", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_events_kind_at")
        batch_op.drop_index("ix_rate_events_kind_address_at")
        batch_op.drop_index("ix_rate_events_kind_account_at")
    op.drop_table("rate_events")
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_start", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_failures")),
    )
