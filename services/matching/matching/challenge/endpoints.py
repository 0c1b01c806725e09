from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.db import DbSession
from kit.errors import NotFound, problem_responses
from matching.challenge.schemas import Challenge, ChallengeWinner
from matching.models import Challenge as ChallengeRow
from matching.models.challenge import ChallengeStatus

router = APIRouter(tags=["challenges"])


def to_schema(c: ChallengeRow) -> Challenge:
    return Challenge(
        id=c.id,
        version=c.version,
        status=c.status,
        title=c.title,
        summary=c.summary,
        mode=c.mode,
        owner_org_id=c.owner_org_id,
        owner_org_name=c.owner_org_name,
        reward_amount=None if c.reward_amount is None else float(c.reward_amount),
        funding_source=c.funding_source,
        layer_tags=c.layer_tags,
        end_tags=c.end_tags,
        scenario_domain=c.scenario_domain,
        allowed_districts=c.allowed_districts,
        required_qualifications=c.required_qualifications,
        application_deadline=c.application_deadline,
        published_at=c.published_at,
        max_winners=c.max_winners,
        winners=[ChallengeWinner.model_validate(w) for w in c.winners],
    )


def get_row(session: Session, challenge_id: str) -> ChallengeRow:
    row = session.get(ChallengeRow, challenge_id)
    if row is None:
        raise NotFound("No such public challenge")
    return row


@router.get("/challenges", response_model=list[Challenge])
def list_challenges(
    session: DbSession,
    status: ChallengeStatus | None = None,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[Challenge]:
    stmt = select(ChallengeRow).order_by(ChallengeRow.published_at.desc())
    if status:
        stmt = stmt.where(ChallengeRow.status == status)
    return [to_schema(c) for c in session.scalars(stmt.limit(limit).offset(offset))]


@router.get("/challenges/{challenge_id}", response_model=Challenge, responses=problem_responses(404))
def get_challenge(challenge_id: str, session: DbSession) -> Challenge:
    return to_schema(get_row(session, challenge_id))
