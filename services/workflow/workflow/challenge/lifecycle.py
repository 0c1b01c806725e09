"""The challenge lifecycle as data: one table of rules, one writer of `status`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kit.errors import Conflict
from workflow.audit import service as audit
from workflow.events.outbox import emit_for_status
from workflow.models import Challenge, ChallengeTransition

DRAFT, PENDING, OPEN, QUALIFICATION = "draft", "pending_approval", "open", "qualification"
EXPERT_REVIEW, AWARD_APPROVAL, PUBLICITY = "expert_review", "award_approval", "publicity"
AWARDED, CANCELLED, UNSUCCESSFUL = "awarded", "cancelled", "unsuccessful"
STATES = (
    DRAFT,
    PENDING,
    OPEN,
    QUALIFICATION,
    EXPERT_REVIEW,
    AWARD_APPROVAL,
    PUBLICITY,
    AWARDED,
    CANCELLED,
    UNSUCCESSFUL,
)
FINAL = frozenset({AWARDED, CANCELLED, UNSUCCESSFUL})
CANCELLABLE = frozenset(STATES) - FINAL
PUBLISHED = frozenset(STATES) - {DRAFT, PENDING}

Facts = Mapping[str, Any]
Guard = Callable[[Facts], str | None]


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (with the roles and organisation of their token) or the scheduler."""

    id: str
    kind: str = "user"
    roles: frozenset[str] = field(default_factory=frozenset)
    org_id: str | None = None
    name: str = ""

    @property
    def label(self) -> str:
        return "system:scheduler" if self.kind == "system" else f"user:{self.id}"


SYSTEM = Actor(id="scheduler", kind="system")


def _fact(name: str, message: str) -> Guard:
    return lambda facts: None if facts.get(name) else message


def _all(*guards: Guard) -> Guard:
    def check(facts: Facts) -> str | None:
        return next((r for g in guards if (r := g(facts)) is not None), None)

    return check


@dataclass(frozen=True)
class Rule:
    action: str
    sources: frozenset[str]
    target: str | None  # None: an action that changes no status
    actor: str  # "owner" | "gov" | "system"
    needs_reason: bool = False
    guard: Guard | None = None
    public: bool = True  # offered by POST /challenges/{id}/actions/{action}


def _rule(action: str, sources: set[str] | frozenset[str], target: str | None, actor: str, **kw: Any) -> Rule:
    return Rule(action, frozenset(sources), target, actor, **kw)


def _complete(facts: Facts) -> str | None:
    missing = facts.get("missing") or []
    return f"incomplete: {', '.join(missing)}" if missing else None


RULES: tuple[Rule, ...] = (
    _rule("submit", {DRAFT}, PENDING, "owner", guard=_complete),
    _rule("request_changes", {PENDING}, DRAFT, "gov", needs_reason=True),
    _rule("approve", {PENDING}, OPEN, "gov", guard=_all(_complete, _fact("not_approved", "already approved"))),
    _rule(
        "publish",
        {PENDING},
        OPEN,
        "system",
        guard=_fact("publish_due", "not approved or publish_at not reached"),
        public=False,
    ),
    _rule(
        "close",
        {OPEN},
        QUALIFICATION,
        "system",
        guard=_fact("enough_valid", "fewer valid applications than min_applications"),
        public=False,
    ),
    _rule("close_unsuccessful", {OPEN}, UNSUCCESSFUL, "system", public=False),
    _rule(
        "start_review",
        {QUALIFICATION},
        EXPERT_REVIEW,
        "gov",
        guard=_all(
            _fact("all_decided", "every application must be eligible, ineligible or past its fix-up window"),
            _fact("any_eligible", "no eligible application"),
        ),
    ),
    _rule("declare_unsuccessful", {QUALIFICATION, EXPERT_REVIEW}, UNSUCCESSFUL, "gov", needs_reason=True),
    _rule(
        "recommend",
        {EXPERT_REVIEW},
        AWARD_APPROVAL,
        "gov",
        guard=_all(
            _fact("panel_ready", "no expert has completed a review yet"),
            _fact("reviews_done", "every assignment must be completed or recused"),
            _fact("selection_ok", "recommend between 1 and max_winners eligible applications"),
        ),
    ),
    _rule(
        "approve_award",
        {AWARD_APPROVAL},
        PUBLICITY,
        "gov",
        guard=_fact("different_reviewer", "the reviewer who recommended may not approve"),
    ),
    _rule(
        "reject_award",
        {AWARD_APPROVAL},
        EXPERT_REVIEW,
        "gov",
        needs_reason=True,
        guard=_fact("different_reviewer", "the reviewer who recommended may not reject"),
    ),
    _rule("uphold_objection", {PUBLICITY}, EXPERT_REVIEW, "gov", public=False),
    _rule(
        "finalize",
        {PUBLICITY},
        AWARDED,
        "system",
        guard=_fact("publicity_over", "公示 period not over or an objection is open"),
        public=False,
    ),
    _rule("cancel", CANCELLABLE, None, "owner", needs_reason=True),
    _rule(
        "approve_cancellation",
        CANCELLABLE,
        CANCELLED,
        "gov",
        guard=_fact("cancel_requested", "the owner has not requested cancellation"),
    ),
    _rule(
        "reject_cancellation",
        CANCELLABLE,
        None,
        "gov",
        needs_reason=True,
        guard=_fact("cancel_requested", "the owner has not requested cancellation"),
    ),
)
RULES_BY_ACTION: dict[str, list[Rule]] = {}
for _r in RULES:
    RULES_BY_ACTION.setdefault(_r.action, []).append(_r)


def may_act(rule: Rule, ch: Challenge, actor: Actor) -> bool:
    if rule.actor == "system":
        return actor.kind == "system"
    if rule.actor == "gov":
        return "gov_reviewer" in actor.roles
    return "enterprise" in actor.roles and actor.org_id == ch.owner_org_id


def _offered(action: str, ch: Challenge, actor: Actor) -> bool:
    """Cheap guards that only read the challenge row, so the UI does not offer dead buttons."""
    if action in ("approve_award", "reject_award"):
        return ch.recommended_by != actor.id
    if action in ("approve_cancellation", "reject_cancellation"):
        return ch.cancel_request is not None
    if action == "cancel":
        return ch.cancel_request is None
    if action == "approve":
        return ch.approved_by is None
    return True


def allowed_actions(ch: Challenge, actor: Actor | None) -> list[str]:
    if actor is None:
        return []
    names = [
        r.action
        for r in RULES
        if r.public and ch.status in r.sources and may_act(r, ch, actor) and _offered(r.action, ch, actor)
    ]
    if "enterprise" in actor.roles and actor.org_id == ch.owner_org_id and ch.status in (DRAFT, OPEN):
        names.append("edit" if ch.status == DRAFT else "amend")
    return sorted(set(names))


class IllegalAction(Conflict):
    code = "illegal-action"
    title = "This action is not allowed now"


def find_rule(ch: Challenge, action: str, actor: Actor, *, public_only: bool = False) -> Rule:
    candidates = [r for r in RULES_BY_ACTION.get(action, []) if not public_only or r.public]
    allowed = allowed_actions(ch, actor)
    for rule in candidates:
        if ch.status in rule.sources and may_act(rule, ch, actor):
            return rule
    raise IllegalAction(
        f"'{action}' is not allowed while the challenge is {ch.status}",
        challenge_status=ch.status,
        action=action,
        allowed_actions=allowed,
    )


def transition(
    session: Session,
    ch: Challenge,
    action: str,
    actor: Actor,
    now: datetime,
    *,
    reason: str = "",
    facts: Facts | None = None,
    public_only: bool = False,
) -> ChallengeTransition | None:
    """The only writer of `Challenge.status`. Returns the recorded transition (None for status-less actions)."""
    rule = find_rule(ch, action, actor, public_only=public_only)
    if rule.needs_reason and not reason.strip():
        raise IllegalAction(
            f"'{action}' needs a reason",
            challenge_status=ch.status,
            action=action,
            allowed_actions=allowed_actions(ch, actor),
        )
    if rule.guard is not None:
        blocked = rule.guard(facts or {})
        if blocked is not None:
            raise IllegalAction(
                f"'{action}' refused: {blocked}",
                challenge_status=ch.status,
                action=action,
                allowed_actions=allowed_actions(ch, actor),
            )
    ch.version += 1
    ch.updated_at = now
    if rule.target is None:
        audit.append(
            session,
            ch.id,
            actor=actor.label,
            action=f"action.{action}",
            data={"status": ch.status, "reason": reason},
            now=now,
        )
        return None
    record = ChallengeTransition(
        challenge_id=ch.id,
        version=ch.version,
        action=action,
        from_status=ch.status,
        to_status=rule.target,
        actor=actor.label,
        reason=reason,
        at=now,
    )
    ch.status = rule.target
    if rule.target == OPEN and ch.published_at is None:
        ch.published_at = now
    session.add(record)
    audit.append(
        session,
        ch.id,
        actor=actor.label,
        action=f"transition.{action}",
        data={"from": record.from_status, "to": record.to_status, "reason": reason},
        now=now,
    )
    emit_for_status(session, ch, now)
    return record
