"""Events counted in the gateway's database, so that every replica counts the same ones.

Each event is written in its own short transaction: the request that caused it may fail and roll
back, and the count must survive that. On SQLite that transaction is kept apart from the argon2id
work, which never runs while the one write lock is held.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from gateway.models import RateEvent
from kit.errors import TooManyRequests


def client_address(request: Request) -> str:
    """The peer address as the throttles count it: uvicorn rewrites it from X-Forwarded-For only for
    configured proxies (kit.serve). An IPv6 client is counted by its /64, which one holder usually
    owns whole: rotating through it must not buy fresh counters."""
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


class RateEvents:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def record(self, kind: str, address: str, now: datetime, keep: timedelta, account: str | None = None) -> None:
        """Count one event; forget this kind's events older than `keep` on the way."""
        with self.sessions.begin() as session:
            session.execute(delete(RateEvent).where(RateEvent.kind == kind, RateEvent.at < now - keep))
            session.add(RateEvent(kind=kind, account=account, address=address, at=now))

    def forget(self, kind: str, *, account: str, address: str) -> None:
        with self.sessions.begin() as session:
            session.execute(
                delete(RateEvent).where(
                    RateEvent.kind == kind, RateEvent.account == account, RateEvent.address == address
                )
            )


@dataclass(frozen=True)
class Limit:
    """At most `max_events` in any `window`, per client address or (per_address=False) in all."""

    max_events: int
    window: timedelta
    per_address: bool


class RateLimit:
    """A named route's limits; `admit` refuses with 429 + Retry-After or counts the request."""

    def __init__(self, events: RateEvents, kind: str, limits: tuple[Limit, ...], detail: str) -> None:
        self.events = events
        self.kind = kind
        self.limits = limits
        self.detail = detail
        self.keep = max(limit.window for limit in limits)

    def retry_after(self, address: str, now: datetime) -> int | None:
        waits = []
        with self.events.sessions() as session:
            for limit in self.limits:
                query = select(func.count(), func.min(RateEvent.at)).where(
                    RateEvent.kind == self.kind, RateEvent.at > now - limit.window
                )
                if limit.per_address:
                    query = query.where(RateEvent.address == address)
                count, oldest = session.execute(query).one()
                if count >= limit.max_events and oldest is not None:
                    waits.append(seconds_until(oldest + limit.window, now))
        return max(waits) if waits else None

    def admit(self, address: str, now: datetime) -> None:
        wait = self.retry_after(address, now)
        if wait is not None:
            raise TooManyRequests(
                f"{self.detail}，请 {wait} 秒后再试。 Too many requests; retry in {wait}s.",
                retry_after=wait,
                code="rate-limited",
            )
        self.events.record(self.kind, address, now, self.keep)
