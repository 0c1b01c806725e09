"""Sealed submission, replacement, withdrawal and re-confirmation; opening; the formal check."""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from kit.errors import Conflict, Forbidden, NotFound, PayloadTooLarge, UnprocessableContent
from kit.history import actor
from kit.idempotency import bounded_scope, replay_of, request_hash
from kit.tokens import Principal
from kit.types import new_id
from workflow.application import lifecycle as applications
from workflow.application import repository as repo
from workflow.application import schemas as s
from workflow.application.auth import OPENED_STATUSES, expert_may_read, is_opened, may_list, may_read_own, visible
from workflow.application.lifecycle import ACTIVE, IN_QUALIFICATION, QUALIFY, ApplicationStatus, fixup_open
from workflow.audit import reads
from workflow.audit import service as audit
from workflow.challenge import repository as challenges
from workflow.challenge.lifecycle import OPEN, QUALIFICATION, SYSTEM, Actor, IllegalAction, allowed_actions
from workflow.context import Context
from workflow.custody import envelope
from workflow.models import Application, Challenge
from workflow.notification.service import notification, notify, record_and_notify
from workflow.sealing import sha256_hex


def _user(principal: Principal) -> Actor:
    return actor(principal)


class DeadlinePassed(Conflict):
    code = "deadline-passed"
    title = "The application deadline has passed"


def decode_documents(ctx: Context, uploads: list[s.DocumentUpload]) -> list[dict[str, Any]]:
    """Uploads checked against the accepted types and size, each with its size and SHA-256 (the
    applications' documents and the milestone reports' evidence)."""
    docs = []
    for doc in uploads:
        if doc.content_type not in ctx.settings.allowed_document_types:
            raise UnprocessableContent(f"{doc.name}: type {doc.content_type} is not accepted")
        try:
            raw = base64.b64decode(doc.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UnprocessableContent(f"{doc.name}: content_base64 is not base64") from exc
        if len(raw) > ctx.settings.max_document_bytes:
            raise PayloadTooLarge(f"{doc.name} is larger than {ctx.settings.max_document_bytes} bytes")
        docs.append(
            {
                "name": doc.name,
                "content_type": doc.content_type,
                "size": len(raw),
                "sha256": sha256_hex(raw),
                "content_base64": doc.content_base64,
            }
        )
    return docs


def _sealable(
    ctx: Context, ch: Row[Any], content: s.ApplicationContent, dumped: dict[str, Any] | None = None
) -> dict[str, Any]:
    return sealable(ctx, ch.eligibility or {}, content, dumped)


def sealable(
    ctx: Context, rules: dict[str, Any], content: s.ApplicationContent, dumped: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The content as the service seals it, checked against the challenge's rules (also what an envelope
    opened by its custodians is checked and stored as, decision 0108)."""
    if content.consortium and not rules.get("consortium_allowed", False):
        raise UnprocessableContent("This challenge does not accept consortia")
    if len(content.consortium) + 1 > int(rules.get("consortium_max_members", 1)) and content.consortium:
        raise UnprocessableContent("Too many consortium members")
    data = dict(dumped) if dumped is not None else content.model_dump(mode="json")
    data["documents"] = decode_documents(ctx, content.documents)
    return data


def _lock_open_challenge(
    ctx: Context, challenge_id: str, *, quota: dict[str, str] | None = None
) -> tuple[Row[Any], datetime]:
    """The challenge's row, share-locked, and the one server time that decides (and stamps) the
    submission. With `quota` the quota lock is taken in the same round trip."""
    ch = repo.lock_for_submission(ctx.session, challenge_id, quota=quota)
    if ch is None or ch.published_at is None:
        raise NotFound(f"challenge {challenge_id} not found")
    now = ctx.now()
    if ch.status == OPEN and ch.application_deadline is not None and now >= ch.application_deadline:
        raise DeadlinePassed(
            f"the deadline was {ch.application_deadline.isoformat()}", deadline=ch.application_deadline.isoformat()
        )
    if ch.status != OPEN:
        raise IllegalAction(
            f"applications are not accepted while the challenge is {ch.status}",
            challenge_status=ch.status,
            action="apply",
            allowed_actions=[],
        )
    return ch, now


@dataclass(frozen=True)
class Sealing:
    """How one submission is sealed: `mode` as the challenge's `sealing`, `request` what an Idempotency-Key
    replay must match, `seal(challenge row, application id, now)` → (what is stored, the receipt's digest)."""

    mode: str
    request: dict[str, Any]
    seal: Callable[[Row[Any], str, datetime], tuple[bytes, str]]


def by_service(ctx: Context, content: s.ApplicationContent) -> Sealing:
    """Today's sealing (decision 0004): the content, under the challenge's service-side key."""
    dumped = content.model_dump(mode="json")

    def seal(ch: Row[Any], app_id: str, now: datetime) -> tuple[bytes, str]:
        if ch.sealing != "service":
            raise UnprocessableContent(
                "本榜单由开标保管人密封：申报须在本方加密为密封信封后提交。"
                " This challenge is sealed by custodians: an application is sealed on the vendor's side as an"
                " envelope.",
                code="envelope-required",
                field="envelope",
            )
        return ctx.sealer.seal(ctx.session, ch.id, app_id, _sealable(ctx, ch, content, dumped), now)

    return Sealing("service", dumped, seal)


def _receipt_no(ctx: Context) -> str:
    return f"SG{ctx.now():%Y%m%d}-{secrets.token_hex(5).upper()}"


def submit(
    ctx: Context, principal: Principal, challenge_id: str, sealing: Sealing, idempotency_key: str | None
) -> tuple[Application, bool]:
    """Returns (application, replayed)."""
    if not principal.org_id:
        raise Forbidden("A vendor account with an organisation is required")
    app_id = new_id()
    # One organisation's submissions to one challenge run one after the other (PostgreSQL: an
    # advisory lock on the pair; SQLite: BEGIN IMMEDIATE), and the count that enforces
    # `applications_per_org` runs in a later statement than the lock, so with READ COMMITTED it
    # sees every sibling committed meanwhile. Other organisations are not held up.
    quota = repo.quota_params(challenge_id, principal.org_id)
    if idempotency_key:
        digest = request_hash(sealing.request)
        # Per organisation and challenge: a colleague's retry with the same key gets the same receipt.
        scope = bounded_scope(f"application:{principal.org_id}:{challenge_id}")
        # Claim the key first, in one statement: a replay (even after the deadline) returns the
        # original receipt; a concurrent twin waits for the first and then finds its record.
        # The quota lock rides along.
        if not repo.claim_idempotency_key(ctx.session, scope, idempotency_key, digest, app_id, ctx.now(), quota=quota):
            previous = replay_of(repo.idempotent(ctx.session, scope, idempotency_key), digest)
            return repo.get(ctx.session, previous.resource_id or ""), True
        ch, now = _lock_open_challenge(ctx, challenge_id)
    else:
        ch, now = _lock_open_challenge(ctx, challenge_id, quota=quota)
    sealed, digest = sealing.seal(ch, app_id, now)
    app = Application(
        id=app_id,
        challenge_id=ch.id,
        org_id=principal.org_id,
        org_name=principal.org_name or "",
        submitted_by=principal.subject,
        status=ApplicationStatus.SUBMITTED,
        version=1,
        receipt_no=_receipt_no(ctx),
        sha256=digest,
        sealed=sealed,
        sealing=sealing.mode,
        submitted_at=now,
        confirmed_at=now,
        flags=[],
        qualification_reason="",
    )
    receipt = notification(
        kind="application.received",
        title=f"申报已密封受理：{ch.title}",
        now=now,
        body=f"回执号 {app.receipt_no}，SHA-256 {digest}",
        user_id=principal.subject,
        challenge_id=ch.id,
    )
    # The hot path of a deadline burst: the row and the vendor's notification written without the
    # unit of work, with the quota counted inside the INSERT. `app` stays a detached value; later
    # reads load it from the table.
    limit = int((ch.eligibility or {}).get("applications_per_org", 1))
    if not repo.insert_within_quota(ctx.session, app, receipt, quota, limit):
        raise Conflict(
            f"your organisation may submit {limit} application(s) to this challenge; replace or "
            "withdraw the existing one",
            code="application-limit",
        )
    return app, False


def _own_active(ctx: Context, principal: Principal, application_id: str) -> tuple[Application, Row[Any], datetime]:
    app, _ = visible(ctx.session, principal, application_id, "change")
    ch, now = _lock_open_challenge(ctx, app.challenge_id)
    app = repo.get(ctx.session, application_id, lock=True)
    if app.status not in ACTIVE:
        raise Conflict(f"the application is {app.status}", application_status=app.status)
    return app, ch, now


def replace(ctx: Context, principal: Principal, application_id: str, sealing: Sealing) -> Application:
    app, ch, now = _own_active(ctx, principal, application_id)
    app.sealed, app.sha256 = sealing.seal(ch, app.id, now)
    app.sealing = sealing.mode
    app.receipt_no = _receipt_no(ctx)
    app.submitted_at = app.confirmed_at = now
    app.submitted_by = principal.subject
    applications.transition(ctx, app, "replace", _user(principal))
    app.version += 1
    notify(
        ctx.session,
        kind="application.received",
        user_id=principal.subject,
        now=now,
        challenge_id=ch.id,
        title=f"申报已更新并重新密封：{ch.title}",
        body=f"回执号 {app.receipt_no}",
    )
    return app


def withdraw(ctx: Context, principal: Principal, application_id: str) -> Application:
    app, _, now = _own_active(ctx, principal, application_id)
    applications.transition(ctx, app, "withdraw", _user(principal))
    app.withdrawn_at = now
    app.version += 1
    return app


def confirm(ctx: Context, principal: Principal, application_id: str) -> Application:
    app, _, now = _own_active(ctx, principal, application_id)
    applications.transition(ctx, app, "confirm", _user(principal))
    app.confirmed_at = now
    app.version += 1
    return app


# Before the 公示 an applicant sees no outcome: a recommended application reads as eligible, as every
# other one still under review does, and without its score or rank.
_BEFORE_PUBLICITY = {"recommended": "eligible"}


class AwaitingCustodians(Conflict):
    code = "awaiting-custodians"
    title = "The application is sealed to its custodians and not opened yet"


def envelope_header(app: Application) -> envelope.Header | None:
    """An envelope's public header (decision 0107); None for an application sealed by the service."""
    if app.envelope_header is not None:  # opened by its custodians, now under the service-side key
        return envelope.Header.model_validate(app.envelope_header)
    if app.sealing != "custodians":
        return None
    return envelope.Envelope.model_validate_json(app.sealed).header


def to_schema(app: Application, content: dict[str, Any] | None, *, outcome_public: bool = True) -> s.ApplicationOut:
    docs = [
        s.DocumentMeta(index=i, name=d["name"], content_type=d["content_type"], size=d["size"], sha256=d["sha256"])
        for i, d in enumerate((content or {}).get("documents", []))
    ]
    shown = None
    if content is not None:
        shown = {k: v for k, v in content.items() if k != "documents"}
    return s.ApplicationOut(
        id=app.id,
        challenge_id=app.challenge_id,
        org_id=app.org_id,
        org_name=app.org_name,
        status=app.status if outcome_public else _BEFORE_PUBLICITY.get(app.status, app.status),
        version=app.version,
        receipt_no=app.receipt_no,
        sha256=app.sha256,
        submitted_at=app.submitted_at,
        confirmed_at=app.confirmed_at,
        flags=app.flags,
        qualification_reason=app.qualification_reason,
        fixup_due_at=app.fixup_due_at,
        fixup_response=app.fixup_response,
        score=app.score if outcome_public else None,
        rank=app.rank if outcome_public else None,
        content=shown,
        documents=docs,
        envelope=envelope_header(app),
    )


def unseal(ctx: Context, app: Application) -> dict[str, Any]:
    """The content; an envelope nobody here can open until its custodians do is a 409."""
    content = content_of(ctx, app)
    if content is None:
        raise AwaitingCustodians(
            "申报由开标保管人密封，尚未开启。 The application is sealed to its custodians and not opened yet."
        )
    return content


def content_of(ctx: Context, app: Application) -> dict[str, Any] | None:
    """The content, or None for an envelope (its reads show the public header only)."""
    if app.sealing == "custodians":
        return None
    return ctx.sealer.open(ctx.session, app.challenge_id, app.id, app.sealed, ctx.now())


def read_content(
    ctx: Context, principal: Principal, application_id: str, document: int | None
) -> tuple[Application, Challenge, dict[str, Any] | None]:
    """Before the opening only the submitting organisation's members who were there when it was
    sealed see anything; everyone else gets what a nonexistent id gets. Every read is audited."""
    app, ch = visible(ctx.session, principal, application_id, "read")
    reads.record(ctx.session, principal, ch.id, app.id, opened=is_opened(ch, app), now=ctx.now(), document=document)
    return app, ch, content_of(ctx, app)


def read(ctx: Context, principal: Principal, application_id: str) -> s.ApplicationOut:
    app, ch, content = read_content(ctx, principal, application_id, None)
    applicant = may_read_own(ch, app, principal)
    return to_schema(app, content, outcome_public=not applicant or ch.publicity_started_at is not None)


def document(ctx: Context, principal: Principal, application_id: str, index: int) -> dict[str, Any]:
    """One document of the application; an index out of range is audited as the read it attempted."""
    _, _, content = read_content(ctx, principal, application_id, index)
    if content is None:
        raise AwaitingCustodians("申报文件在密封信封内，尚未开启。 The documents are in the envelope, not opened yet.")
    docs: list[dict[str, Any]] = content.get("documents", [])
    if not 0 <= index < len(docs):
        raise NotFound("no such document")
    return docs[index]


def list_for_challenge(ctx: Context, principal: Principal, challenge_id: str) -> list[s.ApplicationOut]:
    ch = challenges.get(ctx.session, challenge_id)
    if not may_list(ctx.session, ch, principal):
        raise Forbidden(
            "Applications are sealed until the opening; afterwards the owner, government reviewers "
            "and assigned experts may read them"
        )
    apps = repo.for_challenge(ctx.session, ch.id, OPENED_STATUSES)
    if principal.has_role("expert") and not principal.has_role("gov_reviewer"):
        apps = [a for a in apps if expert_may_read(ctx.session, principal, a)]
    reads.record_list(ctx.session, principal, ch.id, [a.id for a in apps], ctx.now())
    return [to_schema(a, content_of(ctx, a)) for a in apps]


def mine(ctx: Context, principal: Principal) -> list[s.ApplicationOut]:
    """The caller's organisation's applications (metadata), for its vendor members only."""
    if not principal.org_id:
        return []
    return [
        to_schema(a, None, outcome_public=started is not None)
        for a, started in repo.of_org(ctx.session, principal.org_id)
    ]


def _flags(ch: Challenge, content: dict[str, Any]) -> list[dict[str, str]]:
    rules = ch.eligibility or {}
    declared = {q["label"] for q in content.get("qualifications", [])}
    flags = [
        {"rule": "missing_qualification", "detail": label}
        for label in rules.get("required_qualifications", [])
        if label not in declared
    ]
    districts = rules.get("allowed_districts", [])
    district = content.get("lead", {}).get("district", "")
    if districts and district not in districts:
        flags.append({"rule": "district_not_allowed", "detail": district or "未填写"})
    return flags


def close_for_custodians(ctx: Context, ch: Challenge) -> None:
    """At the deadline of a custodian-sealed challenge (decision 0108): what was not re-confirmed is invalid
    as today; the sealed envelopes wait, still `submitted`, for their custodians."""
    now = ctx.now()
    invalid = []
    for app in repo.for_challenge(ctx.session, ch.id, (ApplicationStatus.NEEDS_RECONFIRMATION,)):
        app.qualification_reason = "未在截止前重新确认"
        applications.transition(ctx, app, "invalidate", SYSTEM, reason=app.qualification_reason)
        invalid.append(app)
    waiting = repo.for_challenge(ctx.session, ch.id, (ApplicationStatus.SUBMITTED,))
    audit.record(
        ctx,
        ch.id,
        "applications.closed",
        SYSTEM,
        {
            "sealed": [{"application_id": a.id, "receipt_no": a.receipt_no, "sha256": a.sha256} for a in waiting],
            "invalid": [
                {"application_id": a.id, "receipt_no": a.receipt_no, "reason": a.qualification_reason} for a in invalid
            ],
        },
        now=now,
    )


def flags_of(ch: Challenge, content: dict[str, Any]) -> list[dict[str, str]]:
    return _flags(ch, content)


def open_applications(ctx: Context, ch: Challenge) -> None:
    """The opening, run by the scheduler at the deadline, in the transaction that closes the challenge."""
    now = ctx.now()
    apps = repo.for_challenge(ctx.session, ch.id)
    opened, invalid = [], []
    for app in apps:
        if app.status == ApplicationStatus.SUBMITTED and app.submitted_at < (ch.application_deadline or now):
            applications.transition(ctx, app, "open", SYSTEM, deadline=ch.application_deadline)
            content = content_of(ctx, app)
            if content is not None:  # an envelope's flags wait for its custodians (decision 0107)
                app.flags = _flags(ch, content)
            opened.append(app)
        elif app.status in ACTIVE:
            app.qualification_reason = "未在截止前重新确认"
            applications.transition(ctx, app, "invalidate", SYSTEM, reason=app.qualification_reason)
            invalid.append(app)
    ch.opened_at = now
    audit.record(
        ctx,
        ch.id,
        "applications.opened",
        SYSTEM,
        {
            "valid": [{"application_id": a.id, "receipt_no": a.receipt_no, "sha256": a.sha256} for a in opened],
            "invalid": [
                {"application_id": a.id, "receipt_no": a.receipt_no, "reason": a.qualification_reason} for a in invalid
            ],
        },
        now=now,
    )
    reads.publish(ctx.session, ch.id, {a.id for a in opened + invalid}, actor=SYSTEM.label, now=now)


def qualify(ctx: Context, principal: Principal, application_id: str, body: s.QualificationDecision) -> Application:
    visible(ctx.session, principal, application_id, "qualify")
    app = repo.get(ctx.session, application_id, lock=True)
    ch = challenges.get(ctx.session, app.challenge_id, lock=True)
    if ch.status != QUALIFICATION or app.status not in IN_QUALIFICATION:
        raise IllegalAction(
            f"the formal check is not possible while the challenge is {ch.status} and the application is {app.status}",
            challenge_status=ch.status,
            action="qualification",
            allowed_actions=allowed_actions(ch, _user(principal)),
        )
    if body.result in ("ineligible", "fixup") and not body.reason.strip():
        raise UnprocessableContent("A reason is required")
    now = ctx.now()
    applications.transition(ctx, app, QUALIFY[ApplicationStatus(body.result)], _user(principal), reason=body.reason)
    app.qualification_reason = body.reason
    app.fixup_due_at = None
    if body.result == "fixup":
        app.fixup_due_at = body.due_at or now + ctx.period(timedelta(days=ch.fixup_days), human=True)
        app.fixup_response = None
    app.version += 1
    record_and_notify(
        ctx.session,
        ch.id,
        actor=f"user:{principal.subject}",
        kind="application.qualification",
        data={"application_id": app.id, "result": body.result, "reason": body.reason},
        org_id=app.org_id,
        now=now,
        title=f"形式审查结果：{body.result}",
        body=body.reason,
    )
    return app


def answer_fixup(ctx: Context, principal: Principal, application_id: str, body: s.FixupAnswer) -> Application:
    visible(ctx.session, principal, application_id, "change")
    app = repo.get(ctx.session, application_id, lock=True)
    now = ctx.now()
    if not fixup_open(app, now):
        raise Conflict("No open fix-up request for this application", application_status=app.status)
    applications.transition(ctx, app, "answer_fixup", _user(principal))
    docs = [{k: v for k, v in d.items() if k != "content_base64"} for d in decode_documents(ctx, body.documents)]
    app.fixup_response = {"note": body.note, "documents": docs, "at": now.isoformat()}
    app.version += 1
    audit.record(ctx, app.challenge_id, "application.fixup", principal, {"application_id": app.id}, now=now)
    return app
