"""The public record of delivery (issue 17, item 5; decision 0112): what happened to each agreement of
a challenge once it was signed, as one ordered list of events, read by the public delivery timeline,
the OCDS `contracts` releases and the dashboard's delivery funnel.

Only agreements that were signed are public: a draft, one up for signing, or one refused or lapsed
before every party signed is the parties' business (the forfeited award is public through the award's
own history). What an event carries is what the platform already publishes or the parties publish
by acting: titles, dates, outcomes, the assessor's note, the reviewer's reason, amounts in 万元 and
organisation names; never a user, an expert, an indicator's committed target or a document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.agreement.lifecycle import AgreementStatus
from workflow.models import Acceptance, Agreement, AgreementMilestone, StatusTransition, TranchePayment

A = AgreementStatus
# Every status an agreement reaches only by being signed by every party.
PUBLIC = frozenset({A.SIGNED, A.ACCEPTANCE, A.COMPLETED, A.FAILED})
ASSESSED = {"assess_met": "met", "assess_partially_met": "partially_met", "assess_not_met": "not_met"}
DECIDED = {"pass_acceptance": "passed", "rectify": "rectification", "fail_acceptance": "failed"}

Kind = Literal["signed", "milestone_assessed", "tranche_released", "acceptance_decided"]
# Within one instant: what the contract says before the money it releases.
_RANK = {"signed": 0, "milestone_assessed": 0, "acceptance_decided": 0, "tranche_released": 1}


@dataclass(frozen=True)
class Event:
    """One public change of an agreement after its signature."""

    at: datetime
    kind: Kind
    id: str  # the row the event is: a transition or a payment, stable across reads
    milestone: str | None = None  # the milestone's key
    outcome: str | None = None  # met / partially_met / not_met; passed / rectification / failed
    note: str = ""  # the assessor's note or the reviewer's reason
    resubmit_by: date | None = None
    tranche: int | None = None
    title: str = ""
    amount: float | None = None  # 万元
    payer: str = ""  # owner / government
    payer_name: str = ""


@dataclass
class Delivery:
    """A signed agreement and its events, in order."""

    agreement: Agreement
    milestones: list[AgreementMilestone]
    acceptance_key: str | None
    events: list[Event] = field(default_factory=list)

    @property
    def committed(self) -> float:
        return round(sum(float(t["amount"]) for t in self.agreement.content["tranches"]), 2)

    @property
    def released(self) -> float:
        return round(sum(e.amount or 0 for e in self.events if e.kind == "tranche_released"), 2)

    @property
    def signed_at(self) -> datetime:
        return next(e.at for e in self.events if e.kind == "signed")


def public_agreements(session: Session, challenge_ids: list[str] | None = None) -> list[Agreement]:
    stmt = select(Agreement).where(Agreement.status.in_(sorted(PUBLIC)))
    if challenge_ids is not None:
        stmt = stmt.where(Agreement.challenge_id.in_(challenge_ids))
    return list(session.scalars(stmt.order_by(Agreement.created_at, Agreement.id)))


def deliveries(session: Session, challenge_id: str) -> list[Delivery]:
    return [delivery(session, ag) for ag in public_agreements(session, [challenge_id])]


def delivery(session: Session, ag: Agreement) -> Delivery:
    order = {m["key"]: i for i, m in enumerate(ag.content["milestones"])}
    rows = sorted(
        session.scalars(select(AgreementMilestone).where(AgreementMilestone.agreement_id == ag.id)),
        key=lambda m: (m.due_on, order.get(m.key, 0)),
    )
    by_id = {m.id: m for m in rows}
    # The acceptance milestone is the last (decision 0106).
    out = Delivery(ag, rows, rows[-1].key if rows else None)
    transitions = session.scalars(
        select(StatusTransition)
        .where(
            ((StatusTransition.entity == "agreement") & (StatusTransition.entity_id == ag.id))
            | ((StatusTransition.entity == "milestone") & StatusTransition.entity_id.in_(list(by_id)))
        )
        .order_by(StatusTransition.at, StatusTransition.id)
    )
    decided = iter(
        session.scalars(
            select(Acceptance)
            .where(Acceptance.agreement_id == ag.id, Acceptance.outcome.is_not(None))
            .order_by(Acceptance.round)
        )
    )
    events: list[Event] = []
    for tr in transitions:
        if tr.entity == "agreement" and tr.action == "complete":
            events.append(Event(tr.at, "signed", tr.id))
        elif tr.entity == "agreement" and tr.action in DECIDED:
            round_ = next(decided, None)
            resubmit_by = round_.resubmit_by if round_ is not None else None
            events.append(
                Event(
                    tr.at,
                    "acceptance_decided",
                    tr.id,
                    milestone=out.acceptance_key,
                    outcome=DECIDED[tr.action],
                    note=tr.reason,
                    resubmit_by=resubmit_by,
                )
            )
        elif tr.entity == "milestone" and tr.action in ASSESSED:
            m = by_id[tr.entity_id]
            events.append(
                Event(tr.at, "milestone_assessed", tr.id, milestone=m.key, outcome=ASSESSED[tr.action], note=tr.reason)
            )
    payments = session.scalars(
        select(TranchePayment).where(TranchePayment.agreement_id == ag.id).order_by(TranchePayment.tranche)
    )
    for p in payments:
        events.append(
            Event(
                p.released_at,
                "tranche_released",
                p.id,
                milestone=p.milestone,
                tranche=p.tranche,
                title=p.title,
                amount=float(p.amount),
                payer=p.payer,
                payer_name=p.payer_name,
            )
        )
    # Stable: the transitions' own order within a kind, the contract before its money within an instant.
    out.events = sorted(events, key=lambda e: (e.at, _RANK[e.kind]))
    return out
