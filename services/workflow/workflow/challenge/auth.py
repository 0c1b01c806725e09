"""Who may see and touch a challenge."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from kit.auth import require_roles
from kit.errors import NotFound
from kit.history import actor
from kit.tokens import Principal
from workflow.challenge import repository
from workflow.challenge.lifecycle import PUBLISHED, Actor
from workflow.models import Challenge

EnterpriseUser = Annotated[Principal, Depends(require_roles("enterprise"))]
GovUser = Annotated[Principal, Depends(require_roles("gov_reviewer"))]
ExpertUser = Annotated[Principal, Depends(require_roles("expert"))]


def actor_of(principal: Principal | None) -> Actor | None:
    if principal is None or principal.is_service:
        return None
    return actor(principal)


def is_owner(ch: Challenge, principal: Principal | None) -> bool:
    return (
        principal is not None
        and principal.has_role("enterprise")
        and principal.org_id is not None
        and principal.org_id == ch.owner_org_id
    )


def can_read(ch: Challenge, principal: Principal | None) -> bool:
    if ch.status in PUBLISHED and ch.published_at is not None:
        return True
    return is_owner(ch, principal) or (principal is not None and principal.has_role("gov_reviewer", "admin"))


def readable(session: Session, challenge_id: str, principal: Principal | None, *, lock: bool = False) -> Challenge:
    """The challenge when this subject may see it; one it may not see gets what a nonexistent id gets."""
    ch = repository.get(session, challenge_id, lock=lock)
    if not can_read(ch, principal):
        raise NotFound(f"challenge {challenge_id} not found")
    return ch
