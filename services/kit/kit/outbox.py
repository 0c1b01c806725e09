"""A generic transactional outbox: a table mixin, `enqueue()` in the writer's transaction, and a relay.

The relay claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers),
leases them for a while so another replica does not send them at the same time, delivers each one
outside any transaction and records the outcome with exponential backoff. Delivery is at least
once; consumers are idempotent by event id.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, select
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


def enqueue(session: Session, model: type[OutboxMixin], *, topic: str, payload: dict[str, Any], now: datetime,
            key: str = "", event_id: str | None = None) -> OutboxMixin:
    row = model(id=event_id or new_id(), topic=topic, key=key, payload=payload, created_at=now,
                next_attempt_at=now, attempts=0)
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

    def __init__(self, factory: sessionmaker[Session], model: type[OutboxMixin], deliver: Deliver, clock: Clock,
                 *, batch: int = 50, lease: timedelta = timedelta(seconds=30), backoff: Backoff | None = None) -> None:
        self.factory = factory
        self.model = model
        self.deliver = deliver
        self.clock = clock
        self.batch = batch
        self.lease = lease
        self.backoff = backoff or Backoff()

    def claim(self) -> list[OutboxMixin]:
        m = self.model
        now = self.clock.now()
        with self.factory() as session, session.begin():
            stmt = (select(m).where(m.delivered_at.is_(None), m.next_attempt_at <= now)
                    .order_by(m.created_at, m.id).limit(self.batch))
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            rows = list(session.scalars(stmt))
            for row in rows:
                row.next_attempt_at = now + self.lease
            session.flush()
            session.expunge_all()
        return rows

    def _record(self, row_id: str, error: str | None) -> None:
        now = self.clock.now()
        with self.factory() as session, session.begin():
            row = session.get(self.model, row_id)
            if row is None or row.delivered_at is not None:
                return
            row.attempts += 1
            if error is None:
                row.delivered_at = now
                row.next_attempt_at = None
                row.last_error = ""
            else:
                row.next_attempt_at = now + self.backoff.delay(row.attempts)
                row.last_error = error[:2000]

    async def run_once(self) -> tuple[int, int]:
        """One pass; returns (delivered, failed)."""
        delivered = failed = 0
        for row in self.claim():
            try:
                await self.deliver(row)
            except Exception as exc:
                failed += 1
                log.warning("outbox delivery failed", extra={"event_id": row.id, "topic": row.topic,
                                                             "error": str(exc)})
                self._record(row.id, f"{type(exc).__name__}: {exc}")
            else:
                delivered += 1
                self._record(row.id, None)
        return delivered, failed

    def pending(self) -> int:
        m = self.model
        with self.factory() as session:
            return len(list(session.scalars(select(m.id).where(m.delivered_at.is_(None)))))
