"""The expert assignment lifecycle: scored (and re-scored) or recused, by the expert or by a declared conflict."""

from __future__ import annotations

from enum import StrEnum

from kit.rules import Actor, Lifecycle, Rule, rule
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import Assignment


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"
    COMPLETED = "completed"
    RECUSED = "recused"


X = AssignmentStatus
RULES: tuple[Rule[Assignment, Context], ...] = (
    rule("score", {X.ASSIGNED, X.COMPLETED}, X.COMPLETED, "expert"),
    rule("recuse", {X.ASSIGNED, X.COMPLETED, X.RECUSED}, X.RECUSED, "expert"),
    # The expert's declaration (or their organisation) conflicts with the application.
    rule("recuse_for_conflict", {X.ASSIGNED, X.COMPLETED}, X.RECUSED, "follows", public=False),
)
LIFECYCLE: Lifecycle[Assignment, Context] = Lifecycle(
    "assignment", tuple(X), RULES, may_act=actor_kinds(lambda a: a.expert_id), record=recorder("assignment")
)


def transition(ctx: Context, assignment: Assignment, action: str, actor: Actor, *, reason: str = "") -> None:
    """The only writer of `Assignment.status`."""
    LIFECYCLE.transition(ctx, assignment, action, actor, ctx.now(), reason=reason)
