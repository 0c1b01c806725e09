from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.types import new_id
from workflow.audit import service as audit
from workflow.models import Application, Challenge, Notification, NotificationDelivery


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
