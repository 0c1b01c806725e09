"""task agreements (任务书), their signatures, milestones, evidence and tranche payments

Revision ID: b7d41e9c2a63
Revises: b7e4a2c9d1f3
Create Date: 2026-12-03 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kit.types

revision: str = "b7d41e9c2a63"
down_revision: str | None = "b7e4a2c9d1f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("award_id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("owner_org_id", sa.String(length=36), nullable=False),
        sa.Column("owner_org_name", sa.String(length=200), nullable=False),
        sa.Column("winner_org_id", sa.String(length=36), nullable=False),
        sa.Column("winner_org_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("sign_by", sa.Date(), nullable=False),
        sa.Column("created_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=36), nullable=False),
        sa.Column("closed_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_agreements_application_id_applications")
        ),
        sa.ForeignKeyConstraint(["award_id"], ["awards.id"], name=op.f("fk_agreements_award_id_awards")),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_agreements_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("award_id", name=op.f("uq_agreements_award_id")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_challenge_id"), ["challenge_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_winner_org_id"), ["winner_org_id"], unique=False)
    op.create_table(
        "agreement_signatures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("signed_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("voided_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_agreement_signatures_agreement_id_agreements")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_signatures")),
        sa.UniqueConstraint(
            "agreement_id", "version", "party", name=op.f("uq_agreement_signatures_agreement_id_version_party")
        ),
    )
    with op.batch_alter_table("agreement_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_signatures_agreement_id"), ["agreement_id"], unique=False)

    op.create_table(
        "agreement_milestones",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("owner_org_id", sa.String(length=36), nullable=False),
        sa.Column("winner_org_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("reported_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("assessment_note", sa.Text(), nullable=False),
        sa.Column("assessed_by", sa.String(length=36), nullable=True),
        sa.Column("assessed_at", kit.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_agreement_milestones_agreement_id_agreements")
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_agreement_milestones_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_milestones")),
        sa.UniqueConstraint("agreement_id", "key", name=op.f("uq_agreement_milestones_agreement_id_key")),
    )
    with op.batch_alter_table("agreement_milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreement_milestones_agreement_id"), ["agreement_id"], unique=False)
    op.create_table(
        "milestone_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("milestone_id", sa.String(length=36), nullable=False),
        sa.Column("report_no", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["agreement_milestones.id"],
            name=op.f("fk_milestone_documents_milestone_id_agreement_milestones"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_documents")),
    )
    with op.batch_alter_table("milestone_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_documents_milestone_id"), ["milestone_id"], unique=False)
    op.create_table(
        "tranche_payments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=False),
        sa.Column("challenge_id", sa.String(length=36), nullable=False),
        sa.Column("tranche", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("payer", sa.String(length=16), nullable=False),
        sa.Column("payer_name", sa.String(length=200), nullable=False),
        sa.Column("payee_org_id", sa.String(length=36), nullable=False),
        sa.Column("payee_name", sa.String(length=200), nullable=False),
        sa.Column("milestone", sa.String(length=20), nullable=True),
        sa.Column("released_at", kit.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("released_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_tranche_payments_agreement_id_agreements")
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"], ["challenges.id"], name=op.f("fk_tranche_payments_challenge_id_challenges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tranche_payments")),
        sa.UniqueConstraint("agreement_id", "tranche", name=op.f("uq_tranche_payments_agreement_id_tranche")),
    )
    with op.batch_alter_table("tranche_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tranche_payments_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tranche_payments_challenge_id"), ["challenge_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tranche_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tranche_payments_challenge_id"))
        batch_op.drop_index(batch_op.f("ix_tranche_payments_agreement_id"))
    op.drop_table("tranche_payments")
    with op.batch_alter_table("milestone_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_documents_milestone_id"))
    op.drop_table("milestone_documents")
    with op.batch_alter_table("agreement_milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_milestones_agreement_id"))
    op.drop_table("agreement_milestones")
    with op.batch_alter_table("agreement_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_signatures_agreement_id"))
    op.drop_table("agreement_signatures")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_winner_org_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_challenge_id"))
    op.drop_table("agreements")
