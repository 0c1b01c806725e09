from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from workflow.models import Notification


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
    session.add(
        Notification(
            user_id=user_id, org_id=org_id, kind=kind, title=title, body=body, challenge_id=challenge_id, created_at=now
        )
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
