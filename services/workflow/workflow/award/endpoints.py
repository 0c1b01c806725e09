"""The 公示 notice of a challenge's awards, for whoever may read the challenge."""

from __future__ import annotations

from fastapi import APIRouter

from kit.auth import OptionalUser
from kit.errors import problem_responses
from workflow.award import schemas as s
from workflow.award import service
from workflow.challenge.auth import readable
from workflow.context import Ctx

router = APIRouter(tags=["challenges"])


@router.get("/challenges/{challenge_id}/publicity", response_model=s.Publicity, responses=problem_responses(404))
def publicity(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> s.Publicity:
    return service.publicity(ctx, readable(ctx.session, challenge_id, principal))
