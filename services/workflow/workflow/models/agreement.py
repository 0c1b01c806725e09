from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from workflow.models.base import Base


class Agreement(Base):
    """The task agreement (任务书) of one approved award: drafted by the owner, changed by either
    party, signed by every party on one exact version (docs/decisions/0101-task-agreements.md)."""

    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id"), unique=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"))
    owner_org_id: Mapped[str] = mapped_column(String(36))
    owner_org_name: Mapped[str] = mapped_column(String(200))
    winner_org_id: Mapped[str] = mapped_column(String(36), index=True)
    winner_org_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_sha256: Mapped[str] = mapped_column(String(64))
    sign_by: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_by: Mapped[str] = mapped_column(String(36))
    closed_reason: Mapped[str] = mapped_column(Text, default="")


class AgreementSignature(Base):
    """One party's signature on one version of an agreement: the hash of exactly what was signed.
    An edit voids every signature of the versions before it (`voided_at`), never deletes one."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (UniqueConstraint("agreement_id", "version", "party"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    party: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(String(36))
    user_name: Mapped[str] = mapped_column(String(100))
    signed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AgreementMilestone(Base):
    """One milestone of a signed agreement, as the project lives it: reported by the winner with
    evidence, assessed by the owner; a met milestone releases the tranches that depend on it."""

    __tablename__ = "agreement_milestones"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    owner_org_id: Mapped[str] = mapped_column(String(36))
    winner_org_id: Mapped[str] = mapped_column(String(36))
    key: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    reports: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    assessed_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    assessed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Set once by the scheduler when the milestone is not met by the end of its due date (Beijing time).
    overdue_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class StoredFile:
    """The columns of an uploaded file kept in the database: checked type and size, and its SHA-256."""

    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class MilestoneDocument(StoredFile, Base):
    """Evidence attached to a milestone report, with the SHA-256 the receipt names."""

    __tablename__ = "milestone_documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    milestone_id: Mapped[str] = mapped_column(ForeignKey("agreement_milestones.id"), index=True)
    report_no: Mapped[int] = mapped_column(Integer)


class TranchePayment(Base):
    """A payment instruction the platform records (it does not move money): a tranche released by
    the signing or by a met milestone, with amount (万元), payer, payee and date."""

    __tablename__ = "tranche_payments"
    __table_args__ = (UniqueConstraint("agreement_id", "tranche"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    tranche: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Numeric(16, 2))
    payer: Mapped[str] = mapped_column(String(16))
    payer_name: Mapped[str] = mapped_column(String(200))
    payee_org_id: Mapped[str] = mapped_column(String(36))
    payee_name: Mapped[str] = mapped_column(String(200))
    milestone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    released_at: Mapped[datetime] = mapped_column(UtcDateTime())
    released_by: Mapped[str] = mapped_column(String(60))


class DeadlineReminder(Base):
    """A reminder the scheduler has settled, once per (row, key): the key names the deadline and how
    many working days before it (`sign_by:2027-01-08:3`), so a moved deadline is reminded afresh and
    no scheduler run, however many or concurrent, reminds twice."""

    __tablename__ = "deadline_reminders"
    __table_args__ = (UniqueConstraint("entity", "entity_id", "key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    sent: Mapped[bool] = mapped_column(Boolean, default=False)  # False: passed over for a nearer reminder due too
    settled_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Acceptance(Base):
    """One round of the acceptance review (验收) of a signed agreement: the winner's final deliverables
    and completion report, and the government reviewer's decision on them (decision 0106)."""

    __tablename__ = "acceptances"
    __table_args__ = (UniqueConstraint("agreement_id", "round"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    round: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    deliverables: Mapped[list[Any]] = mapped_column(JSON)
    documents: Mapped[list[Any]] = mapped_column(JSON)  # name, content_type, size, sha256 of each
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    resubmit_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AcceptanceDocument(StoredFile, Base):
    """A final deliverable or report file of an acceptance round, with the SHA-256 the round names."""

    __tablename__ = "acceptance_documents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    acceptance_id: Mapped[str] = mapped_column(ForeignKey("acceptances.id"), index=True)


class AcceptanceReview(Base):
    """One expert of an acceptance round's panel: the COI declaration, then a verdict on every
    committed indicator (achieved or not, with a note), or recused."""

    __tablename__ = "acceptance_reviews"
    __table_args__ = (UniqueConstraint("acceptance_id", "expert_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    acceptance_id: Mapped[str] = mapped_column(ForeignKey("acceptances.id"), index=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    expert_id: Mapped[str] = mapped_column(String(36), index=True)
    org_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    coi_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    recusal_reason: Mapped[str] = mapped_column(Text, default="")
    verdicts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TrancheWithholding(Base):
    """A tranche a failed acceptance withholds: recorded, with the reason, and never released."""

    __tablename__ = "tranche_withholdings"
    __table_args__ = (UniqueConstraint("agreement_id", "tranche"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    tranche: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Numeric(16, 2))
    reason: Mapped[str] = mapped_column(Text)
    withheld_at: Mapped[datetime] = mapped_column(UtcDateTime())
    withheld_by: Mapped[str] = mapped_column(String(60))
