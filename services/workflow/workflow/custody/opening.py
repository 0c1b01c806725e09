"""The opening of a custodian-sealed challenge (decision 0108).

At the deadline the challenge moves to `opening` and its custodians are told. Each custodian submits, in
one action, its plaintext share of every envelope (the browser or `python -m workflow.custody open-share`
opened them with the custodian's private key); each share is checked against the SHA-256 the envelope's
header names before anything is stored, and held until the opening encrypted under the challenge's
service-side key. When the k-th distinct custodian submits, the server rebuilds each data key in memory,
decrypts, checks each application against today's schema, re-seals it under the service-side key as a
service-sealed application is stored, clears every stored share and moves the challenge on. A window
that passes short of k custodians is extended, once a scheduler pass, with the admins told."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from kit.errors import Conflict, Forbidden, NotFound, PayloadTooLarge, ServiceUnavailable, UnprocessableContent
from kit.tokens import Principal
from workflow.application import lifecycle as application_lifecycle
from workflow.application import repository as applications
from workflow.application import schemas as app_schemas
from workflow.application.lifecycle import ApplicationStatus
from workflow.application.service import flags_of, sealable
from workflow.audit import reads
from workflow.audit import service as audit
from workflow.challenge import facts as challenge_facts
from workflow.challenge import repository as challenges
from workflow.challenge.auth import can_read
from workflow.challenge.lifecycle import DRAFT, OPEN, OPENING, PENDING, SYSTEM, transition
from workflow.clients.gateway import DirectoryUser, UserDirectory
from workflow.context import Context
from workflow.custody import envelope
from workflow.custody import repository as keys
from workflow.custody import schemas as s
from workflow.custody.custodians import CUSTODIAN_ROLES, REFUSED_KINDS, applicant_org_ids
from workflow.models import Application, Challenge, OpeningSubmission
from workflow.notification.service import notify

BEFORE = (DRAFT, PENDING, OPEN)


def _shares_id(custodian_id: str) -> str:
    """The associated data a custodian's held shares are sealed under (never an application's id)."""
    return f"opening-shares:{custodian_id}"


def custodian_sealed(ctx: Context, principal: Principal | None, challenge_id: str, *, lock: bool = False) -> Challenge:
    ch = challenges.get(ctx.session, challenge_id)
    if not can_read(ch, principal):
        raise NotFound(f"challenge {challenge_id} not found")
    if ch.sealing != "custodians":
        raise Conflict(
            "本榜单由平台密封，没有开标保管人。 This challenge is sealed by the service: it has no custodians.",
            code="not-custodian-sealed",
        )
    if lock:
        ch = challenges.get(ctx.session, challenge_id, lock=True)
    return ch


def envelopes(ctx: Context, ch: Challenge) -> list[tuple[Application, envelope.Envelope]]:
    """The submitted (not withdrawn, not invalid) envelopes waiting for their custodians."""
    apps = applications.for_challenge(ctx.session, ch.id, (ApplicationStatus.SUBMITTED,))
    return [(a, envelope.Envelope.model_validate_json(a.sealed)) for a in apps if a.sealing == "custodians"]


def _submissions(ctx: Context, ch: Challenge) -> list[OpeningSubmission]:
    stmt = select(OpeningSubmission).where(OpeningSubmission.challenge_id == ch.id)
    return list(ctx.session.scalars(stmt.order_by(OpeningSubmission.submitted_at, OpeningSubmission.id)))


def state_of(ch: Challenge) -> s.OpeningState:
    if ch.status in BEFORE:
        return "sealed"
    if ch.status == OPENING:
        return "awaiting_custodians"
    return "opened"


def status(ctx: Context, ch: Challenge, directory: UserDirectory | None) -> s.OpeningStatus:
    submitted = {row.custodian_id: row for row in _submissions(ctx, ch)}
    current = keys.current_keys(ctx.session, ch.custodians)
    names: dict[str, str | None] = {}
    for user_id in ch.custodians:
        try:
            user = directory.user(user_id) if directory is not None else None
        except ServiceUnavailable:
            user = None
        names[user_id] = user.display_name if user is not None else None
    count = _envelope_count(ctx, ch)
    return s.OpeningStatus(
        challenge_id=ch.id,
        state=state_of(ch),
        threshold=ch.custodian_threshold,
        envelopes=count,
        submitted=len(submitted),
        window_ends_at=ch.opening_window_ends_at,
        extensions=ch.opening_extensions,
        opened_at=ch.opened_at if state_of(ch) == "opened" else None,
        custodians=[
            s.OpeningCustodian(
                user_id=user_id,
                display_name=names[user_id],
                fingerprint=current[user_id].fingerprint if user_id in current else None,
                submitted_at=submitted[user_id].submitted_at if user_id in submitted else None,
            )
            for user_id in ch.custodians
        ],
        failures=[s.OpeningFailure.model_validate(f) for f in ch.opening_failures or []],
    )


def _envelope_count(ctx: Context, ch: Challenge) -> int:
    """Before the opening: the active envelopes; during it: those waiting (counted, not parsed); after it:
    those that were opened or failed."""
    if ch.status == OPENING:
        waiting = applications.for_challenge(ctx.session, ch.id, (ApplicationStatus.SUBMITTED,))
        return sum(1 for a in waiting if a.sealing == "custodians")
    if ch.status in BEFORE:
        active = (ApplicationStatus.SUBMITTED, ApplicationStatus.NEEDS_RECONFIRMATION)
        return len(applications.for_challenge(ctx.session, ch.id, active))
    return sum(1 for a in applications.for_challenge(ctx.session, ch.id) if a.envelope_header is not None) + len(
        {f["application_id"] for f in ch.opening_failures or [] if f["code"] != "share-omitted"}
    )


def _not_a_custodian(ch: Challenge, principal: Principal) -> None:
    if principal.subject not in ch.custodians:
        raise Forbidden(
            "您不是本榜单的开标保管人。 You are not an opening custodian of this challenge.", code="not-a-custodian"
        )


def _not_due(ch: Challenge) -> Conflict:
    if ch.status in BEFORE:
        return Conflict(
            "申报截止后方可开标。 The opening is due only after the application deadline.",
            code="opening-not-due",
            challenge_status=ch.status,
        )
    if ch.opened_at is None:  # cancelled during its opening
        return Conflict(
            "本榜单已不再等待开标。 This challenge no longer awaits its opening.",
            code="opening-over",
            challenge_status=ch.status,
        )
    return Conflict("本榜单已开标。 This challenge has been opened.", code="already-opened", challenge_status=ch.status)


def my_shares(ctx: Context, principal: Principal, challenge_id: str) -> s.MyShares:
    ch = custodian_sealed(ctx, principal, challenge_id)
    _not_a_custodian(ch, principal)
    if ch.status != OPENING:
        raise _not_due(ch)
    items = []
    for app, sealed in envelopes(ctx, ch):
        share = next((x for x in sealed.shares if x.custodian_id == principal.subject), None)
        if share is not None:
            items.append(s.MyShare(application_id=app.id, header=sealed.header, share=share))
    return s.MyShares(items=items)


def _refused(ctx: Context, ch: Challenge, principal: Principal, code: str, reason: str, **data: Any) -> None:
    """A refusal in the challenge's chain, committed on its own: the request that caused it stores nothing."""
    ctx.session.rollback()
    entry = {"custodian": principal.subject, "code": code, "reason": reason, **data}
    audit.record(ctx, ch.id, "custody.share_refused", principal, entry, now=ctx.now())
    ctx.session.commit()


def _recheck(ctx: Context, ch: Challenge, principal: Principal, user: DirectoryUser | None) -> str | None:
    """The custodian checked again as at approval (custody/custodians.py): a code when refused."""
    if user is None or user.status != "active" or not CUSTODIAN_ROLES.intersection(user.roles):
        return "not-a-custodian"
    if user.org_kind in REFUSED_KINDS or (user.org_id is not None and user.org_id in applicant_org_ids(ctx, ch)):
        return "custodian-conflict"
    return None


def submit_shares(
    ctx: Context, principal: Principal, challenge_id: str, body: s.SharesSubmission, directory: UserDirectory
) -> s.OpeningStatus:
    ch = custodian_sealed(ctx, principal, challenge_id)
    _not_a_custodian(ch, principal)
    user = directory.user(principal.subject)  # asked before the row is locked
    ch = custodian_sealed(ctx, principal, challenge_id, lock=True)
    if ch.status != OPENING:
        problem = _not_due(ch)
        _refused(ctx, ch, principal, problem.code or "opening-not-due", "not in opening", status=ch.status)
        raise problem
    refusal = _recheck(ctx, ch, principal, user)
    if refusal is not None:
        _refused(ctx, ch, principal, refusal, "the custodian no longer qualifies")
        if refusal == "not-a-custodian":
            raise Forbidden(
                "您已不是在册的主管部门审核人或监督人，不能开标。"
                " You are no longer an active government reviewer or supervisor and cannot open.",
                code="not-a-custodian",
            )
        raise Forbidden(
            "您现属申报单位或揭榜方，不能开标。"
            " You now belong to a vendor or an applicant organisation and cannot open.",
            code="custodian-conflict",
        )
    if any(row.custodian_id == principal.subject for row in _submissions(ctx, ch)):
        raise Conflict("您已提交开标份额。 You have already submitted your shares.", code="already-submitted")
    now = ctx.now()
    current = keys.current_keys(ctx.session, [principal.subject]).get(principal.subject)
    waiting = {app.id: (app, sealed) for app, sealed in envelopes(ctx, ch)}
    given: dict[str, bytes] = {}
    for i, item in enumerate(body.shares):
        field = f"shares.{i}.application_id"
        sealed = waiting[item.application_id][1] if item.application_id in waiting else None
        if sealed is None or item.application_id in given:
            raise UnprocessableContent(
                f"{field}：不是本榜单待开启的密封申报，或重复。 {field}: not an envelope of this opening, or repeated.",
                code="unknown-envelope",
                field=field,
            )
        entry = next(c for c in sealed.header.custodians if c.custodian_id == principal.subject)
        try:
            share = envelope.unb64(item.share)
        except envelope.SealError:
            share = b""  # not base64url: refused below as a share that is not the one named
        if envelope.sha256_hex(share) != entry.share_sha256:
            field = f"shares.{i}.share"
            _refused(
                ctx,
                ch,
                principal,
                "share-refused",
                "the share is not the one the header names",
                application_id=item.application_id,
                field=field,
            )
            raise UnprocessableContent(
                f"{field}：份额与密封信封记载的摘要不符。 {field}: the share is not the one the envelope names.",
                code="share-refused",
                field=field,
                application_id=item.application_id,
            )
        given[item.application_id] = share
    failures: list[dict[str, Any]] = []
    for app_id, (_, sealed) in waiting.items():
        if app_id in given:
            continue
        entry = next(c for c in sealed.header.custodians if c.custodian_id == principal.subject)
        if current is not None and entry.fingerprint == current.fingerprint:
            raise UnprocessableContent(
                "shares：缺少以您现用密钥密封的申报份额。 shares: a share of an envelope sealed to your current key is"
                f" missing ({app_id}).",
                code="share-missing",
                field="shares",
                application_id=app_id,
            )
        failures.append(
            {
                "application_id": app_id,
                "code": "share-omitted",
                "reason": "该信封以保管人已更换的旧密钥密封，份额未提交"
                " (sealed to a key the custodian has replaced; its share was not submitted)",
                "custodian_id": principal.subject,
            }
        )
    plain = {"shares": {app_id: envelope.b64(share) for app_id, share in given.items()}}
    blob, _ = ctx.sealer.seal(ctx.session, ch.id, _shares_id(principal.subject), plain, now)
    ctx.session.add(
        OpeningSubmission(
            challenge_id=ch.id,
            custodian_id=principal.subject,
            fingerprint=current.fingerprint if current is not None else None,
            share_count=len(given),
            sealed_shares=blob,
            submitted_at=now,
        )
    )
    ch.opening_failures = [*(ch.opening_failures or []), *failures]
    data = {
        "custodian": principal.subject,
        "fingerprint": current.fingerprint if current is not None else None,
        "count": len(given),
        "omitted": [f["application_id"] for f in failures],
    }
    audit.record(ctx, ch.id, "custody.shares_submitted", principal, data, now=now)
    ctx.session.flush()
    held = _ready(ctx, ch, waiting)
    if held is not None:
        open_challenge(ctx, ch, waiting, held)
    return status(ctx, ch, directory)


def _held(ctx: Context, ch: Challenge) -> dict[str, dict[str, bytes]]:
    """application id → custodian id → share, from every submission held."""
    out: dict[str, dict[str, bytes]] = {}
    now = ctx.now()
    for row in _submissions(ctx, ch):
        if row.sealed_shares is None:
            continue
        plain = ctx.sealer.open(ctx.session, ch.id, _shares_id(row.custodian_id), row.sealed_shares, now)
        for app_id, share in plain["shares"].items():
            out.setdefault(app_id, {})[row.custodian_id] = envelope.unb64(share)
    return out


Waiting = dict[str, tuple[Application, envelope.Envelope]]


def _ready(ctx: Context, ch: Challenge, waiting: Waiting) -> dict[str, dict[str, bytes]] | None:
    """The shares held, once k distinct custodians have submitted and either every envelope has k shares
    or every custodian has submitted (an envelope still short then fails); None before."""
    count = len(_submissions(ctx, ch))
    if count < ch.custodian_threshold:
        return None
    held = _held(ctx, ch)
    if count >= len(ch.custodians) or all(len(held.get(a, {})) >= ch.custodian_threshold for a in waiting):
        return held
    return None


def _content(ctx: Context, ch: Challenge, parts: Sequence[bytes], header: envelope.Header) -> dict[str, Any]:
    """The opened application as the service stores it; ValueError (with the reason) when it is not one."""
    loaded = json.loads(parts[0])
    if not isinstance(loaded, dict):
        raise ValueError("the application is not a JSON object")
    documents = [
        {
            "name": entry.name or f"document-{i}",
            "content_type": entry.content_type or "application/octet-stream",
            "content_base64": base64.b64encode(data).decode(),
        }
        for i, (entry, data) in enumerate(zip(header.parts[1:], parts[1:], strict=True), start=1)
    ]
    content = app_schemas.ApplicationContent.model_validate({**loaded, "documents": documents})
    return sealable(ctx, ch.eligibility or {}, content)


def _open_one(
    ctx: Context, ch: Challenge, sealed: envelope.Envelope, shares: dict[str, bytes]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """One envelope opened: (its content as the service stores it, None), or (None, the failure)."""
    header = sealed.header
    if len(shares) < header.threshold:
        return None, {"code": "insufficient-shares", "reason": f"{len(shares)} of {header.threshold} shares"}
    try:
        data_key = envelope.combine(header, shares)
    except envelope.SealError as exc:
        return None, {"code": "key-mismatch", "reason": str(exc), "custodian_id": exc.custodian}
    try:
        parts = envelope.open_parts(sealed, data_key)
    except envelope.SealError as exc:
        return None, {"code": "tampered-ciphertext", "reason": f"part {exc.part}: {exc}"}
    finally:
        del data_key
    try:
        return _content(ctx, ch, parts, header), None
    except (ValidationError, ValueError, UnprocessableContent, PayloadTooLarge) as exc:
        return None, {"code": "invalid-application", "reason": str(exc)[:500]}


def open_challenge(ctx: Context, ch: Challenge, waiting: Waiting, held: dict[str, dict[str, bytes]]) -> None:
    """The reconstruction, in the request of the k-th custodian."""
    now = ctx.now()
    opened: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for app, sealed in waiting.values():
        content, failed = _open_one(ctx, ch, sealed, held.get(app.id, {}))
        if content is None:
            assert failed is not None
            failure = {"application_id": app.id, "custodian_id": None, **failed}
            failures.append(failure)
            app.qualification_reason = f"开标失败 {failure['code']}: {failure['reason']}"[:1000]
            application_lifecycle.transition(ctx, app, "invalidate", SYSTEM, reason=app.qualification_reason)
            audit.record(ctx, ch.id, "custody.opening_failed", SYSTEM, failure, now=now)
            continue
        app.envelope_header = sealed.header.model_dump(mode="json")
        app.sealed, content_sha256 = ctx.sealer.seal(ctx.session, ch.id, app.id, content, now)
        app.sealing = "service"
        app.flags = flags_of(ch, content)
        application_lifecycle.transition(ctx, app, "open", SYSTEM, deadline=ch.application_deadline)
        opened.append({"application_id": app.id, "sha256": app.sha256, "content_sha256": content_sha256})
    submissions = _submissions(ctx, ch)
    for row in submissions:
        row.sealed_shares = None  # every share forgotten; the rows stay as the record of who opened
    held.clear()
    ch.opened_at = now
    ch.opening_failures = [*(ch.opening_failures or []), *failures]
    audit.record(
        ctx,
        ch.id,
        "custody.opened",
        SYSTEM,
        {
            "custodians": [r.custodian_id for r in submissions],
            "opened": opened,
            "failed": [f["application_id"] for f in failures],
        },
        now=now,
    )
    ids = {a.id for a in applications.for_challenge(ctx.session, ch.id)}
    reads.publish(ctx.session, ch.id, ids, actor=SYSTEM.label, now=now)
    ctx.session.flush()
    facts = challenge_facts.of(ctx, ch)
    if facts["enough_valid"]:
        transition(ctx, ch, "open_by_custodians", SYSTEM, facts=facts)
    else:
        reason = f"{facts['valid']} valid application(s), {ch.min_applications} required"
        transition(ctx, ch, "open_by_custodians_unsuccessful", SYSTEM, reason=reason, facts=facts)
    ch.next_check_at = None


def extend(ctx: Context, ch: Challenge, directory: UserDirectory | None) -> None:
    """The window passed short of k custodians: extended by another window, the admins and the custodians
    still to act told. The challenge never opens with fewer than k."""
    now = ctx.now()
    end = ctx.working_days_end(now, ctx.settings.opening_window_working_days, human=True)
    ch.opening_window_ends_at = end.ends_at
    ch.opening_extensions += 1
    done = {r.custodian_id for r in _submissions(ctx, ch)}
    data = {
        "extensions": ch.opening_extensions,
        "submitted": len(done),
        "threshold": ch.custodian_threshold,
        "window_ends_at": end.ends_at.isoformat(),
    }
    audit.record(ctx, ch.id, "custody.opening_extended", SYSTEM, data, now=now)
    admins: list[str] = []
    if directory is not None:
        try:
            admins = [u.id for u in directory.users("admin") if u.status == "active"]
        except ServiceUnavailable:
            admins = []
    title = f"开标逾期：{ch.title}"
    body = (
        f"已有 {len(done)} 名保管人提交份额，需 {ch.custodian_threshold} 名；开标期限延长至 {end.ends_at.isoformat()}。"
    )
    for user_id in sorted(set(admins)):
        notify(
            ctx.session,
            kind="custody.opening_overdue",
            user_id=user_id,
            now=now,
            challenge_id=ch.id,
            title=title,
            body=body,
        )
    for user_id in ch.custodians:
        if user_id not in done:
            notify(
                ctx.session,
                kind="custody.opening",
                user_id=user_id,
                now=now,
                challenge_id=ch.id,
                title=f"请尽快开标：{ch.title}",
                body=body,
            )


def candidates(ctx: Context, directory: UserDirectory) -> s.Candidates:
    seen: dict[str, s.Candidate] = {}
    for role in ("gov_reviewer", "supervisor"):
        for user in directory.users(role):
            if user.status != "active" or user.id in seen:
                continue
            seen[user.id] = s.Candidate(
                user_id=user.id,
                display_name=user.display_name,
                organisation_id=user.org_id,
                organisation_name=user.org_name,
                role="gov_reviewer" if role == "gov_reviewer" else "supervisor",
                fingerprint=None,
            )
    current = keys.current_keys(ctx.session, seen)
    items = [
        c.model_copy(update={"fingerprint": current[c.user_id].fingerprint}) if c.user_id in current else c
        for c in seen.values()
    ]
    return s.Candidates(items=items)


__all__ = ["candidates", "extend", "my_shares", "open_challenge", "status", "submit_shares"]
