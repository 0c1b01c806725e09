from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from kit.errors import Conflict, NotFound
from kit.tokens import Principal
from kit.types import new_id
from workflow import admin_audit
from workflow.audit import service as audit
from workflow.events import deadletter
from workflow.models import Application, Challenge, Notification, NotificationDelivery
from workflow.notification import schemas as s
from workflow.notification.delivery import states


class HasSession(Protocol):
    session: Session

    def now(self) -> datetime: ...


def notification(
    *,
    kind: str,
    title: str,
    now: datetime,
    body: str = "",
    user_id: str | None = None,
    org_id: str | None = None,
    challenge_id: str | None = None,
) -> Notification:
    """A new notification, not yet written (the submission path writes its own in one statement,
    then its `fanout`)."""
    return Notification(
        id=new_id(),
        user_id=user_id,
        org_id=org_id,
        kind=kind,
        title=title,
        body=body,
        challenge_id=challenge_id,
        created_at=now,
    )


def notify(
    session: Session,
    *,
    kind: str,
    title: str,
    now: datetime,
    body: str = "",
    user_id: str | None = None,
    org_id: str | None = None,
    challenge_id: str | None = None,
) -> None:
    row = notification(
        kind=kind, title=title, now=now, body=body, user_id=user_id, org_id=org_id, challenge_id=challenge_id
    )
    session.add(row)
    session.add(fanout(row, now))


def fanout(row: Notification, now: datetime) -> NotificationDelivery:
    """The outbox row that takes `row` outside the app, written in the notification's transaction
    (workflow/notification/delivery.py)."""
    return NotificationDelivery(
        id=new_id(),
        topic="fanout",
        key=row.id,
        payload={},
        created_at=now,
        next_attempt_at=now,
        attempts=0,
        last_error="",
        notification_id=row.id,
        user_id="",
        address="",
        locale="zh",
    )


def notify_orgs(
    session: Session,
    org_ids: set[str],
    *,
    kind: str,
    title: str,
    now: datetime,
    body: str = "",
    challenge_id: str | None = None,
) -> None:
    for org_id in sorted(org_ids):
        notify(session, kind=kind, title=title, now=now, body=body, org_id=org_id, challenge_id=challenge_id)


def notify_applicants(ctx: HasSession, ch: Challenge, kind: str, title: str, body: str = "") -> None:
    """Every organisation that applied to the challenge and did not withdraw."""
    orgs = set(
        ctx.session.scalars(
            select(Application.org_id).where(Application.challenge_id == ch.id, Application.status != "withdrawn")
        )
    )
    notify_orgs(ctx.session, orgs, kind=kind, title=title, body=body, now=ctx.now(), challenge_id=ch.id)


def record_and_notify(
    session: Session,
    challenge_id: str,
    *,
    actor: str,
    kind: str,
    data: dict[str, Any],
    title: str,
    now: datetime,
    body: str = "",
    user_id: str | None = None,
    org_id: str | None = None,
) -> None:
    """A step taken on a challenge: appended to its audit chain and announced to the user or the
    organisation it concerns, both under the one name `kind`."""
    audit.append(session, challenge_id, actor=actor, action=kind, data=data, now=now)
    notify(
        session, kind=kind, title=title, now=now, body=body, user_id=user_id, org_id=org_id, challenge_id=challenge_id
    )


# The inbox and the admins' list of deliveries: reads of what the functions above write.


def _mine(principal: Principal) -> ColumnElement[bool]:
    clause = Notification.user_id == principal.subject
    if principal.org_id:
        clause = or_(clause, Notification.org_id == principal.org_id)
    return clause


def _delivery(row: NotificationDelivery) -> s.DeliveryOut:
    return s.DeliveryOut(channel=row.topic, state=row.state, attempts=row.attempts, sent_at=row.delivered_at)


def _with_deliveries(session: Session, principal: Principal, rows: list[Notification]) -> list[s.NotificationOut]:
    sent = states(session, [n.id for n in rows], principal.subject)
    return [
        s.NotificationOut.model_validate(n, from_attributes=True).model_copy(
            update={"deliveries": [_delivery(d) for d in sent.get(n.id, [])]}
        )
        for n in rows
    ]


def inbox(session: Session, principal: Principal, *, unread: bool) -> list[s.NotificationOut]:
    """The user's and its organisation's latest 200 notifications (only the unread ones when `unread`)."""
    stmt = select(Notification).where(_mine(principal))
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    rows = list(session.scalars(stmt.order_by(Notification.created_at.desc()).limit(200)))
    return _with_deliveries(session, principal, rows)


def mark_read(session: Session, principal: Principal, notification_id: str, now: datetime) -> s.NotificationOut:
    n = session.scalars(select(Notification).where(Notification.id == notification_id, _mine(principal))).first()
    if n is None:
        raise NotFound("notification not found")
    n.read_at = n.read_at or now
    return _with_deliveries(session, principal, [n])[0]


def _admin_out(session: Session, rows: list[NotificationDelivery]) -> list[s.AdminDeliveryOut]:
    ids = sorted({r.notification_id for r in rows})
    kinds = {
        row.id: row.kind
        for row in session.execute(select(Notification.id, Notification.kind).where(Notification.id.in_(ids)))
    }
    return [
        s.AdminDeliveryOut(
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


def deliveries(session: Session, state: s.State, limit: int) -> list[s.AdminDeliveryOut]:
    rows = deadletter.listing(session, "delivered" if state == "sent" else state, limit, NotificationDelivery)
    return _admin_out(session, rows)


def retry_delivery(session: Session, admin: Principal, delivery_id: str, now: datetime) -> s.AdminDeliveryOut:
    """A failed delivery back in the queue with a fresh budget of attempts."""
    row = session.get(NotificationDelivery, delivery_id, with_for_update=True)
    if row is None:
        raise NotFound(f"delivery {delivery_id} not found")
    if row.failed_at is None:
        raise Conflict("Only a failed delivery can be retried", code="not-failed")
    data = {"notification_id": row.notification_id, "channel": row.topic, "last_error": row.last_error}
    admin_audit.record(session, admin, "delivery.retried", f"delivery:{row.id}", now=now, data=data)
    deadletter.retry(session, row, now)
    session.flush()
    return _admin_out(session, [row])[0]
