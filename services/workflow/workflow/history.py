"""The transition history of the entities that live inside a challenge (applications, awards,
objections, expert assignments, questions): one recorder for their lifecycles' writers.

Not the audit chain: before the opening a growing public chain would count the submissions
(docs/decisions/0052); the business step each service audits stays where it is
(docs/decisions/0090-rules-with-effects.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kit.rules import Actor, Rule, Step
from workflow.context import Context
from workflow.models import StatusTransition

Recorder = Callable[[Step[Any, Context]], None]


def recorder(entity: str) -> Recorder:
    """Writes a `status_transitions` row for every step that moves the status."""

    def record(step: Step[Any, Context]) -> None:
        if step.rule.target is None:
            return
        row = step.entity
        step.ctx.session.add(
            StatusTransition(entity=entity, entity_id=row.id, challenge_id=row.challenge_id, **step.history())
        )

    return record


def actor_kinds(
    owner_of: Callable[[Any], str | None] = lambda row: None,
) -> Callable[[Rule[Any, Any], Any, Actor], bool]:
    """`may_act` for the kinds the inner lifecycles name.

    "system": the scheduler; "gov": a government reviewer; "applicant": a user of the organisation
    `owner_of(row)` names; "expert": the user `owner_of(row)` names; "follows": a step that follows
    from a challenge rule its caller has already passed (never offered to anyone)."""

    def may_act(rule: Rule[Any, Any], row: Any, actor: Actor) -> bool:
        if rule.actor == "follows":
            return True
        if rule.actor == "system":
            return actor.kind == "system"
        if rule.actor == "gov":
            return "gov_reviewer" in actor.roles
        if actor.kind != "user" or owner_of(row) is None:
            return False
        return owner_of(row) == (actor.org_id if rule.actor == "applicant" else actor.id)

    return may_act
