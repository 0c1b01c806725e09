from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Numeric, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from kit.history import StepColumns, TransitionColumns
from kit.types import UtcDateTime, new_id
from workflow.models.base import Base


class Challenge(Base):
    __tablename__ = "challenges"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    owner_org_id: Mapped[str] = mapped_column(String(36), index=True)
    owner_org_name: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    indicators: Mapped[list[Any]] = mapped_column(JSON, default=list)
    deliverables: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reward_amount: Mapped[float | None] = mapped_column(Numeric(16, 2), nullable=True)
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    eligibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    layer_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    end_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    scenario_domain: Mapped[str] = mapped_column(String(40), default="")
    criteria: Mapped[list[Any]] = mapped_column(JSON, default=list)
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="jiebang")
    max_winners: Mapped[int] = mapped_column(Integer, default=1)
    min_applications: Mapped[int] = mapped_column(Integer, default=1)
    publicity_working_days: Mapped[int] = mapped_column(Integer, default=5)
    fixup_days: Mapped[int] = mapped_column(Integer, default=3)
    comment_required_below: Mapped[int] = mapped_column(Integer, default=60)
    application_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # How applications are sealed (decision 0107): `service`, under the service's key (decision 0004), or
    # `custodians`, on the vendor's side to `custodians` (user ids), any `custodian_threshold` of whom open.
    sealing: Mapped[str] = mapped_column(String(16), default="service", server_default="service")
    custodians: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    custodian_threshold: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # The opening of a custodian-sealed challenge (decision 0108): the custodians' window, how often it was
    # extended, and what failed to open (application id, code, reason, custodian); `opened_at` is stamped
    # when the k-th custodian's shares opened it.
    opening_window_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    opening_extensions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    opening_failures: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    publish_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # Who recommended the pending award: that reviewer is not offered approve/reject.
    recommended_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    opened_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    publicity_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    publicity_ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The 公示 end counts days of a year whose State Council arrangement is not confirmed yet: an estimate,
    # recomputed when the year is confirmed.
    publicity_ends_provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    awarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    cancel_request: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    next_check_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChallengeTransition(StepColumns, Base):
    __tablename__ = "challenge_transitions"
    __table_args__ = (Index("ix_challenge_transitions_challenge_at", "challenge_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"))
    version: Mapped[int] = mapped_column(Integer)


class StatusTransition(TransitionColumns, Base):
    """A status change of an entity inside a challenge (application, award, objection, assignment,
    question): the kit's transition history (kit.history), with the challenge it belongs to."""

    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)


class Amendment(Base):
    __tablename__ = "amendments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    diff: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChallengeKey(Base):
    """The per-challenge data key, wrapped by the KEK that lives outside the database."""

    __tablename__ = "challenge_keys"

    challenge_id: Mapped[str] = mapped_column(ForeignKey("challenges.id"), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column()
    kek_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
