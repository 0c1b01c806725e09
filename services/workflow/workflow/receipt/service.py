"""A receipt that stands alone: the signed statement of a sealed submission, and its public check."""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from kit.audit import canonical
from kit.tokens import Principal
from workflow.application.service import envelope_header, read_content
from workflow.context import Context
from workflow.models import Application, Challenge
from workflow.receipt import schemas as s
from workflow.receipt import signing

VERIFY_PAGE = "/receipts/verify"


def verify_url(site: str, receipt_no: str, sha256: str) -> str:
    return f"{site}{VERIFY_PAGE}?{urlencode({'no': receipt_no, 'sha256': sha256})}"


def _files(app: Application, content: dict[str, Any] | None) -> list[s.ReceiptFile]:
    """Each document's name, size and SHA-256; in an envelope, the digest of its ciphertext (the header's)."""
    if content is not None:
        return [s.ReceiptFile(name=d["name"], size=d["size"], sha256=d["sha256"]) for d in content.get("documents", [])]
    header = envelope_header(app)
    assert header is not None
    return [s.ReceiptFile(name=p.name or "", size=p.size, sha256=p.sha256) for p in header.parts[1:]]


def signed_receipt(ctx: Context, principal: Principal, application_id: str, site: str) -> s.SignedReceipt:
    """Whoever may read the application may have its receipt (its read is audited as one)."""
    app, ch, content = read_content(ctx, principal, application_id, None)
    statement = s.ReceiptStatement(
        receipt_no=app.receipt_no,
        sha256=app.sha256,
        submitted_at=app.submitted_at,
        challenge_id=ch.id,
        challenge_title=ch.title,
        organisation=app.org_name,
        files=_files(app, content),
    )
    payload = canonical(statement.model_dump(mode="json"))
    kid, signature = signing.sign(ctx.settings, payload)
    return s.SignedReceipt(
        statement=statement,
        signed_payload=payload.decode(),
        algorithm=signing.ALGORITHM,
        key_id=kid,
        signature=signature,
        verify_url=verify_url(site, app.receipt_no, app.sha256),
    )


INVALID = s.ReceiptVerification(
    valid=False, submitted_at=None, challenge_id=None, challenge_title=None, organisation=None
)


def verify(ctx: Context, receipt_no: str, sha256: str) -> s.ReceiptVerification:
    """True only for a receipt number and hash that belong together. One indexed read and no write:
    nothing here needs the caller's identity, so the edge may cache and throttle it freely."""
    row = ctx.session.execute(
        select(Application.sha256, Application.submitted_at, Application.org_name, Challenge.id, Challenge.title)
        .join(Challenge, Challenge.id == Application.challenge_id)
        .where(Application.receipt_no == receipt_no.strip())
    ).first()
    # Compared in constant time against a stand-in when the number is unknown, so the two failures
    # take the same path as well as giving the same answer.
    expected = row.sha256 if row is not None else "0" * 64
    if not hmac.compare_digest(expected, sha256.strip().lower()) or row is None:
        return INVALID
    return s.ReceiptVerification(
        valid=True,
        submitted_at=row.submitted_at,
        challenge_id=row.id,
        challenge_title=row.title,
        organisation=row.org_name,
    )


def keys(ctx: Context) -> list[s.ReceiptKey]:
    return [
        s.ReceiptKey(key_id=k.key_id, algorithm=signing.ALGORITHM, public_key_pem=k.public_key_pem)
        for k in signing.published_keys(ctx.settings)
    ]
