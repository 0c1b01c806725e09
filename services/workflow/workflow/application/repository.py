from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kit.errors import NotFound
from kit.types import new_id
from workflow.models import Application, IdempotencyRecord


def get(session: Session, application_id: str, *, lock: bool = False) -> Application:
    stmt = select(Application).where(Application.id == application_id)
    if lock:
        stmt = stmt.with_for_update()
    app = session.scalars(stmt).first()
    if app is None:
        raise NotFound(f"application {application_id} not found")
    return app


def for_challenge(session: Session, challenge_id: str, statuses: Iterable[str] | None = None) -> list[Application]:
    stmt = select(Application).where(Application.challenge_id == challenge_id)
    if statuses is not None:
        stmt = stmt.where(Application.status.in_(list(statuses)))
    return list(session.scalars(stmt.order_by(Application.submitted_at, Application.id)))


def of_org(session: Session, org_id: str) -> list[Application]:
    return list(
        session.scalars(
            select(Application).where(Application.org_id == org_id).order_by(Application.submitted_at.desc())
        )
    )


def count_active(session: Session, challenge_id: str, org_id: str) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Application.challenge_id == challenge_id,
                Application.org_id == org_id,
                Application.status.in_(["submitted", "needs_reconfirmation"]),
            )
        )
        or 0
    )


def claim_idempotency_key(
    session: Session, scope: str, key: str, request_hash: str, resource_id: str, now: datetime
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING (both databases): True when this request owns the key."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(IdempotencyRecord).values(
        id=new_id(), scope=scope, key=key, request_hash=request_hash, resource_id=resource_id, created_at=now
    )
    claimed = stmt.on_conflict_do_nothing(index_elements=["scope", "key"]).returning(IdempotencyRecord.id)
    return session.execute(claimed).first() is not None


def idempotent(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    ).first()
