from __future__ import annotations

from fastapi import APIRouter, Response

from kit.auth import CurrentUser
from kit.errors import problem_responses
from kit.etag import IfMatch
from workflow.agreement import schemas as s
from workflow.agreement import service
from workflow.context import Ctx
from workflow.models import Agreement

router = APIRouter(tags=["agreements"])


def _out(ctx: Ctx, principal: CurrentUser, response: Response, ag: Agreement) -> s.AgreementOut:
    response.headers["ETag"] = service.version_etag(ag)
    return service.to_schema(ctx, ag, principal)


@router.post(
    "/challenges/{challenge_id}/agreements",
    response_model=list[s.AgreementOut],
    responses=problem_responses(401, 404, 409),
)
def draft(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.AgreementOut]:
    """起草任务书: the owner drafts one agreement per approved award, pre-filled from the challenge and
    the winning application (calling it again drafts only what is missing)."""
    return [service.to_schema(ctx, ag, principal) for ag in service.draft_all(ctx, principal, challenge_id)]


@router.get(
    "/challenges/{challenge_id}/agreements",
    response_model=list[s.AgreementOut],
    responses=problem_responses(401, 404),
)
def for_challenge(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.AgreementOut]:
    """The parties see their own agreements of the challenge; reviewers and admins see all."""
    return [service.to_schema(ctx, ag, principal) for ag in service.list_for_challenge(ctx, principal, challenge_id)]


@router.get("/agreements", response_model=list[s.AgreementOut], responses=problem_responses(401))
def mine(ctx: Ctx, principal: CurrentUser) -> list[s.AgreementOut]:
    """The agreements the caller's organisation is a party to."""
    return [service.to_schema(ctx, ag, principal) for ag in service.mine(ctx, principal)]


@router.get("/agreements/{agreement_id}", response_model=s.AgreementOut, responses=problem_responses(401, 404))
def read(ctx: Ctx, principal: CurrentUser, agreement_id: str, response: Response) -> s.AgreementOut:
    return _out(ctx, principal, response, service.get(ctx, principal, agreement_id))


@router.put(
    "/agreements/{agreement_id}",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 412, 422, 428),
)
def edit(
    ctx: Ctx,
    principal: CurrentUser,
    agreement_id: str,
    body: s.AgreementContent,
    response: Response,
    if_match: IfMatch = None,
) -> s.AgreementOut:
    """Either party changes the agreement (If-Match the version read); every signature is voided and
    the agreement is a draft again."""
    return _out(ctx, principal, response, service.edit(ctx, principal, agreement_id, body, if_match))


@router.post(
    "/agreements/{agreement_id}/propose",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409),
)
def propose(ctx: Ctx, principal: CurrentUser, agreement_id: str, response: Response) -> s.AgreementOut:
    """The owner puts the current version up for signing."""
    return _out(ctx, principal, response, service.act(ctx, principal, agreement_id, "propose"))


@router.post(
    "/agreements/{agreement_id}/sign",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 422),
)
def sign(ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.SignBody, response: Response) -> s.AgreementOut:
    """A party signs the version whose hash it read; when every party has signed, the agreement is signed."""
    return _out(ctx, principal, response, service.sign(ctx, principal, agreement_id, body))


@router.post(
    "/agreements/{agreement_id}/refuse",
    response_model=s.AgreementOut,
    responses=problem_responses(401, 404, 409, 422),
)
def refuse(
    ctx: Ctx, principal: CurrentUser, agreement_id: str, body: s.RefuseBody, response: Response
) -> s.AgreementOut:
    """The winner refuses to sign, with a reason; the owner is told."""
    ag = service.act(ctx, principal, agreement_id, "refuse", reason=body.reason)
    return _out(ctx, principal, response, ag)
