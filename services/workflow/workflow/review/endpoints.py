from __future__ import annotations

from fastapi import APIRouter, Response

from kit.auth import CurrentUser
from kit.errors import Forbidden, ServiceUnavailable, problem_responses
from kit.tokens import Principal
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from workflow.challenge import repository as challenges
from workflow.challenge.auth import ExpertUser, GovUser, is_owner
from workflow.challenge.lifecycle import AWARD_APPROVAL, AWARDED, EXPERT_REVIEW, PUBLICITY
from workflow.clients.gateway import DirectoryDep
from workflow.context import Ctx
from workflow.models import Challenge, PanelMember
from workflow.review import export, service
from workflow.review import schemas as s

router = APIRouter(tags=["review"])


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


def _ranked(ctx: Ctx, principal: Principal, challenge_id: str) -> Challenge:
    """The challenge whose ranking this caller may read: a government reviewer or the owner, from expert review on."""
    ch = challenges.get(ctx.session, challenge_id)
    if not (principal.has_role("gov_reviewer") or is_owner(ch, principal)):
        raise Forbidden("The ranking is for government reviewers and the owner")
    if ch.status not in (EXPERT_REVIEW, AWARD_APPROVAL, PUBLICITY, AWARDED):
        raise Forbidden("No ranking before expert review")
    return ch


def _scored(ctx: Ctx, ch: Challenge) -> bool:
    """The experts' sheets are shown once every assignment is scored or recused."""
    return ch.status in (AWARD_APPROVAL, PUBLICITY, AWARDED) or (
        ch.status == EXPERT_REVIEW and service.review_facts(ctx, ch)["reviews_done"]
    )


@router.get(
    "/challenges/{challenge_id}/ranking", response_model=list[s.RankingRow], responses=problem_responses(401, 403, 404)
)
def ranking(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.RankingRow]:
    return service.ranking(ctx, _ranked(ctx, principal, challenge_id))


@router.get(
    "/challenges/{challenge_id}/ranking/scores",
    response_model=list[s.ExpertScore],
    responses=problem_responses(401, 403, 404),
)
def expert_scores(ctx: Ctx, principal: GovUser, challenge_id: str) -> list[s.ExpertScore]:
    """Each expert's sheet behind the ranking, for government reviewers once every assignment is answered."""
    ch = challenges.get(ctx.session, challenge_id)
    if not _scored(ctx, ch):
        raise Forbidden("The experts' scores are shown once every assignment is scored or recused")
    return service.expert_scores(ctx, ch)


@router.get(
    "/challenges/{challenge_id}/ranking.xlsx",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(401, 403, 404)},
)
def ranking_xlsx(ctx: Ctx, principal: CurrentUser, directory: DirectoryDep, challenge_id: str) -> Response:
    """The ranking as .xlsx, as the two reads above allow: each expert's scores beside it and in full (a second
    sheet) for a government reviewer once every assignment is answered; the ranking alone for the owner."""
    ch = _ranked(ctx, principal, challenge_id)
    rows = service.ranking(ctx, ch)
    sheets = service.expert_scores(ctx, ch) if principal.has_role("gov_reviewer") and _scored(ctx, ch) else None
    names: dict[str, str] = {}

    def name_of(user_id: str) -> str:
        # The accounts directory names the expert; without it the sheet still reads, by a short id.
        if user_id not in names:
            try:
                user = directory.user(user_id)
            except ServiceUnavailable:
                user = None
            names[user_id] = user.display_name if user else f"专家 {user_id[:8]}"
        return names[user_id]

    return xlsx_response(export.workbook(ch, rows, sheets, name_of), "ranking.xlsx")
