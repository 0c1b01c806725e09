from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, ScalarSelect, Select, Table, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from kit.db import insert_now, is_postgres, row_params, values_select
from kit.errors import NotFound
from kit.types import UtcDateTime, new_id
from workflow.application.lifecycle import ACTIVE
from workflow.models import Application, Challenge, IdempotencyKey, Notification, NotificationDelivery
from workflow.notification.service import fanout

# The one answer for an application id the caller may not see, and for one that does not exist.
NOT_FOUND = "申报不存在。 No such application."


def get(session: Session, application_id: str, *, lock: bool = False) -> Application:
    stmt = select(Application).where(Application.id == application_id)
    if lock:
        stmt = stmt.with_for_update()
    app = session.scalars(stmt).first()
    if app is None:
        raise NotFound(NOT_FOUND)
    return app


def for_challenge(session: Session, challenge_id: str, statuses: Iterable[str] | None = None) -> list[Application]:
    stmt = select(Application).where(Application.challenge_id == challenge_id)
    if statuses is not None:
        stmt = stmt.where(Application.status.in_(list(statuses)))
    return list(session.scalars(stmt.order_by(Application.submitted_at, Application.id)))


def of_org(session: Session, org_id: str) -> list[tuple[Application, datetime | None]]:
    """An organisation's applications, each with the start of its challenge's 公示 (or None)."""
    rows = session.execute(
        select(Application, Challenge.publicity_started_at)
        .join(Challenge, Challenge.id == Application.challenge_id)
        .where(Application.org_id == org_id)
        .order_by(Application.submitted_at.desc())
    )
    return [(app, started) for app, started in rows]


# The submission path's statements are built once, with bound parameters: building a select (and
# its cache key) on every request cost more Python time than executing it. Parameters:
# challenge_id, org_id, quota_key (see `quota_params`).
ACTIVE_COUNT: ScalarSelect[int] = (
    select(func.count())
    .where(
        Application.challenge_id == bindparam("challenge_id"),
        Application.org_id == bindparam("org_id"),
        Application.status.in_(list(ACTIVE)),
    )
    .scalar_subquery()
)
# A transaction-scoped PostgreSQL advisory lock on (challenge, organisation), as a column to add to a
# statement. SQLite needs none: BEGIN IMMEDIATE already serialises writers.
QUOTA_LOCK: ColumnElement[Any] = func.pg_advisory_xact_lock(func.hashtextextended(bindparam("quota_key"), 0))


def quota_params(challenge_id: str, org_id: str) -> dict[str, str]:
    return {"challenge_id": challenge_id, "org_id": org_id, "quota_key": f"application-quota:{challenge_id}:{org_id}"}


# What the submission path reads of the challenge (not the up to 50 kB description or criteria), as a
# Core row: no ORM object is needed to decide and seal a submission.
_CHALLENGES = cast(Table, Challenge.__table__)
_SUBMISSION_COLUMNS = (
    _CHALLENGES.c.id,
    _CHALLENGES.c.status,
    _CHALLENGES.c.title,
    _CHALLENGES.c.eligibility,
    _CHALLENGES.c.application_deadline,
    _CHALLENGES.c.published_at,
    _CHALLENGES.c.sealing,
    _CHALLENGES.c.custodians,
    _CHALLENGES.c.custodian_threshold,
)


def _submission_read(*also: ColumnElement[Any]) -> Select[Any]:
    # FOR SHARE: submissions run side by side; the opening takes FOR UPDATE and waits for them.
    return (
        select(*_SUBMISSION_COLUMNS, *also)
        .where(_CHALLENGES.c.id == bindparam("challenge_id"))
        .with_for_update(read=True, of=_CHALLENGES)
    )


# Built once (see ACTIVE_COUNT): the challenge alone, or with the quota lock.
_READ_PLAIN = _submission_read()
_READ_WITH_LOCK = _submission_read(QUOTA_LOCK)


def lock_for_submission(session: Session, challenge_id: str, *, quota: dict[str, str] | None = None) -> Row[Any] | None:
    """The challenge's submission columns, share-locked (None when there is no such challenge).

    With `quota` (see `quota_params`) the quota lock is taken in the same statement on PostgreSQL;
    SQLite needs none (BEGIN IMMEDIATE already serialises writers)."""
    if quota is not None and is_postgres(session):
        return session.connection().execute(_READ_WITH_LOCK, quota).first()
    return session.connection().execute(_READ_PLAIN, {"challenge_id": challenge_id}).first()


@cache
def _claim_statement(postgres: bool, with_lock: bool) -> ReturningInsert[Any]:
    dialect_insert = postgresql.insert if postgres else sqlite.insert
    # The kit's table; the answer is not stored (a replay renders the receipt from resource_id), so the claim is
    # the key's only statement.
    stmt = dialect_insert(IdempotencyKey).values(
        scope=bindparam("scope"),
        key=bindparam("key"),
        request_hash=bindparam("request_hash"),
        status_code=201,
        resource_id=bindparam("resource_id"),
        created_at=bindparam("created_at", type_=UtcDateTime()),
    )
    returned = [IdempotencyKey.key, QUOTA_LOCK] if with_lock else [IdempotencyKey.key]
    return stmt.on_conflict_do_nothing(index_elements=["scope", "key"]).returning(*returned)


def claim_idempotency_key(
    session: Session,
    scope: str,
    key: str,
    request_hash: str,
    resource_id: str,
    now: datetime,
    *,
    quota: dict[str, str] | None = None,
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING (both databases): True when this request owns the key.

    With `quota` (see `quota_params`) on PostgreSQL the quota lock is taken in the same statement,
    only when the key was claimed."""
    postgres = is_postgres(session)
    with_lock = quota is not None and postgres
    params: dict[str, Any] = {
        "scope": scope,
        "key": key,
        "request_hash": request_hash,
        "resource_id": resource_id,
        "created_at": now,
        **(quota if with_lock and quota is not None else {}),
    }
    # Core execution on the session's connection: no ORM bulk-insert machinery for one row.
    return session.connection().execute(_claim_statement(postgres, with_lock), params).first() is not None


@cache
def _within_quota_statement(postgres: bool) -> ReturningInsert[Any]:
    applications = cast(Table, Application.__table__)
    within_quota = values_select(applications, "a_", postgres=postgres).where(ACTIVE_COUNT < bindparam("limit"))
    insert_application = (
        insert(applications)
        .from_select([c.key for c in applications.columns], within_quota)
        .returning(applications.c.id)
    )
    if not postgres:
        return insert_application
    # PostgreSQL: the vendor's receipt notification and its delivery row (which takes it outside
    # the app) ride in the same statement, written only when the application was.
    notifications = cast(Table, Notification.__table__)
    deliveries = cast(Table, NotificationDelivery.__table__)
    written = insert_application.cte("written")
    noticed = (
        insert(notifications)
        .from_select(
            [c.key for c in notifications.columns],
            values_select(notifications, "n_", postgres=True).select_from(written),
        )
        .returning(notifications.c.id)
        .cte("noticed")
    )
    return (
        insert(deliveries)
        .from_select(
            [c.key for c in deliveries.columns],
            values_select(deliveries, "d_", postgres=True).select_from(noticed),
        )
        .returning(deliveries.c.id)
    )


def insert_within_quota(
    session: Session, application: Application, notification: Notification, quota: dict[str, str], limit: int
) -> bool:
    """Write a new application (and its receipt notification) unless its organisation already has
    `limit` active applications to the challenge; False when refused.

    The count runs inside the INSERT, a later statement than the quota lock (see `quota_params`),
    so under READ COMMITTED it sees every sibling committed while this one waited for the lock.
    One statement on PostgreSQL, three on SQLite (no INSERT in a WITH there)."""
    postgres = is_postgres(session)
    params = {**row_params(application, "a_"), **quota, "limit": limit}
    if postgres:
        params.update(row_params(notification, "n_"))
        params.update(_delivery_params(notification))
    written = session.connection().execute(_within_quota_statement(postgres), params).first() is not None
    if written and not postgres:
        insert_now(session, notification)
        insert_now(session, fanout(notification, notification.created_at))
    return written


_DELIVERY_VARYING = ("d_id", "d_key", "d_notification_id", "d_created_at", "d_next_attempt_at")


@cache
def _delivery_constants() -> dict[str, Any]:
    # What `fanout` writes the same for every notification, read from it once: the hot path then
    # builds no ORM object for the delivery row (its attribute events cost more than the rest of it).
    template = Notification(id="", created_at=datetime.now(UTC))
    params = row_params(fanout(template, template.created_at), "d_")
    return {k: v for k, v in params.items() if k not in _DELIVERY_VARYING}


def _delivery_params(notification: Notification) -> dict[str, Any]:
    """`fanout(notification)` as the `d_` bind parameters of the one PostgreSQL write."""
    now = notification.created_at
    return {
        **_delivery_constants(),
        "d_id": new_id(),
        "d_key": notification.id,
        "d_notification_id": notification.id,
        "d_created_at": now,
        "d_next_attempt_at": now,
    }


def idempotent(session: Session, scope: str, key: str) -> IdempotencyKey | None:
    return session.get(IdempotencyKey, (scope, key))
