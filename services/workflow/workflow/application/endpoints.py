from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from kit.auth import CurrentUser
from kit.downloads import file_headers
from kit.errors import problem_responses
from kit.idempotency import Idempotency, idempotency
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from workflow.application import export, service
from workflow.application import schemas as s
from workflow.application.auth import VendorUser
from workflow.challenge.auth import GovUser
from workflow.context import Ctx
from workflow.custody import submission
from workflow.models import Application, IdempotencyKey

router = APIRouter(tags=["applications"])
IdempotencyDep = Annotated[Idempotency, Depends(idempotency(IdempotencyKey))]


@router.post(
    "/challenges/{challenge_id}/applications",
    status_code=201,
    response_model=s.Receipt,
    responses=problem_responses(401, 403, 404, 409, 413),
)
def submit(
    ctx: Ctx,
    principal: VendorUser,
    challenge_id: str,
    body: s.ApplicationContent,
    response: Response,
    idem: IdempotencyDep,
) -> s.Receipt:
    # The kit reads the header; the submission claims the key with its own statement (kit.idempotency).
    return _received(service.submit(ctx, principal, challenge_id, service.by_service(ctx, body), idem.key), response)


@router.post(
    "/challenges/{challenge_id}/applications/sealed",
    status_code=201,
    response_model=s.Receipt,
    responses=problem_responses(401, 403, 404, 409, 413, 422),
)
def submit_sealed(
    ctx: Ctx,
    principal: VendorUser,
    challenge_id: str,
    body: s.SealedApplication,
    response: Response,
    idem: IdempotencyDep,
) -> s.Receipt:
    """Under custodian sealing: the envelope sealed on the vendor's side, checked and stored as it is."""
    sealing = submission.by_custodians(ctx, principal, body.envelope)
    return _received(service.submit(ctx, principal, challenge_id, sealing, idem.key), response)


def _received(submitted: tuple[Application, bool], response: Response) -> s.Receipt:
    app, replayed = submitted
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/applications/{app.id}"
    return _receipt(app)


def _receipt(app: Application) -> s.Receipt:
    return s.Receipt(
        id=app.id, receipt_no=app.receipt_no, sha256=app.sha256, submitted_at=app.submitted_at, status=app.status
    )


@router.get("/applications", response_model=list[s.ApplicationOut], responses=problem_responses(401, 403))
def mine(ctx: Ctx, principal: VendorUser, mine: bool = True) -> list[s.ApplicationOut]:
    """The caller's organisation's applications: a vendor's read, as every other read of them is."""
    return service.mine(ctx, principal)


@router.get("/applications/{application_id}", response_model=s.ApplicationOut, responses=problem_responses(401, 404))
def read(ctx: Ctx, principal: CurrentUser, application_id: str) -> s.ApplicationOut:
    return service.read(ctx, principal, application_id)


@router.get("/applications/{application_id}/documents/{index}", responses=problem_responses(401, 404, 422))
def document(
    ctx: Ctx,
    principal: CurrentUser,
    application_id: str,
    index: int,
    inline: Annotated[bool, Query(description="a PDF or image is shown in the browser rather than saved")] = False,
) -> Response:
    doc = service.document(ctx, principal, application_id, index)
    body = base64.b64decode(doc["content_base64"])
    headers = file_headers(doc["name"], doc["content_type"], body, inline=inline)
    return Response(
        body,
        media_type=headers.pop("Content-Type"),
        headers={**headers, "X-Content-SHA256": doc["sha256"]},
    )


@router.put(
    "/applications/{application_id}", response_model=s.Receipt, responses=problem_responses(401, 403, 404, 409, 413)
)
def replace(ctx: Ctx, principal: VendorUser, application_id: str, body: s.ApplicationContent) -> s.Receipt:
    return _receipt(service.replace(ctx, principal, application_id, service.by_service(ctx, body)))


@router.put(
    "/applications/{application_id}/sealed",
    response_model=s.Receipt,
    responses=problem_responses(401, 403, 404, 409, 413, 422),
)
def replace_sealed(ctx: Ctx, principal: VendorUser, application_id: str, body: s.SealedApplication) -> s.Receipt:
    """Under custodian sealing: a new envelope in place of the old one, until the deadline."""
    sealing = submission.by_custodians(ctx, principal, body.envelope)
    return _receipt(service.replace(ctx, principal, application_id, sealing))


@router.post(
    "/applications/{application_id}/withdraw",
    response_model=s.ApplicationOut,
    responses=problem_responses(401, 403, 404, 409),
)
def withdraw(ctx: Ctx, principal: VendorUser, application_id: str) -> s.ApplicationOut:
    return service.to_schema(service.withdraw(ctx, principal, application_id), None)


@router.post(
    "/applications/{application_id}/confirm",
    response_model=s.ApplicationOut,
    responses=problem_responses(401, 403, 404, 409),
)
def confirm(ctx: Ctx, principal: VendorUser, application_id: str) -> s.ApplicationOut:
    return service.to_schema(service.confirm(ctx, principal, application_id), None)


@router.get(
    "/challenges/{challenge_id}/applications",
    response_model=list[s.ApplicationOut],
    responses=problem_responses(401, 403, 404),
)
def list_for_challenge(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> list[s.ApplicationOut]:
    return service.list_for_challenge(ctx, principal, challenge_id)


@router.get(
    "/challenges/{challenge_id}/applications.xlsx",
    response_class=Response,
    responses={**XLSX_RESPONSE, **problem_responses(401, 403, 404)},
)
def applications_xlsx(ctx: Ctx, principal: CurrentUser, challenge_id: str) -> Response:
    """The opened applications this caller may list, as .xlsx (budgets in 万元, Beijing time); sealed before the
    opening as the list is, and every application in it recorded as read in the audit chain."""
    return xlsx_response(export.workbook(service.list_for_challenge(ctx, principal, challenge_id)), "applications.xlsx")


@router.post(
    "/applications/{application_id}/qualification",
    response_model=s.ApplicationOut,
    responses=problem_responses(401, 403, 404, 409),
)
def qualification(ctx: Ctx, principal: GovUser, application_id: str, body: s.QualificationDecision) -> s.ApplicationOut:
    return service.to_schema(service.qualify(ctx, principal, application_id, body), None)


@router.post(
    "/applications/{application_id}/fixup",
    response_model=s.ApplicationOut,
    responses=problem_responses(401, 403, 404, 409),
)
def fixup(ctx: Ctx, principal: VendorUser, application_id: str, body: s.FixupAnswer) -> s.ApplicationOut:
    return service.to_schema(service.answer_fixup(ctx, principal, application_id, body), None)
