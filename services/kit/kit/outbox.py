"""A generic transactional outbox: a table mixin, `enqueue()` in the writer's transaction, and a relay.

The relay claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers),
leases them for a while so another replica does not send them at the same time, delivers each one
outside any transaction and records the outcome with exponential backoff. Delivery is at least
once; consumers are idempotent by event id.

`claim_due`, `Backoff` and `back_off` are the claiming, leasing and retry timing of any table of due
rows (columns `id`, `created_at`, `next_attempt_at`, `attempts`, `last_error`): the relay uses them,
and so does matching's search-index delivery, which sends a whole claimed batch in one call.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, ColumnElement, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kit.clock import Clock
from kit.db import is_postgres
from kit.types import UtcDateTime, new_id

log = logging.getLogger("kit.outbox")


class OutboxMixin:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    topic: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(80), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


def enqueue(
    session: Session,
    model: type[OutboxMixin],
    *,
    topic: str,
    payload: dict[str, Any],
    now: datetime,
    key: str = "",
    event_id: str | None = None,
) -> OutboxMixin:
    row: OutboxMixin = cast(Any, model)(
        id=event_id or new_id(), topic=topic, key=key, payload=payload, created_at=now, next_attempt_at=now, attempts=0
    )
    session.add(row)
    return row


@dataclass(frozen=True)
class Backoff:
    base: float = 1.0
    factor: float = 2.0
    cap: float = 300.0
    jitter: float = 0.1

    def delay(self, attempts: int) -> timedelta:
        # The exponent is bounded: a float power overflows after about a thousand attempts.
        seconds = min(self.cap, self.base * self.factor ** min(max(0, attempts - 1), 64))
        return timedelta(seconds=seconds * (1 + random.uniform(0, self.jitter)))


Deliver = Callable[[OutboxMixin], Awaitable[None]]


def claim_due(
    factory: sessionmaker[Session],
    model: type[Any],
    now: datetime,
    *,
    batch: int,
    lease: timedelta,
    where: tuple[ColumnElement[bool], ...] = (),
) -> list[Any]:
    """Lease up to `batch` rows due at `now` (oldest first) until `now + lease`, in a short transaction of its
    own; the rows come back detached. Replicas skip each other's locked rows on PostgreSQL."""
    with factory() as session, session.begin():
        stmt = (
            select(model).where(model.next_attempt_at <= now, *where).order_by(model.created_at, model.id).limit(batch)
        )
        if is_postgres(session):
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list(session.scalars(stmt))
        for row in rows:
            row.next_attempt_at = now + lease
        session.flush()
        session.expunge_all()
    return rows


def back_off(session: Session, model: type[Any], ids: list[str], error: str, now: datetime, backoff: Backoff) -> None:
    """Count a failed attempt for each row and schedule its next one."""
    for row in session.scalars(select(model).where(model.id.in_(ids))):
        row.attempts += 1
        row.last_error = error[:2000]
        row.next_attempt_at = now + backoff.delay(row.attempts)


class OutboxRelay:
    """`deliver` raises on failure (any exception means retry later)."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        model: type[OutboxMixin],
        deliver: Deliver,
        clock: Clock,
        *,
        batch: int = 50,
        lease: timedelta = timedelta(seconds=30),
        backoff: Backoff | None = None,
        stop_after: int = 3,
    ) -> None:
        self.factory = factory
        self.model = model
        self.deliver = deliver
        self.clock = clock
        self.batch = batch
        self.lease = lease
        self.backoff = backoff or Backoff()
        self.stop_after = stop_after

    def claim(self) -> list[OutboxMixin]:
        m = self.model
        return claim_due(
            self.factory, m, self.clock.now(), batch=self.batch, lease=self.lease, where=(m.delivered_at.is_(None),)
        )

    def _record(self, row_id: str, error: str | None) -> datetime | None:
        """Stores the outcome; returns the next attempt time after a failure."""
        now = self.clock.now()
        with self.factory() as session, session.begin():
            row = session.get(self.model, row_id)
            if row is None or row.delivered_at is not None:
                return None
            if error is not None:
                back_off(session, self.model, [row_id], error, now, self.backoff)
                return row.next_attempt_at
            row.attempts += 1
            row.delivered_at = now
            row.next_attempt_at = None
            row.last_error = ""
            return None

    def _release(self, row_ids: list[str], until: datetime) -> None:
        if not row_ids:
            return
        with self.factory() as session, session.begin():
            for row_id in row_ids:
                row = session.get(self.model, row_id)
                if row is not None and row.delivered_at is None:
                    row.next_attempt_at = until

    async def run_once(self) -> tuple[int, int]:
        """One pass in creation order; returns (delivered, failed).

        Order is kept per `key`: after a failure, later rows with the same key wait with it. After
        `stop_after` failures in a row the consumer is taken to be down and the rest of the batch
        backs off too, so it is not called once per event; one poison event does not hold up the
        other keys.
        """
        delivered = failed = streak = 0
        held: dict[str, datetime] = {}
        rows = await asyncio.to_thread(self.claim)
        for index, row in enumerate(rows):
            if row.key in held:
                await asyncio.to_thread(self._release, [row.id], held[row.key])
                continue
            try:
                await self.deliver(row)
            except Exception as exc:
                log.warning("outbox delivery failed", extra={"event_id": row.id, "topic": row.topic, "error": str(exc)})
                until = await asyncio.to_thread(self._record, row.id, f"{type(exc).__name__}: {exc}")
                failed += 1
                streak += 1
                held[row.key] = until or self.clock.now()
                if streak >= self.stop_after:
                    rest = [r.id for r in rows[index + 1 :]]
                    await asyncio.to_thread(self._release, rest, until or self.clock.now())
                    break
                continue
            streak = 0
            delivered += 1
            await asyncio.to_thread(self._record, row.id, None)
        return delivered, failed

    def pending(self) -> int:
        m = self.model
        with self.factory() as session:
            return int(session.scalar(select(func.count()).select_from(m).where(m.delivered_at.is_(None))) or 0)
