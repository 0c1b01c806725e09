from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from matching.models.base import Base


class InboxEvent(Base):
    """Every event applied, by id: the consumer is idempotent."""

    __tablename__ = "inbox_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(60))
    aggregate_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer)
    applied: Mapped[bool] = mapped_column(default=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IndexOutbox(Base):
    """A pending change for the search index, written in the transaction that made it."""

    __tablename__ = "index_outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    doc_kind: Mapped[str] = mapped_column(String(20))
    doc_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
