"""The status check (kit.auth.UserStatusGuard) for the gateway's own endpoints: straight from its
database, uncached, so a suspended administrator's token stops working on /api/admin at once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from gateway.models import User
from kit.auth import StatusLookup, UserStatusGuard


def database_status_guard(sessions: sessionmaker[Session]) -> UserStatusGuard:
    def read(user_id: str) -> str:
        with sessions() as session:
            return session.scalar(select(User.status).where(User.id == user_id)) or "missing"

    async def lookup(user_id: str) -> str | None:
        return await run_in_threadpool(read, user_id)

    checked: StatusLookup = lookup
    return UserStatusGuard(checked, ttl=0.0)
