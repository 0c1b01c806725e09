"""The batch lifecycle: an admin publishes a draft opportunity list, and its draft demands with it
(docs/decisions/0096-gateway-and-matching-lifecycles.md)."""

from __future__ import annotations

from sqlalchemy import select

from kit.history import Acting, administrators, audited, recorder
from kit.rules import Lifecycle, Rule, Step, rule
from matching import audit
from matching.demand.lifecycle import LIFECYCLE as DEMANDS
from matching.models import Batch, Demand, StatusTransition
from matching.models.batch import BatchStatus
from matching.models.demand import DemandStatus

S = BatchStatus


def _with_demands(step: Step[Batch, Acting]) -> None:
    batch = step.entity
    batch.published_at = step.now
    drafts = select(Demand).where(Demand.batch_id == batch.id, Demand.status == DemandStatus.DRAFT)
    for demand in step.ctx.session.scalars(drafts):
        DEMANDS.transition(step.ctx, demand, "publish", step.actor, step.now)


RULES: tuple[Rule[Batch, Acting], ...] = (
    rule("publish", {S.DRAFT}, S.PUBLISHED, "admin", effects=(_with_demands, audited(audit.LOG, "batch.published"))),
)
LIFECYCLE: Lifecycle[Batch, Acting] = Lifecycle(
    "batch", tuple(S), RULES, may_act=administrators, record=recorder(StatusTransition, "batch")
)
