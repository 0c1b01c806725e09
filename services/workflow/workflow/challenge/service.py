"""Posting, editing, amending and acting on challenges."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kit import etag as etags
from kit.errors import Forbidden, UnprocessableContent
from kit.tokens import Principal
from workflow.application import lifecycle as applications
from workflow.application.lifecycle import ACTIVE
from workflow.audit import service as audit
from workflow.challenge import deadlines
from workflow.challenge import facts as challenge_facts
from workflow.challenge import schemas as s
from workflow.challenge.auth import actor_of, is_owner
from workflow.challenge.lifecycle import DRAFT, OPEN, IllegalAction, allowed_actions, transition
from workflow.clients.gateway import UserDirectory
from workflow.context import Context
from workflow.events.outbox import emit
from workflow.models import Amendment, Application, Challenge
from workflow.notification.service import notify_orgs

JSON_FIELDS = {
    "indicators",
    "deliverables",
    "eligibility",
    "criteria",
    "documents",
    "layer_tags",
    "end_tags",
    "custodians",
}
# Fixed once the challenge is published: the vendors seal to them (decision 0107), and the format to them.
FIXED_WHEN_PUBLISHED = ("mode", "max_winners", "sealing", "custodians", "custodian_threshold")


def check_version(ch: Challenge, if_match: str | None, *, required: bool) -> None:
    etags.check_version(if_match, ch.version, ("榜单", "challenge"), required=required)


def etag(ch: Challenge) -> str:
    return etags.etag(ch.version)


# The read fields computed for the caller rather than copied from the row.
_COMPUTED = frozenset({"allowed_actions", "documents", "cancel_request"})


def to_schema(ch: Challenge, principal: Principal | None) -> s.Challenge:
    may_see_request = is_owner(ch, principal) or (principal is not None and principal.has_role("gov_reviewer"))
    return s.Challenge.model_validate(
        {
            **{name: getattr(ch, name) for name in s.Challenge.model_fields if name not in _COMPUTED},
            "allowed_actions": allowed_actions(ch, actor_of(principal)),
            "documents": [d for d in ch.documents if d.get("public", True) or is_owner(ch, principal)],
            "cancel_request": ch.cancel_request if may_see_request else None,
        }
    )


def summary(ch: Challenge) -> s.ChallengeSummary:
    return s.ChallengeSummary.model_validate(ch)


# Columns an explicit null may clear; for every other field null means "leave as it is" (a
# client that sends the whole form with empty fields must not store NULL in a NOT NULL column).
CLEARABLE = frozenset({"reward_amount", "publish_at"})


def _values(body: s.ChallengeFields) -> dict[str, Any]:
    python = body.model_dump(exclude_unset=True, exclude={"reason"})
    as_json = body.model_dump(mode="json", exclude_unset=True, exclude={"reason"})
    return {k: (as_json[k] if k in JSON_FIELDS else v) for k, v in python.items() if v is not None or k in CLEARABLE}


def create(ctx: Context, principal: Principal, body: s.ChallengeCreate) -> Challenge:
    if not principal.org_id:
        raise Forbidden("An enterprise account with an organisation is required")
    now = ctx.now()
    ch = Challenge(
        owner_org_id=principal.org_id,
        owner_org_name=principal.org_name or "",
        created_by=principal.subject,
        status=DRAFT,
        version=1,
        created_at=now,
        updated_at=now,
        eligibility=s.Eligibility().model_dump(),
    )
    for key, value in _values(body).items():
        setattr(ch, key, value)
    ctx.session.add(ch)
    ctx.session.flush()
    audit.record(ctx, ch.id, "challenge.created", principal, {"title": ch.title}, now=now)
    return ch


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "is_finite"):  # Decimal
        return float(value)
    return value


def update(ctx: Context, principal: Principal, ch: Challenge, body: s.ChallengeUpdate, if_match: str | None) -> None:
    actor = actor_of(principal)
    if not is_owner(ch, principal) or actor is None:
        raise Forbidden("Only the owning organisation may edit this challenge")
    check_version(ch, if_match, required=True)
    if ch.status not in (DRAFT, OPEN):
        raise IllegalAction(
            f"a challenge cannot be edited while {ch.status}",
            challenge_status=ch.status,
            action="edit",
            allowed_actions=allowed_actions(ch, actor),
        )
    now = ctx.now()
    values = _values(body)
    diff = {
        k: {"old": _jsonable(getattr(ch, k)), "new": _jsonable(v)}
        for k, v in values.items()
        if _jsonable(getattr(ch, k)) != _jsonable(v)
    }
    if ch.status == OPEN:
        if not (body.reason or "").strip():
            raise UnprocessableContent("An amendment needs a reason")
        fixed = [name for name in FIXED_WHEN_PUBLISHED if name in values]
        if fixed:
            raise UnprocessableContent(
                f"{', '.join(fixed)} 发布后不能变更。 {', '.join(fixed)} cannot change once published.",
                field=fixed[0],
            )
        if "application_deadline" in values and values["application_deadline"] < now + ctx.period(
            timedelta(days=ctx.settings.min_days_after_amendment)
        ):
            raise UnprocessableContent("The new deadline leaves too little time")
    for key, value in values.items():
        setattr(ch, key, value)
    ch.version += 1
    ch.updated_at = now
    if ch.status == OPEN:
        _amended(ctx, principal, ch, diff, body.reason or "")
    deadlines.reschedule(ctx, ch)


def _amended(ctx: Context, principal: Principal, ch: Challenge, diff: dict[str, Any], reason: str) -> None:
    from sqlalchemy import select

    now = ctx.now()
    minimum = now + ctx.period(timedelta(days=ctx.settings.min_days_after_amendment))
    if ch.application_deadline is not None and ch.application_deadline < minimum:
        diff["application_deadline"] = {
            "old": ch.application_deadline.isoformat(),
            "new": minimum.isoformat(),
            "moved": True,
        }
        ch.application_deadline = minimum
        ch.reminder_sent_at = None
    ctx.session.add(
        Amendment(challenge_id=ch.id, version=ch.version, reason=reason, diff=diff, author=principal.subject, at=now)
    )
    apps = list(
        ctx.session.scalars(
            select(Application).where(Application.challenge_id == ch.id, Application.status.in_(ACTIVE))
        )
    )
    actor = actor_of(principal)
    assert actor is not None
    for app in apps:
        applications.transition(ctx, app, "require_reconfirmation", actor, reason=reason)
    notify_orgs(
        ctx.session,
        {a.org_id for a in apps},
        kind="challenge.amended",
        now=now,
        challenge_id=ch.id,
        title=f"榜单已变更，请重新确认申报：{ch.title}",
        body=reason,
    )
    audit.record(
        ctx, ch.id, "challenge.amended", principal, {"version": ch.version, "reason": reason, "diff": diff}, now=now
    )
    emit(ctx.session, ch, "challenge.amended", now)


def act(
    ctx: Context,
    principal: Principal,
    ch: Challenge,
    action: str,
    body: s.ActionRequest,
    if_match: str | None,
    directory: UserDirectory | None = None,
) -> None:
    """`directory`: the accounts directory, for the custodians the rules check (Prefetched before the lock)."""
    actor = actor_of(principal)
    if actor is None:
        raise Forbidden("A signed-in user is required")
    check_version(ch, if_match, required=False)
    # What each action does, besides moving the status, is written on its rule (challenge/lifecycle.py).
    args = {"reason_code": body.reason_code, "application_ids": body.application_ids, "directory": directory}
    facts = challenge_facts.of(ctx, ch, actor, args)
    transition(ctx, ch, action, actor, reason=body.reason, facts=facts, args=args, public_only=True)
    deadlines.reschedule(ctx, ch)
