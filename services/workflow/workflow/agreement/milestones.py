"""A signed agreement's milestones and tranches: the winner reports each milestone with evidence,
the owner assesses it (met, partially met with a note, not met); a met milestone releases the
tranches that depend on it, and the signing releases those that depend on none (首笔款). The
platform records each release as a payment instruction and notifies; it does not move money
(docs/decisions/0101-task-agreements.md)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import select

from kit.rules import Actor, Lifecycle, Rule, Step, fact, rule
from workflow.audit import service as audit
from workflow.context import Context
from workflow.history import recorder
from workflow.models import Agreement, AgreementMilestone, TranchePayment
from workflow.notification.service import notify_orgs


class MilestoneStatus(StrEnum):
    SCHEDULED = "scheduled"
    REPORTED = "reported"
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"


M = MilestoneStatus
OUTCOMES = (M.MET, M.PARTIALLY_MET, M.NOT_MET)


def start(ctx: Context, ag: Agreement, actor: Actor) -> None:
    """At signing: the milestones as scheduled, and the tranches due on signing released."""
    for m in ag.content["milestones"]:
        ctx.session.add(
            AgreementMilestone(
                agreement_id=ag.id,
                challenge_id=ag.challenge_id,
                key=m["key"],
                title=m["title"],
                owner_org_id=ag.owner_org_id,
                winner_org_id=ag.winner_org_id,
                due_on=date.fromisoformat(m["due_on"]),
                status=M.SCHEDULED,
                reports=0,
            )
        )
    release(ctx, ag, None, actor)


def release(ctx: Context, ag: Agreement, milestone: str | None, actor: Actor) -> list[TranchePayment]:
    """Release every tranche that depends on `milestone` (None: on signing), once each."""
    done = {p.tranche for p in ctx.session.scalars(select(TranchePayment).where(TranchePayment.agreement_id == ag.id))}
    now = ctx.now()
    released = []
    for index, tranche in enumerate(ag.content["tranches"]):
        if tranche.get("milestone") != milestone or index in done:
            continue
        payer_name = ag.owner_org_name if tranche.get("payer", "owner") == "owner" else "政府专项资金 Government fund"
        payment = TranchePayment(
            agreement_id=ag.id,
            challenge_id=ag.challenge_id,
            tranche=index,
            title=tranche["title"],
            amount=tranche["amount"],
            payer=tranche.get("payer", "owner"),
            payer_name=payer_name,
            payee_org_id=ag.winner_org_id,
            payee_name=ag.winner_org_name,
            milestone=milestone,
            released_at=now,
            released_by=actor.label,
        )
        ctx.session.add(payment)
        released.append(payment)
        data = {"agreement_id": ag.id, "tranche": index, "title": tranche["title"], "amount_wan": tranche["amount"]}
        audit.record(ctx, ag.challenge_id, "tranche.released", actor, {**data, "milestone": milestone}, now=now)
        notify_orgs(
            ctx.session,
            {ag.owner_org_id, ag.winner_org_id},
            kind="tranche.released",
            title=f"{tranche['title']}拨付指令已下达",
            body=f"{tranche['amount']:g} 万元 · {payer_name} → {ag.winner_org_name}",
            now=now,
            challenge_id=ag.challenge_id,
        )
    return released


def _agreement(step: Step[AgreementMilestone, Context]) -> Agreement:
    ag = step.ctx.session.get(Agreement, step.entity.agreement_id)
    assert ag is not None
    return ag


def _store_report(step: Step[AgreementMilestone, Context]) -> None:
    m = step.entity
    m.reports += 1
    m.report = dict(step.args["report"])
    m.reported_at = step.now
    m.assessment_note, m.assessed_by, m.assessed_at = "", None, None


def _store_assessment(step: Step[AgreementMilestone, Context]) -> None:
    m = step.entity
    m.assessment_note = step.reason
    m.assessed_by, m.assessed_at = step.actor.id, step.now


def _release(step: Step[AgreementMilestone, Context]) -> None:
    release(step.ctx, _agreement(step), step.entity.key, step.actor)


def _audit(step: Step[AgreementMilestone, Context]) -> None:
    m = step.entity
    data = {"agreement_id": m.agreement_id, "milestone": m.key, "status": m.status, "report_no": m.reports}
    if step.action == "report" and m.report is not None:
        data["documents"] = [{"name": d["name"], "sha256": d["sha256"]} for d in m.report.get("documents", [])]
    if step.reason:
        data["note"] = step.reason
    audit.record(step.ctx, m.challenge_id, f"milestone.{step.action}", step.actor, data, now=step.now)


def _notify(step: Step[AgreementMilestone, Context]) -> None:
    ag, m = _agreement(step), step.entity
    if step.action == "report":
        to, title = ag.owner_org_id, f"里程碑「{m.title}」已提交报告，待评估"
    else:
        to, title = ag.winner_org_id, f"里程碑「{m.title}」评估结果：{OUTCOME_ZH[m.status]}"
    kind = "milestone.reported" if step.action == "report" else "milestone.assessed"
    body = step.reason or ag.winner_org_name
    notify_orgs(step.ctx.session, {to}, kind=kind, title=title, body=body, now=step.now, challenge_id=ag.challenge_id)


def _flag_overdue(step: Step[AgreementMilestone, Context]) -> None:
    step.entity.overdue_at = step.now


def _overdue_notice(step: Step[AgreementMilestone, Context]) -> None:
    ag, m = _agreement(step), step.entity
    notify_orgs(
        step.ctx.session,
        {ag.owner_org_id, ag.winner_org_id},
        kind="milestone.overdue",
        title=f"里程碑「{m.title}」已逾期",
        body=f"到期日 {m.due_on.isoformat()}（北京时间）· {OUTCOME_ZH.get(m.status, '未评估')} · {ag.winner_org_name}",
        now=step.now,
        challenge_id=ag.challenge_id,
    )


OUTCOME_ZH: dict[str, str] = {M.MET: "达成", M.PARTIALLY_MET: "部分达成", M.NOT_MET: "未达成"}
_ASSESSED = [_store_assessment, _audit, _notify]
RULES: tuple[Rule[AgreementMilestone, Context], ...] = (
    rule(
        "report",
        {M.SCHEDULED, M.PARTIALLY_MET, M.NOT_MET},
        M.REPORTED,
        "winner",
        effects=[_store_report, _audit, _notify],
    ),
    rule("assess_met", {M.REPORTED}, M.MET, "owner", effects=[*_ASSESSED, _release]),
    rule("assess_partially_met", {M.REPORTED}, M.PARTIALLY_MET, "owner", needs_reason=True, effects=_ASSESSED),
    rule("assess_not_met", {M.REPORTED}, M.NOT_MET, "owner", needs_reason=True, effects=_ASSESSED),
    # A passed acceptance (decision 0106) meets the acceptance milestone, whatever the owner last found.
    rule("accept", set(M) - {M.MET}, M.MET, "follows", public=False, effects=[*_ASSESSED, _release]),
    # The scheduler flags, once, a milestone not met by the end of its due date (Beijing time).
    rule(
        "flag_overdue",
        set(M) - {M.MET},
        None,
        "system",
        guard=fact("overdue_unflagged", "not overdue, or already flagged"),
        public=False,
        effects=[_flag_overdue, _audit, _overdue_notice],
    ),
)


def may_act(r: Rule[AgreementMilestone, Context], m: AgreementMilestone, actor: Actor) -> bool:
    """The owner's users with the enterprise role assess; the winner's vendors report; the scheduler flags."""
    if r.actor == "follows":
        return True
    if r.actor == "system" or actor.kind == "system":
        return r.actor == actor.kind
    if actor.org_id is None:
        return False
    if r.actor == "owner":
        return actor.org_id == m.owner_org_id and "enterprise" in actor.roles
    return actor.org_id == m.winner_org_id and "vendor" in actor.roles


LIFECYCLE: Lifecycle[AgreementMilestone, Context] = Lifecycle(
    "milestone", tuple(M), RULES, may_act=may_act, record=recorder("milestone")
)


def transition(
    ctx: Context,
    m: AgreementMilestone,
    action: str,
    actor: Actor,
    *,
    reason: str = "",
    args: dict[str, object] | None = None,
    facts: dict[str, object] | None = None,
) -> None:
    """The only writer of `AgreementMilestone.status`."""
    public_only = action not in ("flag_overdue", "accept")
    LIFECYCLE.transition(
        ctx, m, action, actor, ctx.now(), reason=reason, args=args, facts=facts, public_only=public_only
    )
