from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from kit.errors import NotFound
from kit.tokens import Principal
from workflow.challenge.lifecycle import PUBLISHED
from workflow.models import Amendment, Challenge, ChallengeTransition


def get(session: Session, challenge_id: str, *, lock: bool = False) -> Challenge:
    stmt = select(Challenge).where(Challenge.id == challenge_id)
    if lock:
        stmt = stmt.with_for_update()
    ch = session.scalars(stmt).first()
    if ch is None:
        raise NotFound(f"challenge {challenge_id} not found")
    return ch


def readable_by(principal: Principal | None) -> Select[Challenge]:
    stmt = select(Challenge)
    if principal is not None and principal.has_role("gov_reviewer", "admin"):
        return stmt
    public = Challenge.status.in_(sorted(PUBLISHED)) & Challenge.published_at.is_not(None)
    if principal is not None and principal.has_role("enterprise") and principal.org_id:
        return stmt.where(or_(public, Challenge.owner_org_id == principal.org_id))
    return stmt.where(public)


def listing(principal: Principal | None, status: str | None = None, *, mine: bool = False) -> Select[Challenge]:
    """The challenges this subject may list, in `status` when given, only its organisation's when `mine`."""
    stmt = readable_by(principal)
    if status:
        stmt = stmt.where(Challenge.status == status)
    if mine:
        stmt = stmt.where(Challenge.owner_org_id == (principal.org_id if principal else None))
    return stmt


def page(session: Session, stmt: Select[Challenge], limit: int, offset: int) -> tuple[list[Challenge], int]:
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Challenge.created_at.desc(), Challenge.id).limit(limit).offset(offset))
    return list(rows), int(total)


def transitions(session: Session, challenge_id: str) -> list[ChallengeTransition]:
    return list(
        session.scalars(
            select(ChallengeTransition)
            .where(ChallengeTransition.challenge_id == challenge_id)
            .order_by(ChallengeTransition.version)
        )
    )


def amendments(session: Session, challenge_id: str) -> list[Amendment]:
    return list(
        session.scalars(select(Amendment).where(Amendment.challenge_id == challenge_id).order_by(Amendment.version))
    )


def due(session: Session, now_before: object) -> list[str]:
    return list(session.scalars(select(Challenge.id).where(Challenge.next_check_at <= now_before)))
