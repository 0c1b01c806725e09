from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response

from kit.app import public_base_url
from kit.auth import CurrentUser, OptionalUser
from kit.errors import NotFound, problem_responses
from kit.etag import IfMatch
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from workflow.audit import service as audit
from workflow.audit.schemas import AuditEntryOut, AuditVerification
from workflow.award import schemas as award_schemas
from workflow.award import service as awards
from workflow.challenge import export, service
from workflow.challenge import repository as repo
from workflow.challenge import schemas as s
from workflow.challenge.auth import EnterpriseUser, can_read
from workflow.challenge.lifecycle import PUBLISHED
from workflow.clients.gateway import DirectoryDep
from workflow.context import Ctx
from workflow.custody.custodians import CHECKED_AT, Prefetched
from workflow.models import Challenge
from workflow.opendata import csv_export
from workflow.opendata.ocds import release_package

router = APIRouter(tags=["challenges"])


def _readable(ctx: Ctx, challenge_id: str, principal: Any, *, lock: bool = False) -> Challenge:
    ch = repo.get(ctx.session, challenge_id, lock=lock)
    if not can_read(ch, principal):
        raise NotFound(f"challenge {challenge_id} not found")
    return ch


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
    stmt = repo.readable_by(principal)
    if status:
        stmt = stmt.where(Challenge.status == status)
    if mine:
        stmt = stmt.where(Challenge.owner_org_id == (principal.org_id if principal else None))
    rows, total = repo.page(ctx.session, stmt, limit, offset)
    return s.ChallengePage(items=[service.summary(c) for c in rows], total=total)


@router.get(
    "/challenges.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Published challenges, UTF-8 CSV with BOM"}},
)
def challenges_csv(ctx: Ctx) -> Response:
    """Open data: every published challenge's public fields, whoever asks."""
    stmt = repo.readable_by(None).order_by(Challenge.published_at.desc(), Challenge.id)
    return Response(
        "".join(csv_export.rows(ctx.session.scalars(stmt))),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="challenges.csv"'},
    )


EXPORT_MAX = 10_000


@router.get("/challenges.xlsx", response_class=Response, responses={**XLSX_RESPONSE, **problem_responses(401)})
def challenges_xlsx(ctx: Ctx, principal: CurrentUser, status: s.ChallengeStatus | None = None) -> Response:
    """The challenges this user may list (a reviewer or admin: all), as .xlsx in 万元 and Beijing time."""
    stmt = repo.readable_by(principal)
    if status:
        stmt = stmt.where(Challenge.status == status)
    rows, _ = repo.page(ctx.session, stmt, EXPORT_MAX, 0)
    return xlsx_response(export.workbook(rows), "challenges.xlsx")


@router.get("/challenges/{challenge_id}", response_model=s.Challenge, responses=problem_responses(401, 404))
def get_challenge(ctx: Ctx, principal: OptionalUser, challenge_id: str, response: Response) -> s.Challenge:
    ch = _readable(ctx, challenge_id, principal)
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
    ch = _readable(ctx, challenge_id, principal, lock=True)
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
    # The custodians' checks ask the accounts directory: before the row is locked, as review does.
    peek = _readable(ctx, challenge_id, principal)
    people = Prefetched(directory, peek.custodians if peek.sealing == "custodians" and action in CHECKED_AT else ())
    ch = _readable(ctx, challenge_id, principal, lock=True)
    service.act(ctx, principal, ch, action, body or s.ActionRequest(), if_match, people)
    response.headers["ETag"] = service.etag(ch)
    return service.to_schema(ch, principal)


@router.get(
    "/challenges/{challenge_id}/transitions", response_model=list[s.Transition], responses=problem_responses(401, 404)
)
def transitions(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.Transition]:
    ch = _readable(ctx, challenge_id, principal)
    return [s.Transition.model_validate(t) for t in repo.transitions(ctx.session, ch.id)]


@router.get(
    "/challenges/{challenge_id}/amendments", response_model=list[s.AmendmentOut], responses=problem_responses(401, 404)
)
def amendments(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[s.AmendmentOut]:
    ch = _readable(ctx, challenge_id, principal)
    return [s.AmendmentOut.model_validate(a) for a in repo.amendments(ctx.session, ch.id)]


@router.get(
    "/challenges/{challenge_id}/audit", response_model=list[AuditEntryOut], responses=problem_responses(401, 404)
)
def audit_log(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[AuditEntryOut]:
    ch = _readable(ctx, challenge_id, principal)
    return [AuditEntryOut.model_validate(e) for e in audit.entries(ctx.session, ch.id)]


@router.get(
    "/challenges/{challenge_id}/audit/verify", response_model=AuditVerification, responses=problem_responses(401, 404)
)
def audit_verify(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> AuditVerification:
    ch = _readable(ctx, challenge_id, principal)
    valid, checked, first_bad = audit.verify(ctx.session, ch.id)
    return AuditVerification(challenge_id=ch.id, valid=valid, entries=checked, first_invalid_seq=first_bad)


@router.get("/challenges/{challenge_id}/ocds", responses=problem_responses(404))
def ocds(ctx: Ctx, principal: OptionalUser, challenge_id: str, request: Request) -> dict[str, Any]:
    ch = repo.get(ctx.session, challenge_id)
    if ch.status not in PUBLISHED or ch.published_at is None:
        raise NotFound(f"challenge {challenge_id} not found")
    return release_package(ctx, ch, public_base_url(request))


@router.get(
    "/challenges/{challenge_id}/publicity", response_model=award_schemas.Publicity, responses=problem_responses(404)
)
def publicity(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> award_schemas.Publicity:
    return awards.publicity(ctx, _readable(ctx, challenge_id, principal))
