"""The award lifecycle: a recommended award is approved or rejected; an upheld objection cancels an approved
one, and so does a winner that refuses its task agreement or does not sign it in time (decision 0105)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.rules import Actor, Lifecycle, Rule, rule
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import Application, Award, Challenge


class AwardStatus(StrEnum):
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


W = AwardStatus
RULES: tuple[Rule[Award, Context], ...] = (
    rule("approve", {W.RECOMMENDED}, W.APPROVED, "gov", public=False),
    rule("reject", {W.RECOMMENDED}, W.REJECTED, "gov", public=False),
    rule("cancel", {W.APPROVED}, W.CANCELLED, "gov", needs_reason=True, public=False),  # objection upheld
    # The winner refused the task agreement or let its signing deadline pass (decision 0105).
    rule("forfeit", {W.APPROVED}, W.CANCELLED, "follows", needs_reason=True, public=False),
)
LIFECYCLE: Lifecycle[Award, Context] = Lifecycle(
    "award", tuple(W), RULES, may_act=actor_kinds(), record=recorder("award")
)


def recommended(app: Application, actor: Actor, now: datetime) -> Award:
    """A new award row for `app`, as recommended by `actor` (at the review, or as the next award)."""
    return Award(
        challenge_id=app.challenge_id,
        application_id=app.id,
        org_id=app.org_id,
        org_name=app.org_name,
        score=app.score,
        rank=app.rank,
        status=AwardStatus.RECOMMENDED,
        recommended_by=actor.id,
        created_at=now,
    )


def transition(ctx: Context, award: Award, action: str, actor: Actor, *, reason: str = "") -> None:
    """The only writer of `Award.status`."""
    LIFECYCLE.transition(ctx, award, action, actor, ctx.now(), reason=reason)


def current(session: Session, ch: Challenge, statuses: tuple[str, ...]) -> list[Award]:
    """The challenge's awards in `statuses`, best ranked first."""
    return list(
        session.scalars(
            select(Award)
            .where(Award.challenge_id == ch.id, Award.status.in_(statuses))
            .order_by(Award.rank, Award.created_at)
        )
    )
