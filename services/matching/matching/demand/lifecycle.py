"""The demand lifecycle: a reviewer publishes a submitted demand or returns it with the reason, its
owner submits a returned one again, and an admin's draft demands are published with their batch
(docs/decisions/0096-gateway-and-matching-lifecycles.md)."""

from __future__ import annotations

from kit.history import Acting, audited, recorder
from kit.rules import Actor, Lifecycle, Rule, Step, rule
from matching import audit
from matching.models import Demand as DemandRow
from matching.models import DemandReview, Notification, StatusTransition
from matching.models.demand import DemandStatus
from matching.search.outbox import enqueue
from matching.subscription.service import notify_new

S = DemandStatus
Demand = Step[DemandRow, Acting]

# Who may review demands (the queue, approve or return): the government reviewers, as for challenges,
# and the platform's admins.
REVIEWER_ROLES = ("gov_reviewer", "admin")


def _published(step: Demand) -> None:
    row = step.entity
    row.published_at = row.updated_at = step.now
    enqueue(step.ctx.session, "demand", row.id, step.ctx.clock)
    notify_new(step.ctx.session, "demand", row.id, step.ctx.clock)


def _touched(step: Demand) -> None:
    step.entity.updated_at = step.now


def _revised(step: Demand) -> None:
    step.entity.version += 1
    step.entity.updated_at = step.now


def _reviewed(step: Demand) -> None:
    """The decision kept in demand_reviews, and the owner's organisation told either way."""
    row, session = step.entity, step.ctx.session
    decision = "approved" if step.to_status == S.PUBLISHED else "returned"
    row.review_note = step.reason
    session.add(
        DemandReview(
            demand_id=row.id,
            actor_id=step.actor.id,
            actor_name=step.actor.name,
            decision=decision,
            reason=step.reason,
            created_at=step.now,
        )
    )
    if row.publisher_org_id:
        session.add(
            Notification(
                org_id=row.publisher_org_id,
                subscription_id=None,
                kind=f"demand.{decision}",
                body=step.reason,
                item_kind="demand",
                item_id=row.id,
                title=row.title,
                created_at=step.now,
            )
        )


def _roles(step: Demand) -> dict[str, list[str]]:
    return {"roles": sorted(step.actor.roles)}


RULES: tuple[Rule[DemandRow, Acting], ...] = (
    rule(
        "approve",
        {S.PENDING_REVIEW},
        S.PUBLISHED,
        "reviewer",
        effects=(_published, _reviewed, audited(audit.LOG, "demand.published", data=_roles)),
    ),
    rule(
        "return",
        {S.PENDING_REVIEW},
        S.RETURNED,
        "reviewer",
        needs_reason=True,
        effects=(_touched, _reviewed, audited(audit.LOG, "demand.returned", data=_roles)),
    ),
    rule("resubmit", {S.RETURNED}, S.PENDING_REVIEW, "owner", effects=(_revised,)),
    # An admin's draft demand goes out with its batch (matching/batch/lifecycle.py).
    rule("publish", {S.DRAFT}, S.PUBLISHED, "follows", public=False, effects=(_published,)),
)


def _may_act(r: Rule[DemandRow, Acting], row: DemandRow, actor: Actor) -> bool:
    if r.actor == "follows":
        return True
    if r.actor == "reviewer":
        return bool(actor.roles.intersection(REVIEWER_ROLES))
    return r.actor == "owner" and row.publisher_org_id is not None and actor.org_id == row.publisher_org_id


LIFECYCLE: Lifecycle[DemandRow, Acting] = Lifecycle(
    "demand", tuple(S), RULES, may_act=_may_act, record=recorder(StatusTransition, "demand")
)
