from __future__ import annotations

from fastapi import APIRouter

from kit.auth import OptionalUser
from kit.errors import problem_responses
from workflow.application.auth import VendorUser
from workflow.challenge.auth import GovUser
from workflow.context import Ctx
from workflow.objection import schemas as s
from workflow.objection import service

router = APIRouter(tags=["objections"])


def _out(o: object) -> s.ObjectionOut:
    return s.ObjectionOut.model_validate(o, from_attributes=True)


@router.post(
    "/challenges/{challenge_id}/objections",
    status_code=201,
    response_model=s.ObjectionOut,
    responses=problem_responses(401, 403, 404, 409),
)
def file_objection(ctx: Ctx, principal: VendorUser, challenge_id: str, body: s.ObjectionCreate) -> s.ObjectionOut:
    return _out(service.file(ctx, principal, challenge_id, body))


@router.post(
    "/objections/{objection_id}/decision",
    response_model=s.ObjectionOut,
    responses=problem_responses(401, 403, 404, 409),
)
def decide(ctx: Ctx, principal: GovUser, objection_id: str, body: s.ObjectionDecision) -> s.ObjectionOut:
    return _out(service.decide(ctx, principal, objection_id, body))


@router.get(
    "/challenges/{challenge_id}/objections", response_model=list[s.ObjectionOut], responses=problem_responses(401, 404)
)
def list_objections(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.ObjectionOut]:
    return service.listing(ctx, principal, challenge_id)
