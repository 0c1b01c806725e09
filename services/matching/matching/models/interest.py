from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kit.types import UtcDateTime, new_id
from matching.models.base import Base

if TYPE_CHECKING:
    from matching.models.demand import Demand


class InterestStatus(StrEnum):
    """The states of an interest's lifecycle (matching/interest/lifecycle.py): 对接成功 is a deal."""

    PENDING = "pending"
    DEAL = "deal"
    DECLINED = "declined"


class Interest(Base):
    """An expression of interest (对接意向) by a vendor in a demand, decided by the publisher."""

    __tablename__ = "interests"
    __table_args__ = (UniqueConstraint("demand_id", "vendor_org_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id"), index=True)
    vendor_org_id: Mapped[str] = mapped_column(String(36), index=True)
    vendor_name: Mapped[str] = mapped_column(String(200))
    proposal: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The demand's publisher decides on the interest (matching/interest/lifecycle.py).
    demand: Mapped[Demand] = relationship(lazy="select")
