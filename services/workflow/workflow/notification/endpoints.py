from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kit.auth import AdminUser, CurrentUser
from kit.errors import Conflict, NotFound, problem_responses
from kit.tokens import Principal
from workflow import admin_audit
from workflow.context import Ctx
from workflow.events import deadletter
from workflow.models import Notification, NotificationDelivery
from workflow.notification.delivery import states

router = APIRouter(tags=["notifications"])
admin_router = APIRouter(prefix="/admin/deliveries", tags=["admin"])

State = Literal["pending", "sent", "failed"]


class DeliveryOut(BaseModel):
    """The notification by e-mail (`digest`: in the daily digest e-mail) or SMS: `pending` (with
    `attempts` made so far, retried), `sent` (accepted by the mail server or the SMS provider),
    `failed` (given up)."""

    channel: Literal["email", "digest", "sms"]
    state: State
    attempts: int
    sent_at: datetime | None


class NotificationOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    challenge_id: str | None
    created_at: datetime
    read_at: datetime | None
    deliveries: list[DeliveryOut] = []


def _delivery(row: NotificationDelivery) -> DeliveryOut:
    return DeliveryOut(channel=row.topic, state=row.state, attempts=row.attempts, sent_at=row.delivered_at)


def _out(session: Session, principal: Principal, rows: list[Notification]) -> list[NotificationOut]:
    sent = states(session, [n.id for n in rows], principal.subject)
    return [
        NotificationOut.model_validate(n, from_attributes=True).model_copy(
            update={"deliveries": [_delivery(d) for d in sent.get(n.id, [])]}
        )
        for n in rows
    ]


def _mine(principal: Principal):  # type: ignore[no-untyped-def]
    clause = Notification.user_id == principal.subject
    if principal.org_id:
        clause = or_(clause, Notification.org_id == principal.org_id)
    return clause


@router.get("/notifications", response_model=list[NotificationOut], responses=problem_responses(401))
def list_notifications(ctx: Ctx, principal: CurrentUser, unread: bool = False) -> list[NotificationOut]:
    stmt = select(Notification).where(_mine(principal))
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    rows = list(ctx.session.scalars(stmt.order_by(Notification.created_at.desc()).limit(200)))
    return _out(ctx.session, principal, rows)


@router.post(
    "/notifications/{notification_id}/read", response_model=NotificationOut, responses=problem_responses(401, 404)
)
def mark_read(ctx: Ctx, principal: CurrentUser, notification_id: str) -> NotificationOut:
    n = ctx.session.scalars(select(Notification).where(Notification.id == notification_id, _mine(principal))).first()
    if n is None:
        raise NotFound("notification not found")
    n.read_at = n.read_at or ctx.now()
    return _out(ctx.session, principal, [n])[0]


class AdminDeliveryOut(BaseModel):
    id: str
    notification_id: str
    kind: str
    # `fanout`: the step that asks the directory who receives the notification (no address yet).
    channel: Literal["fanout", "email", "digest", "sms"]
    user_id: str
    address: str
    state: State
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    failed_at: datetime | None


def _admin_out(session: Session, rows: list[NotificationDelivery]) -> list[AdminDeliveryOut]:
    ids = sorted({r.notification_id for r in rows})
    kinds = {
        row.id: row.kind
        for row in session.execute(select(Notification.id, Notification.kind).where(Notification.id.in_(ids)))
    }
    return [
        AdminDeliveryOut(
            id=r.id,
            notification_id=r.notification_id,
            kind=kinds.get(r.notification_id, ""),
            channel=r.topic,
            user_id=r.user_id,
            address=r.address,
            state=r.state,
            attempts=r.attempts,
            last_error=r.last_error,
            created_at=r.created_at,
            next_attempt_at=r.next_attempt_at,
            sent_at=r.delivered_at,
            failed_at=r.failed_at,
        )
        for r in rows
    ]


@admin_router.get("", response_model=list[AdminDeliveryOut], responses=problem_responses(401, 403))
def list_deliveries(
    ctx: Ctx, _: AdminUser, state: State = "failed", limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[AdminDeliveryOut]:
    """Deliveries by state, with the last error of each."""
    rows = deadletter.listing(ctx.session, "delivered" if state == "sent" else state, limit, NotificationDelivery)
    return _admin_out(ctx.session, rows)


@admin_router.post(
    "/{delivery_id}/retry", response_model=AdminDeliveryOut, responses=problem_responses(401, 403, 404, 409)
)
def retry_delivery(ctx: Ctx, admin: AdminUser, delivery_id: str) -> AdminDeliveryOut:
    """A failed delivery back in the queue with a fresh budget of attempts."""
    row = ctx.session.get(NotificationDelivery, delivery_id, with_for_update=True)
    if row is None:
        raise NotFound(f"delivery {delivery_id} not found")
    if row.failed_at is None:
        raise Conflict("Only a failed delivery can be retried", code="not-failed")
    data = {"notification_id": row.notification_id, "channel": row.topic, "last_error": row.last_error}
    admin_audit.record(ctx.session, admin, "delivery.retried", f"delivery:{row.id}", now=ctx.now(), data=data)
    deadletter.retry(ctx.session, row, ctx.now())
    ctx.session.flush()
    return _admin_out(ctx.session, [row])[0]
