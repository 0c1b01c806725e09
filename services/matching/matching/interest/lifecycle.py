"""The interest lifecycle: the demand's publisher (or an admin) marks a deal (对接成功) or declines
it with a reason (docs/decisions/0096-gateway-and-matching-lifecycles.md)."""

from __future__ import annotations

from kit.history import Acting, audited, recorder
from kit.rules import Actor, Lifecycle, Rule, Step, rule
from matching import audit
from matching.models import Interest, StatusTransition
from matching.models.interest import InterestStatus

S = InterestStatus


def _decided(step: Step[Interest, Acting]) -> None:
    step.entity.decision_reason, step.entity.decided_at = step.reason, step.now


def _by_admin(step: Step[Interest, Acting]) -> bool:
    """For the publisher the decision is its own business; an administrator's is an audited act."""
    return "admin" in step.actor.roles


def _decision(step: Step[Interest, Acting]) -> dict[str, str]:
    return {"decision": step.to_status, "demand_id": step.entity.demand_id}


_AUDITED = audited(audit.LOG, "interest.decided", data=_decision, when=_by_admin)
RULES: tuple[Rule[Interest, Acting], ...] = (
    rule("deal", {S.PENDING}, S.DEAL, "publisher", effects=(_decided, _AUDITED)),
    rule("decline", {S.PENDING}, S.DECLINED, "publisher", needs_reason=True, effects=(_decided, _AUDITED)),
)
# The decision a publisher posts -> its rule.
DECIDE = {S.DEAL: "deal", S.DECLINED: "decline"}


def _may_act(r: Rule[Interest, Acting], row: Interest, actor: Actor) -> bool:
    """`publisher`: an admin, or a user of the organisation that published the interest's demand."""
    owner = row.demand.publisher_org_id
    return r.actor == "publisher" and ("admin" in actor.roles or (owner is not None and actor.org_id == owner))


LIFECYCLE: Lifecycle[Interest, Acting] = Lifecycle(
    "interest", tuple(S), RULES, may_act=_may_act, record=recorder(StatusTransition, "interest")
)
