from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kit.types import UtcDateTime, new_id
from matching.models.base import Base


class BatchStatus(StrEnum):
    """The states of a batch's lifecycle (matching/batch/lifecycle.py)."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Batch(Base):
    """An opportunity list (机会清单) batch, e.g. 2026年第3批."""

    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
