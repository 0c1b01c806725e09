"""A generic transactional outbox: a table mixin, `enqueue()` in the writer's transaction, and a relay.

The relay claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers),
leases them for a while so another replica does not send them at the same time, delivers each one
outside any transaction and records the outcome with exponential backoff. Delivery is at least
once; consumers are idempotent by event id.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from kit.clock import Clock
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
        seconds = min(self.cap, self.base * self.factor ** max(0, attempts - 1))
        return timedelta(seconds=seconds * (1 + random.uniform(0, self.jitter)))


Deliver = Callable[[OutboxMixin], Awaitable[None]]


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
        now = self.clock.now()
        with self.factory() as session, session.begin():
            stmt = (
                select(m)
                .where(m.delivered_at.is_(None), m.next_attempt_at <= now)
                .order_by(m.created_at, m.id)
                .limit(self.batch)
            )
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            rows = list(session.scalars(stmt))
            for row in rows:
                row.next_attempt_at = now + self.lease
            session.flush()
            session.expunge_all()
        return rows

    def _record(self, row_id: str, error: str | None) -> datetime | None:
        """Stores the outcome; returns the next attempt time after a failure."""
        now = self.clock.now()
        with self.factory() as session, session.begin():
            row = session.get(self.model, row_id)
            if row is None or row.delivered_at is not None:
                return None
            row.attempts += 1
            if error is None:
                row.delivered_at = now
                row.next_attempt_at = None
                row.last_error = ""
            else:
                row.next_attempt_at = now + self.backoff.delay(row.attempts)
                row.last_error = error[:2000]
            return row.next_attempt_at

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
