from __future__ import annotations

from fastapi import APIRouter, Query

from kit.auth import OptionalUser
from kit.db import DbSession
from kit.errors import problem_responses
from matching.auth import VendorUser
from matching.deps import ClockDep
from matching.matchmaking import service
from matching.matchmaking.schemas import Matches, Recommendations

router = APIRouter(tags=["matchmaking"])


@router.get("/demands/{demand_id}/matches", response_model=Matches, responses=problem_responses(401, 404))
def demand_matches(
    demand_id: str, session: DbSession, user: OptionalUser, clock: ClockDep, limit: int = Query(10, ge=1, le=50)
) -> Matches:
    return service.for_demand(session, demand_id, user, clock, limit)


@router.get("/challenges/{challenge_id}/matches", response_model=Matches, responses=problem_responses(404))
def challenge_matches(
    challenge_id: str, session: DbSession, clock: ClockDep, limit: int = Query(10, ge=1, le=50)
) -> Matches:
    return service.for_challenge(session, challenge_id, clock, limit)


@router.get("/recommendations", response_model=Recommendations, responses=problem_responses(401, 403, 404))
def recommendations(
    session: DbSession, user: VendorUser, clock: ClockDep, limit: int = Query(20, ge=1, le=100)
) -> Recommendations:
    """Open challenges and demands for the signed-in vendor, ineligible ones left out, with reasons."""
    return service.recommendations(session, user, clock, limit)
