"""the opening of custodian-sealed challenges: the custodians' window, its extensions and failures; each
custodian's shares until the opening; an opened envelope's header

Revision ID: f11aa6832973
Revises: e3a9c5d1f7b2
Create Date: 2026-12-03 19:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "f11aa6832973"
down_revision: str | None = "e3a9c5d1f7b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opening_window_ends_at", kit.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("opening_extensions", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("opening_failures", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("envelope_header", sa.JSON(), nullable=True))
    op.create_table(
        "opening_submissions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("custodian_id", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("share_count", sa.Integer(), nullable=False),
        sa.Column("sealed_shares", sa.LargeBinary(), nullable=True),
        sa.Column("submitted_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_opening_submissions_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_submissions")),
        sa.UniqueConstraint(
            "challenge_id", "custodian_id", name=op.f("uq_opening_submissions_challenge_id_custodian_id")
        ),
    )
    with op.batch_alter_table("opening_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opening_submissions_challenge_id"), ["challenge_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("opening_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opening_submissions_challenge_id"))
    op.drop_table("opening_submissions")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("envelope_header")
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_column("opening_failures")
        batch_op.drop_column("opening_extensions")
        batch_op.drop_column("opening_window_ends_at")
