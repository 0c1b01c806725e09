from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import problem_responses
from matching.auth import VendorUser
from matching.deps import ClockDep
from matching.idempotency import IdempotencyDep
from matching.interest import service
from matching.interest.schemas import Decision, Interest, InterestCreate

router = APIRouter(tags=["interests"])


@router.post(
    "/demands/{demand_id}/interests",
    response_model=Interest,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def express_interest(
    demand_id: str, body: InterestCreate, session: DbSession, user: VendorUser, clock: ClockDep, idem: IdempotencyDep
) -> Interest | JSONResponse:
    if (prior := idem.begin(session, body)) is not None:
        return prior
    interest = service.express(session, user, demand_id, body, clock)
    idem.finish(201, interest)
    return interest


@router.get("/demands/{demand_id}/interests", response_model=list[Interest], responses=problem_responses(401, 404))
def demand_interests(demand_id: str, session: DbSession, user: CurrentUser) -> list[Interest]:
    """The publisher (or an admin) sees all; a vendor sees its own."""
    return service.for_demand(session, user, demand_id)


@router.get("/interests", response_model=list[Interest], responses=problem_responses(401, 403))
def my_interests(session: DbSession, user: VendorUser) -> list[Interest]:
    return service.mine(session, user)


@router.post(
    "/interests/{interest_id}/decision", response_model=Interest, responses=problem_responses(401, 403, 404, 409, 422)
)
def decide_interest(
    interest_id: str, body: Decision, session: DbSession, user: CurrentUser, clock: ClockDep
) -> Interest:
    """The publisher marks a deal (对接成功) or declines with a reason."""
    return service.decide(session, user, interest_id, body, clock)
