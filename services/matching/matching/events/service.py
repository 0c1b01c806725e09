"""The idempotent consumer of workflow's challenge events: by event id, and never older over newer."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import UnprocessableContent
from matching.events.schemas import ChallengeEvent
from matching.models import Challenge, InboxEvent
from matching.search.outbox import enqueue
from matching.subscription.service import notify_new


def apply(session: Session, event: ChallengeEvent, clock: Clock) -> bool:
    if event.challenge.id != event.challenge_id:
        raise UnprocessableContent("challenge.id differs from challenge_id")
    if session.get(InboxEvent, event.id) is not None:
        return False
    current = session.get(Challenge, event.challenge_id)
    newer = current is None or event.version > current.version
    try:
        with session.begin_nested():
            session.add(
                InboxEvent(
                    id=event.id,
                    type=event.type,
                    aggregate_id=event.challenge_id,
                    version=event.version,
                    applied=newer,
                    received_at=clock.now(),
                )
            )
    except IntegrityError:
        return False  # the same event, delivered twice at once
    if not newer:
        return False
    snap = event.challenge
    first_time = current is None
    row = current or Challenge(id=snap.id)
    row.version = event.version
    row.status = snap.status
    row.title = snap.title
    row.summary = snap.summary
    row.mode = snap.mode
    row.owner_org_id = snap.owner_org_id
    row.owner_org_name = snap.owner_org_name
    row.reward_amount = snap.reward_amount
    row.funding_source = snap.funding_source or ""
    row.layer_tags = snap.layer_tags
    row.end_tags = snap.end_tags
    row.scenario_domain = snap.scenario_domain or ""
    row.allowed_districts = snap.allowed_districts
    row.required_qualifications = snap.required_qualifications
    row.application_deadline = None if snap.application_deadline is None else _utc(snap.application_deadline)
    row.published_at = None if snap.published_at is None else _utc(snap.published_at)
    row.max_winners = snap.max_winners
    row.winners = [w.model_dump() for w in snap.winners]
    row.updated_at = clock.now()
    if first_time:
        session.add(row)
    session.flush()
    enqueue(session, "challenge", row.id, clock)
    if first_time and snap.status == "open":
        notify_new(session, "challenge", row.id, clock)
    return True


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
