from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime
from matching.models.base import Base


class ChallengeStatus(StrEnum):
    """Workflow's challenge states (workflow/challenge/lifecycle.py), which its events carry; a test
    keeps the two equal."""

    DRAFT = "draft"
    PENDING = "pending_approval"
    OPEN = "open"
    OPENING = "opening"
    QUALIFICATION = "qualification"
    EXPERT_REVIEW = "expert_review"
    AWARD_APPROVAL = "award_approval"
    PUBLICITY = "publicity"
    AWARDED = "awarded"
    CANCELLED = "cancelled"
    UNSUCCESSFUL = "unsuccessful"


class Challenge(Base):
    """The public projection of a workflow challenge, kept from workflow's events."""

    __tablename__ = "challenges"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default="single")
    owner_org_id: Mapped[str] = mapped_column(String(36), default="")
    owner_org_name: Mapped[str] = mapped_column(String(200), default="")
    reward_amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2), nullable=True)
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    layer_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    end_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    scenario_domain: Mapped[str] = mapped_column(String(20), default="")
    allowed_districts: Mapped[list[str]] = mapped_column(JSON, default=list)
    required_qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    application_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    max_winners: Mapped[int] = mapped_column(Integer, default=1)
    winners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
