from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kit.idempotency import IdempotencyKeyColumns
from kit.types import UtcDateTime, new_id
from workflow.models.base import Base

if TYPE_CHECKING:
    from workflow.models.challenge import Challenge


class Application(Base):
    """Plain columns say who and when (needed for the ownership rules); the content is sealed."""

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_challenge_org", "challenge_id", "org_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    org_id: Mapped[str] = mapped_column(String(36))
    org_name: Mapped[str] = mapped_column(String(200))
    submitted_by: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # `service`: `sealed` is under the challenge's service-side key; `custodians`: it is the vendor's
    # `shigu-sealed/1` envelope as uploaded (canonical JSON), which only k custodians open (decision 0107).
    sealing: Mapped[str] = mapped_column(String(16), default="service", server_default="service")
    # The envelope's public header, kept when its custodians opened it and `sealed` became the service-side
    # ciphertext (decision 0108): the receipt still names the digests the vendor was given.
    envelope_header: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    qualification_reason: Mapped[str] = mapped_column(Text, default="")
    fixup_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    fixup_response: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    score: Mapped[float | None] = mapped_column(nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)


class IdempotencyKey(IdempotencyKeyColumns, Base):
    """A submission's Idempotency-Key (kit.idempotency): claimed by the submission's own statement, its answer
    rendered from `resource_id` on a replay."""


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    asker_id: Mapped[str] = mapped_column(String(36))
    asker_org_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Its owner answers (workflow/question/lifecycle.py).
    challenge: Mapped[Challenge] = relationship(lazy="select")
