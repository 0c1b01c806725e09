"""Posting, editing, amending and acting on challenges."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kit import etag as etags
from kit.errors import Forbidden, UnprocessableContent
from kit.tokens import Principal
from workflow.audit import service as audit
from workflow.challenge import deadlines
from workflow.challenge import schemas as s
from workflow.challenge.auth import actor_of, is_owner
from workflow.challenge.lifecycle import DRAFT, OPEN, PENDING, Actor, IllegalAction, allowed_actions, transition
from workflow.context import Context
from workflow.events.outbox import emit
from workflow.models import Amendment, Application, Challenge
from workflow.notification.service import notify_orgs

JSON_FIELDS = {"indicators", "deliverables", "eligibility", "criteria", "documents", "layer_tags", "end_tags"}
APPLICATION_ACTIVE = ("submitted", "needs_reconfirmation")


def check_version(ch: Challenge, if_match: str | None, *, required: bool) -> None:
    etags.check_version(if_match, ch.version, ("榜单", "challenge"), required=required)


def etag(ch: Challenge) -> str:
    return etags.etag(ch.version)


def missing_fields(ctx: Context, ch: Challenge) -> list[str]:
    missing = [
        name
        for name in ("title", "summary", "description", "funding_source", "scenario_domain")
        if not getattr(ch, name)
    ]
    if ch.reward_amount is None:
        missing.append("reward_amount")
    if not ch.indicators:
        missing.append("indicators")
    if not ch.end_tags:
        missing.append("end_tags")
    if not ch.criteria:
        missing.append("criteria")
    elif abs(sum(float(c["weight"]) for c in ch.criteria) - 100) > 1e-6:
        missing.append("criteria weights must sum to 100")
    elif any(float(c.get("min_score", 0)) >= float(c.get("max_score", 100)) for c in ch.criteria):
        missing.append("criteria score ranges")
    if ch.mode == "jiebang" and ch.max_winners != 1:
        missing.append("max_winners must be 1 for jiebang")
    if ch.mode == "horse_race" and not 2 <= ch.max_winners <= 3:
        missing.append("max_winners must be 2-3 for horse_race")
    earliest = ctx.now() + ctx.period(timedelta(days=ctx.settings.min_open_days))
    start = max(ch.publish_at or ctx.now(), ctx.now())
    if ch.application_deadline is None:
        missing.append("application_deadline")
    elif ch.application_deadline < earliest or ch.application_deadline <= start:
        missing.append("application_deadline too close")
    return missing


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
            select(Application).where(Application.challenge_id == ch.id, Application.status.in_(APPLICATION_ACTIVE))
        )
    )
    for app in apps:
        app.status = "needs_reconfirmation"
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


def facts(ctx: Context, ch: Challenge, actor: Actor) -> dict[str, Any]:
    return {
        "missing": missing_fields(ctx, ch) if ch.status in (DRAFT, PENDING) else [],
        "not_approved": ch.approved_by is None,
        "cancel_requested": ch.cancel_request is not None,
    }


def act(
    ctx: Context, principal: Principal, ch: Challenge, action: str, body: s.ActionRequest, if_match: str | None
) -> None:
    from workflow.application import service as applications
    from workflow.award import service as award

    actor = actor_of(principal)
    if actor is None:
        raise Forbidden("A signed-in user is required")
    check_version(ch, if_match, required=False)
    now = ctx.now()
    if action in ("recommend", "approve_award", "reject_award"):
        award.act(ctx, actor, ch, action, body)
    elif action == "start_review":
        applications.start_review(ctx, actor, ch)
    elif action == "approve" and ch.status == PENDING and ch.publish_at is not None and ch.publish_at > now:
        transition_facts = facts(ctx, ch, actor)
        # Approval now, publication by the scheduler at publish_at: validated like a transition.
        from workflow.challenge.lifecycle import find_rule

        rule = find_rule(ch, "approve", actor, public_only=True)
        blocked = rule.guard(transition_facts) if rule.guard else None
        if blocked:
            raise IllegalAction(
                f"'approve' refused: {blocked}",
                challenge_status=ch.status,
                action=action,
                allowed_actions=allowed_actions(ch, actor),
            )
        ch.approved_by = actor.id
        ch.version += 1
        audit.record(ctx, ch.id, "challenge.approved", actor, {"publish_at": ch.publish_at.isoformat()}, now=now)
    elif action == "cancel":
        transition(ctx.session, ch, action, actor, now, reason=body.reason, public_only=True)
        ch.cancel_request = {
            "reason_code": body.reason_code or "other",
            "reason": body.reason,
            "by": actor.id,
            "at": now.isoformat(),
        }
    elif action == "reject_cancellation":
        transition(
            ctx.session, ch, action, actor, now, reason=body.reason, facts=facts(ctx, ch, actor), public_only=True
        )
        ch.cancel_request = None
    else:
        transition(
            ctx.session, ch, action, actor, now, reason=body.reason, facts=facts(ctx, ch, actor), public_only=True
        )
        if action == "approve":
            ch.approved_by = actor.id
            ctx.sealer.ensure_key(ctx.session, ch.id, now)
        if action == "approve_cancellation":
            applications.notify_applicants(ctx, ch, "challenge.cancelled", f"榜单已撤销：{ch.title}")
    deadlines.reschedule(ctx, ch)
