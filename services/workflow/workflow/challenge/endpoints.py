"""A challenge itself: its drafting, listing and export, its lifecycle actions and their history. Its
applications, reviews, awards, audit chain and open-data views are routed by their own modules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from kit.auth import CurrentUser, OptionalUser
from kit.errors import problem_responses
from kit.etag import IfMatch
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from workflow.challenge import export, service
from workflow.challenge import repository as repo
from workflow.challenge import schemas as s
from workflow.challenge.auth import EnterpriseUser, readable
from workflow.clients.gateway import DirectoryDep
from workflow.context import Ctx
from workflow.custody.custodians import CHECKED_AT, Prefetched

router = APIRouter(tags=["challenges"])


@router.post("/challenges", status_code=201, response_model=s.Challenge, responses=problem_responses(401, 403))
def create_challenge(ctx: Ctx, principal: EnterpriseUser, body: s.ChallengeCreate, response: Response) -> s.Challenge:
    ch = service.create(ctx, principal, body)
    response.headers["ETag"] = service.etag(ch)
    response.headers["Location"] = f"/challenges/{ch.id}"
    return service.to_schema(ch, principal)


@router.get("/challenges", response_model=s.ChallengePage, responses=problem_responses(401))
def list_challenges(
    ctx: Ctx,
    principal: OptionalUser,
    status: s.ChallengeStatus | None = None,
    mine: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> s.ChallengePage:
    rows, total = repo.page(ctx.session, repo.listing(principal, status, mine=mine), limit, offset)
    return s.ChallengePage(items=[service.summary(c) for c in rows], total=total)


EXPORT_MAX = 10_000


@router.get("/challenges.xlsx", response_class=Response, responses={**XLSX_RESPONSE, **problem_responses(401)})
def challenges_xlsx(ctx: Ctx, principal: CurrentUser, status: s.ChallengeStatus | None = None) -> Response:
    """The challenges this user may list (a reviewer or admin: all), as .xlsx in 万元 and Beijing time."""
    rows, _ = repo.page(ctx.session, repo.listing(principal, status), EXPORT_MAX, 0)
    return xlsx_response(export.workbook(rows), "challenges.xlsx")


@router.get("/challenges/{challenge_id}", response_model=s.Challenge, responses=problem_responses(401, 404))
def get_challenge(ctx: Ctx, principal: OptionalUser, challenge_id: str, response: Response) -> s.Challenge:
    ch = readable(ctx.session, challenge_id, principal)
    response.headers["ETag"] = service.etag(ch)
    return service.to_schema(ch, principal)


@router.patch(
    "/challenges/{challenge_id}", response_model=s.Challenge, responses=problem_responses(401, 403, 404, 409, 412, 428)
)
def update_challenge(
    ctx: Ctx,
    principal: CurrentUser,
    challenge_id: str,
    body: s.ChallengeUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> s.Challenge:
    ch = readable(ctx.session, challenge_id, principal, lock=True)
    service.update(ctx, principal, ch, body, if_match)
    response.headers["ETag"] = service.etag(ch)
    return service.to_schema(ch, principal)


@router.post(
    "/challenges/{challenge_id}/actions/{action}",
    response_model=s.Challenge,
    responses=problem_responses(401, 403, 404, 409, 412),
)
def act(
    ctx: Ctx,
    principal: CurrentUser,
    challenge_id: str,
    action: str,
    response: Response,
    directory: DirectoryDep,
    body: Annotated[s.ActionRequest | None, Body()] = None,
    if_match: IfMatch = None,
) -> s.Challenge:
    # The custodians' checks ask the accounts directory: before the row is locked, as review does,
    # and only for the actions that check them.
    custodians: list[str] = []
    if action in CHECKED_AT:
        peek = readable(ctx.session, challenge_id, principal)
        custodians = list(peek.custodians) if peek.sealing == "custodians" else []
    people = Prefetched(directory, custodians)
    ch = readable(ctx.session, challenge_id, principal, lock=True)
    service.act(ctx, principal, ch, action, body or s.ActionRequest(), if_match, people)
    response.headers["ETag"] = service.etag(ch)
    return service.to_schema(ch, principal)


@router.get(
    "/challenges/{challenge_id}/transitions", response_model=list[s.Transition], responses=problem_responses(401, 404)
)
def transitions(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.Transition]:
    ch = readable(ctx.session, challenge_id, principal)
    return [s.Transition.model_validate(t) for t in repo.transitions(ctx.session, ch.id)]


@router.get(
    "/challenges/{challenge_id}/amendments", response_model=list[s.AmendmentOut], responses=problem_responses(401, 404)
)
def amendments(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.AmendmentOut]:
    ch = readable(ctx.session, challenge_id, principal)
    return [s.AmendmentOut.model_validate(a) for a in repo.amendments(ctx.session, ch.id)]
