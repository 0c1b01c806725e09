"""The task agreement (任务书) lifecycle: drafted by the owner, proposed for signing, signed by
every party on one exact version; any edit returns it to a draft and voids the signatures; the
winner may refuse it (docs/decisions/0101-task-agreements.md)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kit.rules import Actor, Lifecycle, Rule, Step, fact, rule
from workflow.agreement import milestones
from workflow.audit import service as audit
from workflow.context import Context
from workflow.history import recorder
from workflow.models import Agreement, AgreementSignature
from workflow.notification.service import notify_orgs


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    SIGNED = "signed"
    CANCELLED = "cancelled"


class Party(StrEnum):
    OWNER = "owner"  # 发榜方, the challenge's enterprise
    WINNER = "winner"  # 揭榜方, the awarded vendor


PARTY_ROLE = {Party.OWNER: "enterprise", Party.WINNER: "vendor"}
A = AgreementStatus


def party_of(agreement: Agreement, actor: Actor) -> Party | None:
    """The party `actor` acts for: a user with the party's role in the party's organisation."""
    if actor.kind != "user" or actor.org_id is None:
        return None
    for party, org_id in ((Party.OWNER, agreement.owner_org_id), (Party.WINNER, agreement.winner_org_id)):
        if actor.org_id == org_id and PARTY_ROLE[party] in actor.roles:
            return party
    return None


def signed_parties(session: Session, ag: Agreement) -> set[str]:
    """The parties whose signature on the agreement's current version stands."""
    return set(
        session.scalars(
            select(AgreementSignature.party).where(
                AgreementSignature.agreement_id == ag.id,
                AgreementSignature.version == ag.version,
                AgreementSignature.voided_at.is_(None),
            )
        )
    )


def _void_signatures(step: Step[Agreement, Context]) -> None:
    step.ctx.session.execute(
        update(AgreementSignature)
        .where(AgreementSignature.agreement_id == step.entity.id, AgreementSignature.voided_at.is_(None))
        .values(voided_at=step.now)
    )


def _apply_content(step: Step[Agreement, Context]) -> None:
    ag = step.entity
    ag.content = dict(step.args["content"])
    ag.content_sha256 = str(step.args["content_sha256"])
    ag.sign_by = step.args["sign_by"]
    ag.version += 1
    ag.updated_at, ag.updated_by = step.now, step.actor.id


def _add_signature(step: Step[Agreement, Context]) -> None:
    ag = step.entity
    party = party_of(ag, step.actor)
    assert party is not None  # may_act let only a party through
    step.ctx.session.add(
        AgreementSignature(
            agreement_id=ag.id,
            version=ag.version,
            content_sha256=ag.content_sha256,
            party=party,
            org_id=step.actor.org_id,
            user_id=step.actor.id,
            user_name=step.actor.name,
            signed_at=step.now,
        )
    )
    step.ctx.session.flush()


def _complete_when_every_party_signed(step: Step[Agreement, Context]) -> None:
    if signed_parties(step.ctx.session, step.entity) == set(Party):
        transition(step.ctx, step.entity, "complete", step.actor)


def _audit(step: Step[Agreement, Context]) -> None:
    ag = step.entity
    data = {
        "agreement_id": ag.id,
        "award_id": ag.award_id,
        "version": ag.version,
        "content_sha256": ag.content_sha256,
        "status": ag.status,
    }
    if step.action == "sign":
        data["party"] = str(party_of(ag, step.actor))
    if step.reason:
        data["reason"] = step.reason
    audit.record(step.ctx, ag.challenge_id, f"agreement.{step.action}", step.actor, data, now=step.now)


def _notify(kind: str, title: str, *, to: str) -> Callable[[Step[Agreement, Context]], None]:
    def effect(step: Step[Agreement, Context]) -> None:
        ag = step.entity
        orgs = {"winner": {ag.winner_org_id}, "owner": {ag.owner_org_id}, "both": {ag.owner_org_id, ag.winner_org_id}}
        body = f"{ag.winner_org_name} · {ag.owner_org_name}"
        notify_orgs(
            step.ctx.session, orgs[to], kind=kind, title=title, body=body, now=step.now, challenge_id=ag.challenge_id
        )

    return effect


def _start(step: Step[Agreement, Context]) -> None:
    milestones.start(step.ctx, step.entity, step.actor)


def _refused_notice(step: Step[Agreement, Context]) -> None:
    ag = step.entity
    notify_orgs(
        step.ctx.session,
        {ag.owner_org_id},
        kind="agreement.refused",
        title="揭榜方拒绝签订任务书",
        body=f"{ag.winner_org_name}：{step.reason}",
        now=step.now,
        challenge_id=ag.challenge_id,
    )


_EDIT = (_apply_content, _void_signatures, _audit)
_SIGN = (_add_signature, _audit, _complete_when_every_party_signed)
NOT_SIGNED = fact("party_not_signed", "this party has already signed this version")
RULES: tuple[Rule[Agreement, Context], ...] = (
    # Either party edits and signs: one row per party, so the table names every actor.
    *(rule("edit", {A.DRAFT, A.SIGNING}, A.DRAFT, party, effects=_EDIT) for party in Party),
    rule(
        "propose",
        {A.DRAFT},
        A.SIGNING,
        Party.OWNER,
        effects=[_audit, _notify("agreement.proposed", "任务书待签订", to="winner")],
    ),
    *(rule("sign", {A.SIGNING}, None, party, guard=NOT_SIGNED, effects=_SIGN) for party in Party),
    rule(
        "complete",
        {A.SIGNING},
        A.SIGNED,
        "follows",
        public=False,
        effects=[_audit, _notify("agreement.signed", "任务书已签订", to="both"), _start],
    ),
    rule(
        "refuse",
        {A.DRAFT, A.SIGNING},
        A.CANCELLED,
        Party.WINNER,
        needs_reason=True,
        effects=[_void_signatures, _audit, _refused_notice],
    ),
)


def may_act(r: Rule[Agreement, Context], ag: Agreement, actor: Actor) -> bool:
    return r.actor == "follows" or party_of(ag, actor) == r.actor


LIFECYCLE: Lifecycle[Agreement, Context] = Lifecycle(
    "agreement", tuple(A), RULES, may_act=may_act, record=recorder("agreement")
)


def transition(
    ctx: Context,
    ag: Agreement,
    action: str,
    actor: Actor,
    *,
    reason: str = "",
    args: dict[str, object] | None = None,
    facts: dict[str, object] | None = None,
) -> None:
    """The only writer of `Agreement.status`."""
    public_only = action != "complete"
    LIFECYCLE.transition(
        ctx, ag, action, actor, ctx.now(), reason=reason, args=args, facts=facts, public_only=public_only
    )
