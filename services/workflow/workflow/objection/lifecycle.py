"""The objection lifecycle: a government reviewer upholds or rejects a filed objection."""

from __future__ import annotations

from enum import StrEnum

from kit.rules import Actor, Lifecycle, Rule, rule
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import Objection


class ObjectionStatus(StrEnum):
    SUBMITTED = "submitted"
    UPHELD = "upheld"
    REJECTED = "rejected"


RULES: tuple[Rule[Objection, Context], ...] = (
    rule("uphold", {ObjectionStatus.SUBMITTED}, ObjectionStatus.UPHELD, "gov"),
    rule("reject", {ObjectionStatus.SUBMITTED}, ObjectionStatus.REJECTED, "gov"),
)
# The decision's outcome -> its rule.
DECIDE = {ObjectionStatus.UPHELD: "uphold", ObjectionStatus.REJECTED: "reject"}
LIFECYCLE: Lifecycle[Objection, Context] = Lifecycle(
    "objection", tuple(ObjectionStatus), RULES, may_act=actor_kinds(), record=recorder("objection")
)


def transition(ctx: Context, objection: Objection, action: str, actor: Actor, *, reason: str = "") -> None:
    """The only writer of `Objection.status`."""
    LIFECYCLE.transition(ctx, objection, action, actor, ctx.now(), reason=reason)
