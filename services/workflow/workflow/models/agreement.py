from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
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
