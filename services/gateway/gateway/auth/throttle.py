"""Login throttling by account and by client address.

Failures are written in their own short transaction: the login request itself fails and rolls
back, and the count must survive that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gateway.models import LoginFailure


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    address_max_failures: int
    window: timedelta
    lockout: timedelta


class LoginThrottle:
    def __init__(self, sessions: sessionmaker[Session], policy: ThrottlePolicy) -> None:
        self.sessions = sessions
        self.policy = policy

    def retry_after(self, keys: list[str], now: datetime) -> int | None:
        """Seconds until the earliest lock among `keys` lifts, or None when none is locked."""
        with self.sessions() as session:
            rows = session.scalars(select(LoginFailure).where(LoginFailure.key.in_(keys))).all()
        waits = [(r.locked_until - now).total_seconds() for r in rows if r.locked_until and r.locked_until > now]
        return max(1, math.ceil(max(waits))) if waits else None

    def record_failure(self, keys: list[str], now: datetime) -> None:
        with self.sessions.begin() as session:
            for key in keys:
                limit = self.policy.address_max_failures if key.startswith("addr:") else self.policy.max_failures
                row = session.get(LoginFailure, key, with_for_update=True)
                if row is None:
                    row = LoginFailure(key=key, count=0, window_start=now)
                    session.add(row)
                if now - row.window_start > self.policy.window:
                    row.count, row.window_start, row.locked_until = 0, now, None
                row.count += 1
                if row.count >= limit:
                    row.locked_until = now + self.policy.lockout

    def clear(self, key: str) -> None:
        with self.sessions.begin() as session:
            row = session.get(LoginFailure, key)
            if row is not None:
                session.delete(row)
