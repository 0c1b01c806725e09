from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import problem_responses
from matching.auth import VendorUser
from matching.deps import ClockDep
from matching.idempotency import IdempotencyDep
from matching.subscription import service
from matching.subscription.schemas import Notification, Subscription, SubscriptionCreate

router = APIRouter(tags=["subscriptions"])


@router.post(
    "/subscriptions", response_model=Subscription, status_code=201, responses=problem_responses(400, 401, 403, 409, 422)
)
def create_subscription(
    body: SubscriptionCreate, session: DbSession, user: VendorUser, clock: ClockDep, idem: IdempotencyDep
) -> Subscription | JSONResponse:
    if (prior := idem.begin(session, body)) is not None:
        return prior
    subscription = service.create(session, user, body, clock)
    idem.finish(201, subscription)
    return subscription


@router.get("/subscriptions", response_model=list[Subscription], responses=problem_responses(401, 403))
def list_subscriptions(session: DbSession, user: VendorUser) -> list[Subscription]:
    return service.list_mine(session, user)


@router.delete("/subscriptions/{subscription_id}", status_code=204, responses=problem_responses(401, 403, 404))
def delete_subscription(subscription_id: str, session: DbSession, user: VendorUser) -> Response:
    service.remove(session, user, subscription_id)
    return Response(status_code=204)


@router.get("/notifications", response_model=list[Notification], responses=problem_responses(401))
def list_notifications(session: DbSession, user: CurrentUser, unread: bool = False) -> list[Notification]:
    return service.notifications(session, user, unread)


@router.post("/notifications/{notification_id}/read", status_code=204, responses=problem_responses(401, 404))
def read_notification(notification_id: str, session: DbSession, user: CurrentUser, clock: ClockDep) -> Response:
    service.mark_read(session, user, notification_id, clock)
    return Response(status_code=204)
