"""Acceptance (验收): the facts and effects of the agreement's acceptance rules, and the panel's
lifecycle, which is the award review's table (review/lifecycle.py) over acceptance reviews: an
expert scores (and may re-score) or is recused by a declared or found conflict (decision 0106).

The acceptance milestone is the agreement's last milestone (latest `due_on`, then the order
written): every other must be met before the winner submits, passing meets it (which releases its
tranches), and failing withholds every tranche not yet released."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select

from kit.rules import Lifecycle, Step
from workflow.agreement import milestones
from workflow.agreement.milestones import MilestoneStatus
from workflow.audit import service as audit
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import (
    Acceptance,
    AcceptanceReview,
    Agreement,
    AgreementMilestone,
    TranchePayment,
    TrancheWithholding,
)
from workflow.notification.service import notify_orgs
from workflow.review import lifecycle as review
from workflow.review.lifecycle import AssignmentStatus

PANEL: Lifecycle[AcceptanceReview, Context] = Lifecycle(
    "acceptance_review",
    tuple(AssignmentStatus),
    cast(Any, review.RULES),  # the award review's rules, which read nothing but the row's status
    may_act=actor_kinds(lambda r: r.expert_id),
    record=recorder("acceptance_review"),
)
OUTCOME = {"pass_acceptance": "passed", "rectify": "rectification", "fail_acceptance": "failed"}
OUTCOME_ZH = {"passed": "通过", "rectification": "整改", "failed": "不通过"}


def review_transition(ctx: Context, row: AcceptanceReview, action: str, actor: Any, *, reason: str = "") -> None:
    """The only writer of `AcceptanceReview.status`."""
    PANEL.transition(ctx, row, action, actor, ctx.now(), reason=reason)


def acceptance_milestone(ctx: Context, ag: Agreement) -> AgreementMilestone | None:
    order = {m["key"]: i for i, m in enumerate(ag.content["milestones"])}
    rows = ctx.session.scalars(select(AgreementMilestone).where(AgreementMilestone.agreement_id == ag.id))
    return max(rows, key=lambda m: (m.due_on, order.get(m.key, 0)), default=None)


def current_round(ctx: Context, ag: Agreement) -> Acceptance | None:
    return ctx.session.scalars(
        select(Acceptance).where(Acceptance.agreement_id == ag.id).order_by(Acceptance.round.desc())
    ).first()


def panel(ctx: Context, round_: Acceptance) -> list[AcceptanceReview]:
    return list(
        ctx.session.scalars(
            select(AcceptanceReview)
            .where(AcceptanceReview.acceptance_id == round_.id)
            .order_by(AcceptanceReview.expert_id)
        )
    )


def facts(ctx: Context, ag: Agreement) -> dict[str, object]:
    """What the acceptance rules read: the milestones before acceptance met, the panel done (someone
    scored, nobody still to), and rectifications left."""
    last = acceptance_milestone(ctx, ag)
    others = ctx.session.scalars(select(AgreementMilestone).where(AgreementMilestone.agreement_id == ag.id))
    round_ = current_round(ctx, ag)
    reviews = panel(ctx, round_) if round_ is not None else []
    rectified = ctx.session.scalar(
        select(func.count()).where(Acceptance.agreement_id == ag.id, Acceptance.outcome == "rectification")
    )
    return {
        "milestones_met": all(m.status == MilestoneStatus.MET for m in others if last is None or m.id != last.id),
        "panel_done": any(r.status == AssignmentStatus.COMPLETED for r in reviews)
        and all(r.status != AssignmentStatus.ASSIGNED for r in reviews),
        "rectifications_left": int(rectified or 0) < ctx.settings.max_rectifications,
    }


def notify_parties(step: Step[Agreement, Context], kind: str, title: str, body: str = "") -> None:
    ag = step.entity
    orgs = {ag.owner_org_id, ag.winner_org_id}
    notify_orgs(step.ctx.session, orgs, kind=kind, title=title, body=body, now=step.now, challenge_id=ag.challenge_id)


def submitted(step: Step[Agreement, Context]) -> None:
    notify_parties(step, "acceptance.submitted", "验收材料已提交，待组织验收", step.entity.winner_org_name)


def decided(step: Step[Agreement, Context]) -> None:
    """The current round records the decision; both parties are told."""
    ag = step.entity
    round_ = current_round(step.ctx, ag)
    assert round_ is not None
    round_.outcome = OUTCOME[step.action]
    round_.decision_reason = step.reason
    round_.resubmit_by = step.args.get("resubmit_by")
    round_.decided_by, round_.decided_at = step.actor.id, step.now
    body = step.reason
    if round_.resubmit_by is not None:
        body = f"{body}（整改后于 {round_.resubmit_by.isoformat()} 前重新提交）"
    notify_parties(step, "acceptance.decided", f"验收结果：{OUTCOME_ZH[round_.outcome]}", body)


def accepted(step: Step[Agreement, Context]) -> None:
    """Passing meets the acceptance milestone, which releases the tranches that depend on it."""
    m = acceptance_milestone(step.ctx, step.entity)
    if m is not None and m.status != MilestoneStatus.MET:
        milestones.transition(step.ctx, m, "accept", step.actor, reason=step.reason)


def withheld(step: Step[Agreement, Context]) -> None:
    """Failing withholds every tranche not released: recorded with the reason, never released."""
    ag, ctx = step.entity, step.ctx
    released = set(ctx.session.scalars(select(TranchePayment.tranche).where(TranchePayment.agreement_id == ag.id)))
    for index, tranche in enumerate(ag.content["tranches"]):
        if index in released:
            continue
        ctx.session.add(
            TrancheWithholding(
                agreement_id=ag.id,
                challenge_id=ag.challenge_id,
                tranche=index,
                title=tranche["title"],
                amount=tranche["amount"],
                reason=step.reason,
                withheld_at=step.now,
                withheld_by=step.actor.label,
            )
        )
        data = {"agreement_id": ag.id, "tranche": index, "title": tranche["title"], "amount_wan": tranche["amount"]}
        audit.record(
            ctx, ag.challenge_id, "tranche.withheld", step.actor, {**data, "reason": step.reason}, now=step.now
        )
