from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from workflow.models.base import Base


class PanelMember(Base):
    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("challenge_id", "user_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    user_id: Mapped[str] = mapped_column(String(36))
    assigned_by: Mapped[str] = mapped_column(String(36))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime())
    org_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    coi_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    coi_conflicts: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("application_id", "expert_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"))
    expert_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(16))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[float | None] = mapped_column(nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    recusal_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Award(Base):
    __tablename__ = "awards"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"))
    org_id: Mapped[str] = mapped_column(String(36))
    org_name: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(nullable=True)
    rank: Mapped[int | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    recommended_by: Mapped[str] = mapped_column(String(36))
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Objection(Base):
    __tablename__ = "objections"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    application_id: Mapped[str | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    filed_by: Mapped[str] = mapped_column(String(36))
    filer_name: Mapped[str] = mapped_column(String(100))
    filer_org_id: Mapped[str] = mapped_column(String(36))
    filer_org_name: Mapped[str] = mapped_column(String(200))
    grounds: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
