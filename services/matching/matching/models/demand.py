from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from matching.models.base import Base


class DemandStatus(StrEnum):
    """The states of a demand's lifecycle (matching/demand/lifecycle.py)."""

    DRAFT = "draft"
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    RETURNED = "returned"


class Demand(Base):
    """A scenario demand (场景需求) of an opportunity list, or submitted on its own by an enterprise."""

    __tablename__ = "demands"
    __table_args__ = (Index("ix_demands_status_published", "status", "published_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    batch_id: Mapped[str | None] = mapped_column(ForeignKey("batches.id"), index=True, nullable=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    demand_type: Mapped[str] = mapped_column(String(20))
    scenario_domain: Mapped[str] = mapped_column(String(20))
    layer_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    end_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    publisher_org_id: Mapped[str | None] = mapped_column(String(36), index=True, nullable=True)
    publisher_name: Mapped[str] = mapped_column(String(200))
    publisher_kind: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(20))
    background: Mapped[str] = mapped_column(Text, default="")
    pain_points: Mapped[str] = mapped_column(Text, default="")
    required_capabilities: Mapped[str] = mapped_column(Text, default="")
    technical_indicators: Mapped[str] = mapped_column(Text, default="")
    data_offered: Mapped[str] = mapped_column(Text, default="")
    sites_offered: Mapped[str] = mapped_column(Text, default="")
    required_qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    budget_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    budget_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    cooperation_mode: Mapped[str] = mapped_column(String(20), default="")
    timeline: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    review_note: Mapped[str] = mapped_column(String(500), default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DemandReview(Base):
    """One review decision on a demand, kept for ever: who decided, what, why and when."""

    __tablename__ = "demand_reviews"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
