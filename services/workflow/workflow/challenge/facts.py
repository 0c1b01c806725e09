"""The one place where the facts the challenge rules' guards read are computed, from the row and the clock.

Each fact is a function of the challenge, the context (session, clock) and, for an action a user
takes, the actor and the action's arguments. `of()` returns them lazily: a guard that reads
`reviews_done` pays for that query, an action without guards pays for nothing. The scheduler and
the API read the same facts, so no caller asserts one (docs/decisions/0090-rules-with-effects.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from kit.rules import SYSTEM, Actor, LazyFacts
from workflow.application import repository as applications
from workflow.application.lifecycle import IN_QUALIFICATION, ApplicationStatus, fixup_lapsed
from workflow.award import lifecycle as awards
from workflow.award.lifecycle import AwardStatus
from workflow.challenge.lifecycle import DRAFT, PENDING
from workflow.context import Context
from workflow.models import Challenge, Objection
from workflow.review.service import ranking, review_facts


@dataclass(frozen=True)
class Source:
    ctx: Context
    ch: Challenge
    actor: Actor
    args: Mapping[str, Any] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # what several facts share, computed once

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]


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


def open_objections(ctx: Context, ch: Challenge) -> int:
    return int(
        ctx.session.scalar(
            select(func.count())
            .select_from(Objection)
            .where(Objection.challenge_id == ch.id, Objection.status == "submitted")
        )
        or 0
    )


def _publish_later(f: Source) -> bool:
    return f.ch.publish_at is not None and f.ch.publish_at > f.ctx.now()


def _deadline_passed(f: Source) -> bool:
    return f.ch.application_deadline is not None and f.ctx.now() >= f.ch.application_deadline


def _valid(f: Source) -> int:
    return int(
        f.once("valid", lambda: len(applications.for_challenge(f.ctx.session, f.ch.id, (ApplicationStatus.OPENED,))))
    )


def _review(f: Source) -> dict[str, bool]:
    return dict(f.once("review", lambda: review_facts(f.ctx, f.ch)))


def _qualification(f: Source) -> dict[str, bool]:
    return dict(f.once("qualification", lambda: _qualification_of(f)))


def _qualification_of(f: Source) -> dict[str, bool]:
    now = f.ctx.now()
    apps = applications.for_challenge(f.ctx.session, f.ch.id, IN_QUALIFICATION)
    lapsed = {a.id for a in apps if fixup_lapsed(a, now)}
    undecided = [a for a in apps if a.status == "opened" or (a.status == "fixup" and a.id not in lapsed)]
    return {"all_decided": not undecided, "any_eligible": any(a.status == "eligible" for a in apps)}


def _chosen(f: Source) -> list[str]:
    """The applications a recommendation names: those the reviewer chose, else the top max_winners."""
    given = f.args.get("application_ids")
    if given is not None:
        return list(given)
    return [r.application_id for r in _eligible_ranked(f)][: f.ch.max_winners]


def _eligible_ranked(f: Source) -> list[Any]:
    def compute() -> list[Any]:
        if not _review(f)["reviews_done"]:
            return []
        return [r for r in ranking(f.ctx, f.ch) if r.status == "eligible" and r.score is not None]

    return list(f.once("ranked", compute))


def _selection_ok(f: Source) -> bool:
    chosen = _chosen(f)
    eligible = {r.application_id for r in _eligible_ranked(f)}
    return (
        1 <= len(chosen) <= f.ch.max_winners and len(set(chosen)) == len(chosen) and all(i in eligible for i in chosen)
    )


def _different_reviewer(f: Source) -> bool:
    pending = awards.current(f.ctx.session, f.ch, (AwardStatus.RECOMMENDED,))
    return bool(pending) and all(a.recommended_by != f.actor.id for a in pending)


FACTS: dict[str, Callable[[Source], Any]] = {
    "missing": lambda f: missing_fields(f.ctx, f.ch) if f.ch.status in (DRAFT, PENDING) else [],
    "not_approved": lambda f: f.ch.approved_by is None,
    "publish_later": _publish_later,
    "publish_now": lambda f: not _publish_later(f),
    "publish_due": lambda f: f.ch.approved_by is not None and f.ch.publish_at is not None and not _publish_later(f),
    "deadline_passed": _deadline_passed,
    "service_sealed": lambda f: f.ch.sealing != "custodians",
    "custodian_sealed": lambda f: f.ch.sealing == "custodians",
    "valid": _valid,
    "enough_valid": lambda f: _valid(f) >= f.ch.min_applications,
    "too_few_valid": lambda f: _valid(f) < f.ch.min_applications,
    "all_decided": lambda f: _qualification(f)["all_decided"],
    "any_eligible": lambda f: _qualification(f)["any_eligible"],
    "panel_ready": lambda f: _review(f)["panel_ready"],
    "reviews_done": lambda f: _review(f)["reviews_done"],
    "selection_ok": _selection_ok,
    "chosen": _chosen,
    "different_reviewer": _different_reviewer,
    "publicity_over": lambda f: (
        f.ch.publicity_ends_at is not None
        and f.ctx.now() >= f.ch.publicity_ends_at
        and open_objections(f.ctx, f.ch) == 0
    ),
    "publicity_ended": lambda f: f.ch.publicity_ends_at is not None and f.ctx.now() >= f.ch.publicity_ends_at,
    "cancel_requested": lambda f: f.ch.cancel_request is not None,
}


def of(ctx: Context, ch: Challenge, actor: Actor = SYSTEM, args: Mapping[str, Any] | None = None) -> LazyFacts:
    """The facts of `ch` now, for `actor` taking an action with `args`; each computed on first read."""
    return LazyFacts(FACTS, Source(ctx, ch, actor, args or {}))
