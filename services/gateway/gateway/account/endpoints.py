"""The signed-in user's own sessions: each refresh-token family still alive, and signing one out."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from gateway import audit
from gateway.auth.service import revoke_tokens
from gateway.deps import ClockDep
from gateway.models import RefreshToken
from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import NotFound, problem_responses

router = APIRouter(prefix="/api/account", tags=["account"], responses=problem_responses(401, 403))


class AccountSession(BaseModel):
    id: str = Field(description="the session (refresh-token family)")
    started_at: datetime | None = Field(description="signed in at; unknown for sessions older than the list")
    last_active_at: datetime | None = Field(description="the session's latest token refresh")
    expires_at: datetime = Field(description="ends unless refreshed before")
    user_agent: str | None
    current: bool = Field(description="the session of this request")


@router.get("/sessions", response_model=list[AccountSession])
def list_sessions(principal: CurrentUser, session: DbSession, clock: ClockDep) -> list[AccountSession]:
    """The user's sessions still alive (a refresh token unused, unrevoked and unexpired), newest first."""
    now = clock.now()
    live = session.execute(
        select(RefreshToken.family, RefreshToken.expires_at, RefreshToken.user_agent).where(
            RefreshToken.user_id == principal.subject,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
    ).all()
    families = {family for family, _, _ in live}
    spans = {
        family: (first, last)
        for family, first, last in session.execute(
            select(RefreshToken.family, func.min(RefreshToken.issued_at), func.max(RefreshToken.issued_at))
            .where(RefreshToken.family.in_(families))
            .group_by(RefreshToken.family)
        )
    }
    out = [
        AccountSession(
            id=family,
            started_at=spans.get(family, (None, None))[0],
            last_active_at=spans.get(family, (None, None))[1],
            expires_at=expires,
            user_agent=agent,
            current=family == principal.session_id,
        )
        for family, expires, agent in live
    ]
    return sorted(out, key=lambda s: (not s.current, -(s.last_active_at or s.expires_at).timestamp()))


@router.delete("/sessions/{session_id}", status_code=204, responses=problem_responses(404))
def revoke_session(session_id: str, principal: CurrentUser, session: DbSession, clock: ClockDep) -> None:
    """Signs one of the user's sessions out: its refresh token stops working at once, and its access
    token lapses within minutes. Signing out the current session ends this one too."""
    now = clock.now()
    alive = session.scalar(
        select(RefreshToken.id).where(
            RefreshToken.family == session_id,
            RefreshToken.user_id == principal.subject,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
    )
    if alive is None:
        raise NotFound("没有这个登录会话。 No such session.")
    revoke_tokens(session, RefreshToken.family == session_id, now)
    data = {"session_id": session_id, "current": session_id == principal.session_id}
    audit.record(session, principal, "user.session_revoked", f"user:{principal.subject}", now=now, data=data)
