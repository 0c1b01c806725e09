"""The task agreement (任务书) lifecycle: drafted by the owner, proposed for signing, signed by
every party on one exact version; any edit returns it to a draft and voids the signatures; the
winner may refuse it, and the scheduler lapses it when its signing deadline passes unsigned; either
way the award is forfeited and a government reviewer offers it to the next ranked application or
closes (docs/decisions/0101-task-agreements.md, 0105-after-a-forfeited-award.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kit.clock import SHANGHAI
from kit.rules import Actor, Lifecycle, Rule, Step, all_of, fact, rule
from workflow.agreement import acceptance, milestones
from workflow.application import lifecycle as applications
from workflow.application.lifecycle import ApplicationStatus
from workflow.audit import service as audit
from workflow.award import lifecycle as awards
from workflow.award.lifecycle import AwardStatus
from workflow.challenge import lifecycle as challenges
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import Agreement, AgreementSignature, Application, Award, Challenge
from workflow.notification.service import notify_orgs


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNING = "signing"
    SIGNED = "signed"
    CANCELLED = "cancelled"  # the winner refused it
    LAPSED = "lapsed"  # not signed by every party by the end of `sign_by` (Beijing time)
    REOFFERED = "reoffered"  # after either: a reviewer offered the award to the next ranked application
    CLOSED = "closed"  # after either: a reviewer offered it to nobody
    ACCEPTANCE = "acceptance"  # 验收中: the winner submitted the final deliverables (decision 0106)
    COMPLETED = "completed"  # acceptance passed
    FAILED = "failed"  # acceptance failed: the tranches not released are withheld


class Party(StrEnum):
    OWNER = "owner"  # 发榜方, the challenge's enterprise
    WINNER = "winner"  # 揭榜方, the awarded vendor


PARTY_ROLE = {Party.OWNER: "enterprise", Party.WINNER: "vendor"}
A = AgreementStatus
FORFEITED = frozenset({A.CANCELLED, A.LAPSED})  # the award is forfeited; a reviewer decides what follows


def signing_ends_at(sign_by: date) -> datetime:
    """The end of the signing deadline's day in Beijing: the first instant the agreement has lapsed."""
    return datetime.combine(sign_by + timedelta(days=1), time.min, tzinfo=SHANGHAI)


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
    if step.action == "offer_next":
        data["next_application_id"] = str(step.args["application_id"])
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


def _closed_reason(step: Step[Agreement, Context]) -> None:
    step.entity.closed_reason = step.reason


def _award_forfeited(step: Step[Agreement, Context]) -> None:
    """The winner's award and its application give way, with the reason (an agreement drafted for a
    still-approved award only: an objection may have cancelled it meanwhile)."""
    ag, session = step.entity, step.ctx.session
    award = session.get(Award, ag.award_id)
    assert award is not None
    reason = f"任务书{ZH[A(ag.status)]}：{step.reason}"
    if award.status == AwardStatus.APPROVED:
        award.decision_reason = reason
        awards.transition(step.ctx, award, "forfeit", step.actor, reason=reason)
    app = session.get(Application, ag.application_id)
    if app is not None and app.status == ApplicationStatus.AWARDED:
        applications.transition(step.ctx, app, "forfeit", step.actor, reason=reason)


def _lapsed_notice(step: Step[Agreement, Context]) -> None:
    ag = step.entity
    notify_orgs(
        step.ctx.session,
        {ag.owner_org_id, ag.winner_org_id},
        kind="agreement.lapsed",
        title="任务书未在截止日前签订，已失效",
        body=f"签订截止 {ag.sign_by.isoformat()}（北京时间）· {ag.winner_org_name}",
        now=step.now,
        challenge_id=ag.challenge_id,
    )


def _next_awarded(step: Step[Agreement, Context]) -> None:
    """ProZorro's "next award": a new award for the next ranked application, approved by the reviewer
    who decided; the owner drafts its agreement as for any approved award."""
    ctx, ag = step.ctx, step.entity
    app = ctx.session.get(Application, step.args["application_id"])
    assert app is not None
    award = awards.recommended(app, step.actor, step.now)
    ctx.session.add(award)
    ctx.session.flush()
    reason = f"递补（{ag.winner_org_name}任务书{ZH[A(step.from_status)]}）：{step.reason}"
    award.decided_by, award.decision_reason = step.actor.id, reason
    awards.transition(ctx, award, "approve", step.actor, reason=reason)
    applications.transition(ctx, app, "award_next", step.actor, reason=reason)
    ch = ctx.session.get(Challenge, ag.challenge_id)
    assert ch is not None
    for org_id, title in ((app.org_id, f"递补揭榜：{ch.title}"), (ag.owner_org_id, f"递补揭榜单位：{app.org_name}")):
        notify_orgs(
            ctx.session, {org_id}, kind="award.next", title=title, body=step.reason, now=step.now, challenge_id=ch.id
        )


def _challenge_closed_when_no_winner_is_left(step: Step[Agreement, Context]) -> None:
    """The last forfeited award decided without a successor closes the challenge without a winner."""
    ctx = step.ctx
    ch = ctx.session.get(Challenge, step.entity.challenge_id)
    assert ch is not None
    if ch.status == challenges.AWARDED and step.args.get("no_award_left"):
        challenges.transition(ctx, ch, "close_without_winner", step.actor, reason=step.reason, facts=step.args)


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


ZH: dict[str, str] = {A.CANCELLED: "被拒签", A.LAPSED: "逾期未签", A.REOFFERED: "已递补", A.CLOSED: "未递补"}
_EDIT = (_apply_content, _void_signatures, _audit)
_SIGN = (_add_signature, _audit, _complete_when_every_party_signed)
# After the end of `sign_by` nothing changes the text or signs it: the agreement waits for its lapse.
IN_TIME = fact("before_sign_by", "the signing deadline has passed")
PANEL_DONE = fact("panel_done", "every acceptance expert must have scored or been recused, one at least scored")
NOT_SIGNED = all_of(fact("party_not_signed", "this party has already signed this version"), IN_TIME)
RULES: tuple[Rule[Agreement, Context], ...] = (
    # Either party edits and signs: one row per party, so the table names every actor.
    *(rule("edit", {A.DRAFT, A.SIGNING}, A.DRAFT, party, guard=IN_TIME, effects=_EDIT) for party in Party),
    rule(
        "propose",
        {A.DRAFT},
        A.SIGNING,
        Party.OWNER,
        guard=IN_TIME,
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
        effects=[_void_signatures, _closed_reason, _audit, _award_forfeited, _refused_notice],
    ),
    rule(
        "lapse",
        {A.DRAFT, A.SIGNING},
        A.LAPSED,
        "system",
        needs_reason=True,
        guard=fact("sign_by_passed", "the signing deadline has not passed"),
        public=False,
        effects=[_void_signatures, _closed_reason, _audit, _award_forfeited, _lapsed_notice],
    ),
    # A government reviewer decides what follows a forfeited award (decision 0105).
    rule(
        "offer_next",
        FORFEITED,
        A.REOFFERED,
        "gov",
        needs_reason=True,
        guard=fact("next_eligible", "no eligible application ranks next"),
        effects=[_audit, _next_awarded],
    ),
    rule(
        "close",
        FORFEITED,
        A.CLOSED,
        "gov",
        needs_reason=True,
        effects=[_audit, _challenge_closed_when_no_winner_is_left],
    ),
    # Acceptance (验收, decision 0106): the winner submits; a reviewer decides once the panel is done.
    rule(
        "submit_acceptance",
        {A.SIGNED},
        A.ACCEPTANCE,
        Party.WINNER,
        guard=fact("milestones_met", "every milestone before the acceptance must be met"),
        effects=[_audit, acceptance.submitted],
    ),
    rule(
        "pass_acceptance",
        {A.ACCEPTANCE},
        A.COMPLETED,
        "gov",
        needs_reason=True,
        guard=PANEL_DONE,
        effects=[acceptance.decided, _audit, acceptance.accepted],
    ),
    rule(
        "rectify",
        {A.ACCEPTANCE},
        A.SIGNED,
        "gov",
        needs_reason=True,
        guard=all_of(PANEL_DONE, fact("rectifications_left", "no rectification is left: pass or fail")),
        effects=[acceptance.decided, _audit],
    ),
    rule(
        "fail_acceptance",
        {A.ACCEPTANCE},
        A.FAILED,
        "gov",
        needs_reason=True,
        guard=PANEL_DONE,
        effects=[acceptance.decided, _closed_reason, _audit, acceptance.withheld],
    ),
)


_KINDS = actor_kinds()


def may_act(r: Rule[Agreement, Context], ag: Agreement, actor: Actor) -> bool:
    if r.actor in ("follows", "system", "gov"):
        return _KINDS(r, ag, actor)
    return party_of(ag, actor) == r.actor


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
    public_only = action not in ("complete", "lapse")
    LIFECYCLE.transition(
        ctx, ag, action, actor, ctx.now(), reason=reason, args=args, facts=facts, public_only=public_only
    )
