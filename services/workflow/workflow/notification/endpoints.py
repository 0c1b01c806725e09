from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import or_, select

from kit.auth import CurrentUser
from kit.errors import NotFound, problem_responses
from kit.tokens import Principal
from workflow.context import Ctx
from workflow.models import Notification

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    challenge_id: str | None
    created_at: datetime
    read_at: datetime | None


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
    rows = ctx.session.scalars(stmt.order_by(Notification.created_at.desc()).limit(200))
    return [NotificationOut.model_validate(n, from_attributes=True) for n in rows]


@router.post(
    "/notifications/{notification_id}/read", response_model=NotificationOut, responses=problem_responses(401, 404)
)
def mark_read(ctx: Ctx, principal: CurrentUser, notification_id: str) -> NotificationOut:
    n = ctx.session.scalars(select(Notification).where(Notification.id == notification_id, _mine(principal))).first()
    if n is None:
        raise NotFound("notification not found")
    n.read_at = n.read_at or ctx.now()
    return NotificationOut.model_validate(n, from_attributes=True)
