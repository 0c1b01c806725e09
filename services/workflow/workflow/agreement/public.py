"""The public record of delivery, read as the awarded challenge is: each signed agreement's timeline,
and the dashboard's delivery funnel over every published challenge (decision 0112)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from workflow.agreement import schemas as s
from workflow.agreement.lifecycle import AgreementStatus
from workflow.agreement.milestones import MilestoneStatus
from workflow.agreement.record import Delivery, delivery, public_agreements
from workflow.award.lifecycle import AwardStatus
from workflow.challenge import repository as challenges
from workflow.context import Context
from workflow.models import Agreement, Award, Challenge, TrancheWithholding

A = AgreementStatus
CITYWIDE = "全市"  # a challenge open to every district, or to several
IN_PROGRESS = frozenset({A.SIGNED, A.ACCEPTANCE})


def _timeline(ctx: Context, d: Delivery) -> s.AgreementDeliveryOut:
    ag = d.agreement
    titles = {m.key: m.title for m in d.milestones}
    due = {m.key: m.due_on for m in d.milestones}
    for e in d.events:  # a rectification moves the acceptance's date
        if e.kind == "acceptance_decided" and e.resubmit_by is not None and e.milestone:
            due[e.milestone] = e.resubmit_by
    withheld = ctx.session.scalars(
        select(TrancheWithholding).where(TrancheWithholding.agreement_id == ag.id).order_by(TrancheWithholding.tranche)
    )
    return s.AgreementDeliveryOut(
        agreement_id=ag.id,
        winner_org_name=ag.winner_org_name,
        status=A(ag.status),
        signed_at=d.signed_at,
        committed=d.committed,
        released=d.released,
        withheld=[s.WithheldTranche(title=w.title, amount=float(w.amount)) for w in withheld],
        milestones=[
            s.DeliveryMilestone(
                key=m.key,
                title=m.title,
                due_on=due[m.key],
                status=MilestoneStatus(m.status),
                acceptance=m.key == d.acceptance_key,
            )
            for m in d.milestones
        ],
        events=[
            s.DeliveryEvent(
                at=e.at,
                kind=e.kind,
                milestone=e.milestone,
                milestone_title=titles.get(e.milestone or ""),
                outcome=e.outcome,
                note=e.note,
                resubmit_by=e.resubmit_by,
                title=e.title,
                amount=e.amount,
                payer_name=e.payer_name,
            )
            for e in d.events
        ],
    )


def timeline(ctx: Context, ch: Challenge) -> list[s.AgreementDeliveryOut]:
    """Every signed agreement of `ch` (a draft or an unsigned one is not public), oldest first."""
    return [_timeline(ctx, delivery(ctx.session, ag)) for ag in public_agreements(ctx.session, [ch.id])]


def district_of(ch: Challenge) -> str:
    """The district a challenge's delivery counts under: the one its eligibility names, when it names
    exactly one; otherwise the whole city (the platform keeps no district of the owner itself)."""
    named = list((ch.eligibility or {}).get("allowed_districts", []))
    return str(named[0]) if len(named) == 1 else CITYWIDE


def stats(ctx: Context) -> s.DeliveryStats:
    """Counts and sums over published challenges only: their approved (or since forfeited) awards and
    their signed agreements."""
    published = {ch.id: ch for ch in ctx.session.scalars(challenges.readable_by(None))}
    ids = list(published)
    awarded = set(
        ctx.session.scalars(select(Award.id).where(Award.challenge_id.in_(ids), Award.status == AwardStatus.APPROVED))
    ) | set(ctx.session.scalars(select(Agreement.award_id).where(Agreement.challenge_id.in_(ids))))
    signed = public_agreements(ctx.session, ids)
    by_end: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    by_district: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    total = [0.0, 0.0]
    for ag in signed:
        d = delivery(ctx.session, ag)
        ch = published[ag.challenge_id]
        for bucket in (total, *(by_end[t] for t in ch.end_tags or []), by_district[district_of(ch)]):
            bucket[0] += d.committed
            bucket[1] += d.released

    def funds(pair: list[float]) -> s.FundsOut:
        return s.FundsOut(committed=round(pair[0], 2), released=round(pair[1], 2))

    return s.DeliveryStats(
        funnel={
            "awarded": len(awarded),
            "signed": len(signed),
            "in_progress": sum(1 for ag in signed if ag.status in IN_PROGRESS),
            "accepted": sum(1 for ag in signed if ag.status == A.COMPLETED),
            "failed": sum(1 for ag in signed if ag.status == A.FAILED),
        },
        funds=funds(total),
        funds_by_end={k: funds(v) for k, v in sorted(by_end.items())},
        funds_by_district={k: funds(v) for k, v in sorted(by_district.items())},
    )
