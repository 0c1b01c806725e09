from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from matching.models.base import Base


class Subscription(Base):
    """A saved search of a vendor; new published items matching it notify the organisation."""

    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(100))
    q: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Notification(Base):
    """What an organisation is told: a new item matching one of its saved searches (`subscription_id`),
    or a step taken on its own item (`kind`, e.g. demand.returned, with no subscription)."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("subscription_id", "item_kind", "item_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(String(36), index=True)
    subscription_id: Mapped[str | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True, nullable=True
    )
    kind: Mapped[str] = mapped_column(String(40), default="")
    body: Mapped[str] = mapped_column(String(500), default="")
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
