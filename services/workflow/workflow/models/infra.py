from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kit.outbox import OutboxMixin
from kit.types import UtcDateTime, new_id
from workflow.models.base import Base


class AuditEntry(Base):
    """Append-only and hash-chained per challenge; PostgreSQL refuses UPDATE/DELETE by trigger."""

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("challenge_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SealedRead(Base):
    """A read of sealed content before the opening, kept out of the public chain until the opening
    (a growing public chain would count the submissions); see docs/decisions/0052."""

    __tablename__ = "sealed_reads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(String(36), index=True)
    application_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    org_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    challenge_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class OutboxEvent(OutboxMixin, Base):
    """`failed_at` set: dead-lettered after too many attempts (no `next_attempt_at`, the relay skips it)."""

    __tablename__ = "outbox_events"

    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True, index=True)


class NotificationDelivery(OutboxMixin, Base):
    """A notification on its way out of the app (decision 0081). `topic`: `fanout` (one per
    notification: asks the gateway's directory who receives it by which channel, and writes one row
    per recipient and channel) or `email` / `sms` (one message to `address`, in `locale`). Delivered
    and retried by the kit's outbox relay; `failed_at`: given up after too many attempts."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (UniqueConstraint("notification_id", "topic", "user_id"),)

    notification_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(String(36), default="")
    address: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5), default="zh")
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True, index=True)

    @property
    def state(self) -> str:
        return "sent" if self.delivered_at is not None else "failed" if self.failed_at is not None else "pending"


class SchedulerLease(Base):
    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
