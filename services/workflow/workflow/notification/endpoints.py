"""The signed-in user's notifications, and the admins' view of their e-mail and SMS deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kit.auth import AdminUser, CurrentUser
from kit.errors import problem_responses
from workflow.context import Ctx
from workflow.notification import schemas as s
from workflow.notification import service

router = APIRouter(tags=["notifications"])
admin_router = APIRouter(prefix="/admin/deliveries", tags=["admin"])


@router.get("/notifications", response_model=list[s.NotificationOut], responses=problem_responses(401))
def list_notifications(ctx: Ctx, principal: CurrentUser, unread: bool = False) -> list[s.NotificationOut]:
    return service.inbox(ctx.session, principal, unread=unread)


@router.post(
    "/notifications/{notification_id}/read", response_model=s.NotificationOut, responses=problem_responses(401, 404)
)
def mark_read(ctx: Ctx, principal: CurrentUser, notification_id: str) -> s.NotificationOut:
    return service.mark_read(ctx.session, principal, notification_id, ctx.now())


@admin_router.get("", response_model=list[s.AdminDeliveryOut], responses=problem_responses(401, 403))
def list_deliveries(
    ctx: Ctx, _: AdminUser, state: s.State = "failed", limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[s.AdminDeliveryOut]:
    """Deliveries by state, with the last error of each."""
    return service.deliveries(ctx.session, state, limit)


@admin_router.post(
    "/{delivery_id}/retry", response_model=s.AdminDeliveryOut, responses=problem_responses(401, 403, 404, 409)
)
def retry_delivery(ctx: Ctx, admin: AdminUser, delivery_id: str) -> s.AdminDeliveryOut:
    """A failed delivery back in the queue with a fresh budget of attempts."""
    return service.retry_delivery(ctx.session, admin, delivery_id, ctx.now())
