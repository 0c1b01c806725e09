"""Operators' view of the outbox: dead-lettered events and putting them back in the queue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from kit.auth import AdminUser
from kit.errors import Conflict, NotFound, problem_responses
from workflow import admin_audit
from workflow.audit import service as audit
from workflow.context import Ctx
from workflow.events import deadletter
from workflow.models import OutboxEvent

router = APIRouter(prefix="/admin/outbox", tags=["admin"])


class OutboxEventOut(BaseModel):
    id: str
    topic: str
    key: str
    state: Literal["pending", "delivered", "failed"]
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None
    payload: dict[str, Any]


def _out(row: OutboxEvent) -> OutboxEventOut:
    state: Literal["pending", "delivered", "failed"] = (
        "delivered" if row.delivered_at is not None else "failed" if row.failed_at is not None else "pending"
    )
    return OutboxEventOut(
        id=row.id,
        topic=row.topic,
        key=row.key,
        state=state,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        delivered_at=row.delivered_at,
        failed_at=row.failed_at,
        payload=row.payload,
    )


@router.get("", response_model=list[OutboxEventOut], responses=problem_responses(401, 403))
def list_events(
    ctx: Ctx,
    _: AdminUser,
    state: Literal["pending", "delivered", "failed"] = "failed",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxEventOut]:
    return [_out(r) for r in deadletter.listing(ctx.session, state, limit, OutboxEvent)]


@router.post("/{event_id}/retry", response_model=OutboxEventOut, responses=problem_responses(401, 403, 404, 409))
def retry_event(ctx: Ctx, admin: AdminUser, event_id: str) -> OutboxEventOut:
    row = ctx.session.get(OutboxEvent, event_id, with_for_update=True)
    if row is None:
        raise NotFound(f"outbox event {event_id} not found")
    if row.failed_at is None:
        raise Conflict("Only a failed (dead-lettered) event can be retried", code="not-failed")
    data = {"event_id": row.id, "topic": row.topic, "key": row.key, "last_error": row.last_error}
    deadletter.retry(ctx.session, row, ctx.now())
    # The event's own chain (its key is usually a challenge) and the service's chain of admin acts.
    audit.record(ctx, row.key, "outbox.retried", admin, {k: data[k] for k in ("event_id", "topic", "last_error")})
    admin_audit.record(ctx.session, admin, "outbox.retried", f"outbox_event:{row.id}", now=ctx.now(), data=data)
    ctx.session.flush()
    return _out(row)
