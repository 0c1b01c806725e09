"""Challenge events for matching, written in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.outbox import enqueue
from kit.types import new_id
from workflow.models import Award, Challenge, OutboxEvent

EVENT_BY_STATUS = {
    "open": "challenge.published",
    "qualification": "challenge.closed",
    "awarded": "challenge.awarded",
    "cancelled": "challenge.cancelled",
    "unsuccessful": "challenge.unsuccessful",
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def public_projection(session: Session, ch: Challenge) -> dict[str, Any]:
    """Only public fields: never anything from a sealed application."""
    winners: list[dict[str, str]] = []
    if ch.status == "awarded":
        rows = session.scalars(
            select(Award).where(Award.challenge_id == ch.id, Award.status == "approved").order_by(Award.rank)
        )
        winners = [{"org_id": a.org_id, "org_name": a.org_name} for a in rows]
    eligibility = ch.eligibility or {}
    return {
        "id": ch.id,
        "title": ch.title,
        "summary": ch.summary,
        "status": ch.status,
        "mode": ch.mode,
        "owner_org_id": ch.owner_org_id,
        "owner_org_name": ch.owner_org_name,
        "reward_amount": float(ch.reward_amount) if ch.reward_amount is not None else None,
        "funding_source": ch.funding_source,
        "layer_tags": list(ch.layer_tags),
        "end_tags": list(ch.end_tags),
        "scenario_domain": ch.scenario_domain,
        "allowed_districts": list(eligibility.get("allowed_districts", [])),
        "required_qualifications": list(eligibility.get("required_qualifications", [])),
        "application_deadline": _iso(ch.application_deadline),
        "published_at": _iso(ch.published_at),
        "max_winners": ch.max_winners,
        "winners": winners,
    }


def emit(session: Session, ch: Challenge, event_type: str, now: datetime) -> None:
    event_id = new_id()
    payload = {
        "id": event_id,
        "type": event_type,
        "occurred_at": now.isoformat(),
        "challenge_id": ch.id,
        "version": ch.version,
        "challenge": public_projection(session, ch),
    }
    enqueue(session, OutboxEvent, topic=event_type, key=ch.id, payload=payload, now=now, event_id=event_id)


def emit_for_status(session: Session, ch: Challenge, now: datetime) -> None:
    if ch.published_at is None:
        return
    emit(session, ch, EVENT_BY_STATUS.get(ch.status, "challenge.status_changed"), now)
