"""acceptance (验收): rounds, their documents, the experts' reviews and withheld tranches

Revision ID: e4b1d7a3c9f2
Revises: d3a9c5e1f7b8
Create Date: 2026-12-03 17:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "e4b1d7a3c9f2"
down_revision: str | None = "d3a9c5e1f7b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "acceptances",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("deliverables", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("submitted_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("resubmit_by", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        _fk("acceptances", "agreement_id", "agreements"),
        _fk("acceptances", "challenge_id", "challenges"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptances")),
        sa.UniqueConstraint("agreement_id", "round", name=op.f("uq_acceptances_agreement_id_round")),
    )
    with op.batch_alter_table("acceptances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acceptances_agreement_id"), ["agreement_id"], unique=False)
    op.create_table(
        "acceptance_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("acceptance_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        _fk("acceptance_documents", "acceptance_id", "acceptances"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance_documents")),
    )
    with op.batch_alter_table("acceptance_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acceptance_documents_acceptance_id"), ["acceptance_id"], unique=False)
    op.create_table(
        "acceptance_reviews",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("acceptance_id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("expert_id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("coi_signed_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("recusal_reason", sa.Text(), nullable=False),
        sa.Column("verdicts", sa.JSON(), nullable=False),
        sa.Column("updated_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        _fk("acceptance_reviews", "acceptance_id", "acceptances"),
        _fk("acceptance_reviews", "agreement_id", "agreements"),
        _fk("acceptance_reviews", "challenge_id", "challenges"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance_reviews")),
        sa.UniqueConstraint("acceptance_id", "expert_id", name=op.f("uq_acceptance_reviews_acceptance_id_expert_id")),
    )
    with op.batch_alter_table("acceptance_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acceptance_reviews_acceptance_id"), ["acceptance_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_acceptance_reviews_expert_id"), ["expert_id"], unique=False)
    op.create_table(
        "tranche_withholdings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("tranche", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("withheld_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("withheld_by", sa.String(length=60), nullable=False),
        _fk("tranche_withholdings", "agreement_id", "agreements"),
        _fk("tranche_withholdings", "challenge_id", "challenges"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tranche_withholdings")),
        sa.UniqueConstraint("agreement_id", "tranche", name=op.f("uq_tranche_withholdings_agreement_id_tranche")),
    )
    with op.batch_alter_table("tranche_withholdings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tranche_withholdings_agreement_id"), ["agreement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tranche_withholdings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tranche_withholdings_agreement_id"))
    op.drop_table("tranche_withholdings")
    with op.batch_alter_table("acceptance_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_reviews_expert_id"))
        batch_op.drop_index(batch_op.f("ix_acceptance_reviews_acceptance_id"))
    op.drop_table("acceptance_reviews")
    with op.batch_alter_table("acceptance_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_documents_acceptance_id"))
    op.drop_table("acceptance_documents")
    with op.batch_alter_table("acceptances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptances_agreement_id"))
    op.drop_table("acceptances")
