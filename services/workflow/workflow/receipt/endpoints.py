from __future__ import annotations

from fastapi import APIRouter, Request, Response

from kit.app import public_base_url
from kit.auth import CurrentUser
from kit.errors import problem_responses
from workflow.context import Ctx
from workflow.receipt import pdf, service
from workflow.receipt import schemas as s

router = APIRouter(tags=["receipts"])

# The answer to a pair changes only if the application is replaced (a new receipt number): a short
# public cache lets the edge absorb repeated scans of one QR code.
_VERIFY_CACHE = "public, max-age=60"


def _site(request: Request) -> str:
    """The origin of the web pages (the API's public base without its /api/<service> prefix)."""
    return public_base_url(request).removesuffix(f"/api/{request.app.state.service_name}")


@router.get(
    "/applications/{application_id}/receipt", response_model=s.SignedReceipt, responses=problem_responses(401, 404)
)
def receipt(ctx: Ctx, principal: CurrentUser, request: Request, application_id: str) -> s.SignedReceipt:
    return service.signed_receipt(ctx, principal, application_id, _site(request))


@router.get(
    "/applications/{application_id}/receipt.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **problem_responses(401, 404)},
)
def receipt_pdf(ctx: Ctx, principal: CurrentUser, request: Request, application_id: str) -> Response:
    signed = service.signed_receipt(ctx, principal, application_id, _site(request))
    return Response(
        pdf.render(signed),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="receipt-{signed.statement.receipt_no}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/receipts/keys", response_model=list[s.ReceiptKey])
def keys(ctx: Ctx) -> list[s.ReceiptKey]:
    """The public keys that verify receipt signatures (the current one first)."""
    return service.keys(ctx)


@router.get("/receipts/verify", response_model=s.ReceiptVerification, responses=problem_responses(422))
def verify(ctx: Ctx, response: Response, receipt_no: s.ReceiptNo, sha256: s.Sha256) -> s.ReceiptVerification:
    """Public: whether this receipt number and hash belong to a sealed submission."""
    response.headers["Cache-Control"] = _VERIFY_CACHE
    return service.verify(ctx, receipt_no, sha256)
