"""Posting, editing, amending and acting on challenges."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kit.errors import Forbidden, PreconditionFailed, PreconditionRequired, UnprocessableContent
from kit.tokens import Principal
from workflow.application import lifecycle as applications
from workflow.application.lifecycle import ACTIVE
from workflow.audit import service as audit
from workflow.challenge import deadlines
from workflow.challenge import facts as challenge_facts
from workflow.challenge import schemas as s
from workflow.challenge.auth import actor_of, is_owner
from workflow.challenge.lifecycle import DRAFT, OPEN, IllegalAction, allowed_actions, transition
from workflow.context import Context
from workflow.events.outbox import emit
from workflow.models import Amendment, Application, Challenge
from workflow.notification.service import notify_orgs

JSON_FIELDS = {"indicators", "deliverables", "eligibility", "criteria", "documents", "layer_tags", "end_tags"}


def parse_if_match(value: str | None) -> int | None:
    if value is None:
        return None
    raw = value.strip().removeprefix("W/").strip('"')
    try:
        return int(raw)
    except ValueError as exc:
        raise PreconditionFailed("If-Match must be the ETag returned by GET") from exc


def check_version(ch: Challenge, if_match: str | None, *, required: bool) -> None:
    expected = parse_if_match(if_match)
    if expected is None:
        if required:
            raise PreconditionRequired("Send If-Match with the version you edited", current_version=ch.version)
        return
    if expected != ch.version:
        raise PreconditionFailed(f"version {expected} is stale; current is {ch.version}", current_version=ch.version)


def etag(ch: Challenge) -> str:
    return f'"{ch.version}"'


def to_schema(ch: Challenge, principal: Principal | None) -> s.Challenge:
    return s.Challenge(
        id=ch.id,
        status=ch.status,
        version=ch.version,
        allowed_actions=allowed_actions(ch, actor_of(principal)),
        owner_org_id=ch.owner_org_id,
        owner_org_name=ch.owner_org_name,
        title=ch.title,
        summary=ch.summary,
        description=ch.description,
        indicators=ch.indicators,
        deliverables=ch.deliverables,
        reward_amount=float(ch.reward_amount) if ch.reward_amount is not None else None,
        funding_source=ch.funding_source,
        eligibility=ch.eligibility,
        layer_tags=ch.layer_tags,
        end_tags=ch.end_tags,
        scenario_domain=ch.scenario_domain,
        criteria=ch.criteria,
        documents=[d for d in ch.documents if d.get("public", True) or is_owner(ch, principal)],
        mode=ch.mode,
        max_winners=ch.max_winners,
        min_applications=ch.min_applications,
        publicity_working_days=ch.publicity_working_days,
        fixup_days=ch.fixup_days,
        comment_required_below=ch.comment_required_below,
        application_deadline=ch.application_deadline,
        publish_at=ch.publish_at,
        published_at=ch.published_at,
        opened_at=ch.opened_at,
        publicity_ends_at=ch.publicity_ends_at,
        publicity_ends_provisional=ch.publicity_ends_provisional,
        awarded_at=ch.awarded_at,
        cancel_request=ch.cancel_request
        if (is_owner(ch, principal) or (principal is not None and principal.has_role("gov_reviewer")))
        else None,
        created_at=ch.created_at,
        updated_at=ch.updated_at,
    )


def summary(ch: Challenge) -> s.ChallengeSummary:
    return s.ChallengeSummary(
        id=ch.id,
        status=ch.status,
        version=ch.version,
        title=ch.title,
        summary=ch.summary,
        owner_org_name=ch.owner_org_name,
        mode=ch.mode,
        reward_amount=float(ch.reward_amount) if ch.reward_amount is not None else None,
        end_tags=ch.end_tags,
        scenario_domain=ch.scenario_domain,
        application_deadline=ch.application_deadline,
        published_at=ch.published_at,
    )


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
    audit.append(
        ctx.session,
        ch.id,
        actor=f"user:{principal.subject}",
        action="challenge.created",
        data={"title": ch.title},
        now=now,
    )
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
        if "mode" in values or "max_winners" in values:
            raise UnprocessableContent("mode and max_winners cannot change once published")
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
    audit.append(
        ctx.session,
        ch.id,
        actor=f"user:{principal.subject}",
        action="challenge.amended",
        data={"version": ch.version, "reason": reason, "diff": diff},
        now=now,
    )
    emit(ctx.session, ch, "challenge.amended", now)


def act(
    ctx: Context, principal: Principal, ch: Challenge, action: str, body: s.ActionRequest, if_match: str | None
) -> None:
    actor = actor_of(principal)
    if actor is None:
        raise Forbidden("A signed-in user is required")
    check_version(ch, if_match, required=False)
    # What each action does, besides moving the status, is written on its rule (challenge/lifecycle.py).
    args = {"reason_code": body.reason_code, "application_ids": body.application_ids}
    facts = challenge_facts.of(ctx, ch, actor, args)
    transition(ctx, ch, action, actor, reason=body.reason, facts=facts, args=args, public_only=True)
    deadlines.reschedule(ctx, ch)
