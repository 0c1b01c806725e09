from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from kit.auth import CurrentUser, require_roles
from kit.errors import Forbidden, problem_responses
from kit.tokens import Principal
from workflow.challenge import repository as challenges
from workflow.challenge.auth import GovUser, is_owner
from workflow.challenge.lifecycle import AWARD_APPROVAL, AWARDED, EXPERT_REVIEW, PUBLICITY
from workflow.clients.gateway import UserDirectory
from workflow.context import Ctx
from workflow.models import PanelMember
from workflow.review import schemas as s
from workflow.review import service

router = APIRouter(tags=["review"])
ExpertUser = Annotated[Principal, Depends(require_roles("expert"))]


async def _directory(request: Request) -> UserDirectory:
    directory: UserDirectory = request.app.state.directory
    return directory


DirectoryDep = Annotated[UserDirectory, Depends(_directory)]


@router.post(
    "/challenges/{challenge_id}/experts",
    response_model=list[s.PanelOut],
    responses=problem_responses(401, 403, 404, 409, 503),
)
def assign_experts(
    ctx: Ctx, principal: GovUser, directory: DirectoryDep, challenge_id: str, body: s.ExpertAssign
) -> list[s.PanelOut]:
    service.assign(ctx, principal, challenge_id, service.resolve_experts(directory, body.user_ids))
    return service.panel(ctx, challenges.get(ctx.session, challenge_id))


@router.delete(
    "/challenges/{challenge_id}/experts/{user_id}",
    response_model=list[s.PanelOut],
    responses=problem_responses(401, 403, 404, 409, 503),
)
def remove_expert(
    ctx: Ctx, principal: GovUser, directory: DirectoryDep, challenge_id: str, user_id: str, body: s.PanelChange
) -> list[s.PanelOut]:
    """Take a member who has not scored off the panel, with a reason (audited); optionally name a replacement."""
    replacement = body.replacement_user_id
    resolved = service.resolve_experts(directory, [replacement], "replacement_user_id") if replacement else []
    service.remove(ctx, principal, challenge_id, user_id, body, resolved)
    return service.panel(ctx, challenges.get(ctx.session, challenge_id))


@router.get(
    "/challenges/{challenge_id}/experts", response_model=list[s.PanelOut], responses=problem_responses(401, 403, 404)
)
def panel(ctx: Ctx, principal: GovUser, challenge_id: str) -> list[s.PanelOut]:
    return service.panel(ctx, challenges.get(ctx.session, challenge_id))


@router.post("/challenges/{challenge_id}/coi", status_code=200, responses=problem_responses(401, 403, 404, 409))
def declare_coi(ctx: Ctx, principal: ExpertUser, challenge_id: str, body: s.CoiDeclaration) -> dict[str, object]:
    member: PanelMember = service.declare(ctx, principal, challenge_id, body)
    return {"challenge_id": challenge_id, "coi_signed_at": member.coi_signed_at, "conflicts": member.coi_conflicts}


@router.get("/assignments", response_model=list[s.AssignmentOut], responses=problem_responses(401, 403))
def my_assignments(ctx: Ctx, principal: ExpertUser, mine: bool = True) -> list[s.AssignmentOut]:
    return service.mine(ctx, principal)


@router.put(
    "/assignments/{assignment_id}/scores",
    response_model=s.AssignmentOut,
    responses=problem_responses(401, 403, 404, 409),
)
def score(ctx: Ctx, principal: ExpertUser, assignment_id: str, body: s.ScoreSheet) -> s.AssignmentOut:
    a = service.score(ctx, principal, assignment_id, body)
    return next(x for x in service.mine(ctx, principal) if x.id == a.id)


@router.post(
    "/assignments/{assignment_id}/recuse",
    response_model=s.AssignmentOut,
    responses=problem_responses(401, 403, 404, 409),
)
def recuse(ctx: Ctx, principal: ExpertUser, assignment_id: str, body: s.Recusal) -> s.AssignmentOut:
    a = service.recuse(ctx, principal, assignment_id, body)
    return next(x for x in service.mine(ctx, principal) if x.id == a.id)


@router.get(
    "/challenges/{challenge_id}/ranking", response_model=list[s.RankingRow], responses=problem_responses(401, 403, 404)
)
def ranking(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.RankingRow]:
    ch = challenges.get(ctx.session, challenge_id)
    if not (principal.has_role("gov_reviewer") or is_owner(ch, principal)):
        raise Forbidden("The ranking is for government reviewers and the owner")
    if ch.status not in (EXPERT_REVIEW, AWARD_APPROVAL, PUBLICITY, AWARDED):
        raise Forbidden("No ranking before expert review")
    return service.ranking(ctx, ch)


@router.get(
    "/challenges/{challenge_id}/ranking/scores",
    response_model=list[s.ExpertScore],
    responses=problem_responses(401, 403, 404),
)
def expert_scores(ctx: Ctx, principal: GovUser, challenge_id: str) -> list[s.ExpertScore]:
    """Each expert's sheet behind the ranking, for government reviewers once every assignment is answered."""
    ch = challenges.get(ctx.session, challenge_id)
    scored = ch.status in (AWARD_APPROVAL, PUBLICITY, AWARDED) or (
        ch.status == EXPERT_REVIEW and service.review_facts(ctx, ch)["reviews_done"]
    )
    if not scored:
        raise Forbidden("The experts' scores are shown once every assignment is scored or recused")
    return service.expert_scores(ctx, ch)
