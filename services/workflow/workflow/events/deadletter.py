"""Dead letters for the outbox: an event the consumer never accepts stops being retried.

The kit relay retries with backoff for ever. Here the deliverer is wrapped so that the ids that
failed in a pass are known; after the pass those whose `attempts` reached the limit get
`failed_at` and lose `next_attempt_at` (the relay only claims rows with one). Admins list them and
put them back in the queue. Only primary-key lookups: no scan of the outbox per pass.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import Clock
from kit.outbox import Deliver, OutboxMixin, OutboxRelay
from workflow.models import NotificationDelivery, OutboxEvent

# The outboxes with dead letters: matching's events and the notifications' deliveries.
DeadLettered = OutboxEvent | NotificationDelivery
T = TypeVar("T", OutboxEvent, NotificationDelivery)

log = logging.getLogger("workflow.outbox")


class DeadLetters:
    def __init__(
        self,
        factory: sessionmaker[Session],
        clock: Clock,
        max_attempts: int,
        model: type[OutboxEvent] | type[NotificationDelivery] = OutboxEvent,
    ) -> None:
        self.factory = factory
        self.model = model
        self.clock = clock
        self.max_attempts = max_attempts
        self._failed: set[str] = set()

    def wrap(self, deliver: Deliver) -> Deliver:
        async def tracked(row: OutboxMixin) -> None:
            try:
                await deliver(row)
            except Exception:
                self._failed.add(row.id)
                raise

        return tracked

    def sweep(self) -> list[str]:
        """Dead-letters the events that failed in the last pass and used up their attempts."""
        ids, self._failed = list(self._failed), set()
        if not ids:
            return []
        m = self.model
        with self.factory() as session, session.begin():
            dead = list(
                session.scalars(
                    update(m)
                    .where(
                        m.id.in_(ids),
                        m.delivered_at.is_(None),
                        m.failed_at.is_(None),
                        m.attempts >= self.max_attempts,
                    )
                    .values(failed_at=self.clock.now(), next_attempt_at=None)
                    .returning(m.id)
                )
            )
        for event_id in dead:
            log.error("outbox event dead-lettered", extra={"event_id": event_id, "attempts": self.max_attempts})
        return dead

    async def run_once(self, relay: OutboxRelay) -> tuple[int, int]:
        result = await relay.run_once()
        await asyncio.to_thread(self.sweep)
        return result


def listing(session: Session, state: str, limit: int, m: type[T]) -> list[T]:
    stmt = select(m)
    if state == "failed":
        stmt = stmt.where(m.failed_at.is_not(None)).order_by(m.failed_at.desc(), m.id)
    elif state == "pending":
        stmt = stmt.where(m.delivered_at.is_(None), m.failed_at.is_(None)).order_by(m.created_at, m.id)
    else:
        stmt = stmt.where(m.delivered_at.is_not(None)).order_by(m.delivered_at.desc(), m.id)
    return list(session.scalars(stmt.limit(limit)))


def retry(session: Session, event: DeadLettered, now: datetime) -> None:
    """Back in the queue with a fresh budget of attempts; the last error stays for the record."""
    event.failed_at = None
    event.attempts = 0
    event.next_attempt_at = now
