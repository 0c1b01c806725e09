from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, select
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


def active_count_of(challenge_id: str, org_id: str) -> ScalarSelect[int]:
    return (
        select(func.count())
        .where(
            Application.challenge_id == challenge_id,
            Application.org_id == org_id,
            Application.status.in_(["submitted", "needs_reconfirmation"]),
        )
        .scalar_subquery()
    )


def quota_lock(session: Session, challenge_id: str, org_id: str) -> ColumnElement[Any] | None:
    """A transaction-scoped PostgreSQL advisory lock on (challenge, organisation), as a column to
    add to a statement; None on SQLite, where BEGIN IMMEDIATE already serialises writers."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return func.pg_advisory_xact_lock(func.hashtextextended(f"application-quota:{challenge_id}:{org_id}", 0))


def claim_idempotency_key(
    session: Session,
    scope: str,
    key: str,
    request_hash: str,
    resource_id: str,
    now: datetime,
    *,
    lock: ColumnElement[Any] | None = None,
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING (both databases): True when this request owns the key.

    `lock` (see `quota_lock`) is taken in the same statement, only when the key was claimed."""
    dialect_insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(IdempotencyRecord).values(
        id=new_id(), scope=scope, key=key, request_hash=request_hash, resource_id=resource_id, created_at=now
    )
    returned = [IdempotencyRecord.id] if lock is None else [IdempotencyRecord.id, lock]
    claimed = stmt.on_conflict_do_nothing(index_elements=["scope", "key"]).returning(*returned)
    # Core execution on the session's connection: no ORM bulk-insert machinery for one row.
    return session.connection().execute(claimed).first() is not None


def idempotent(session: Session, scope: str, key: str) -> IdempotencyRecord | None:
    return session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    ).first()
