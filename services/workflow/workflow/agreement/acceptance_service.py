"""Acceptance (验收) requests: the winner submits, a reviewer names the panel, each expert declares
conflicts (the award review's affiliation rules recuse them) and judges every committed indicator,
then a reviewer decides (decision 0106)."""

from __future__ import annotations

from sqlalchemy import func, select

from kit.clock import to_shanghai
from kit.errors import Conflict, Forbidden, NotFound, UnprocessableContent
from kit.rules import SYSTEM
from kit.tokens import Principal
from workflow.agreement import acceptance
from workflow.agreement import schemas as s
from workflow.agreement.lifecycle import LIFECYCLE, AgreementStatus, transition
from workflow.agreement.service import _actor, document_meta, document_rows, get
from workflow.application.service import decode_documents, unseal
from workflow.audit import service as audit
from workflow.challenge.auth import actor_of
from workflow.clients.gateway import DirectoryUser
from workflow.context import Context
from workflow.models import (
    Acceptance,
    AcceptanceDocument,
    AcceptanceReview,
    Agreement,
    Application,
    Challenge,
    TrancheWithholding,
)
from workflow.notification.service import notify
from workflow.review import affiliation
from workflow.review.lifecycle import AssignmentStatus

DECISION = {"passed": "pass_acceptance", "rectification": "rectify", "failed": "fail_acceptance"}


def _round(ctx: Context, ag: Agreement) -> Acceptance:
    round_ = acceptance.current_round(ctx, ag)
    if round_ is None or ag.status != AgreementStatus.ACCEPTANCE:
        raise Conflict(
            "任务书不在验收阶段。 The agreement is not under acceptance review.",
            code="not-in-acceptance",
            agreement_status=ag.status,
        )
    return round_


def submit(ctx: Context, principal: Principal, agreement_id: str, body: s.AcceptanceSubmission) -> Agreement:
    ag = get(ctx, principal, agreement_id, lock=True)
    actor = _actor(principal)
    found = acceptance.facts(ctx, ag)
    LIFECYCLE.decide(ag, "submit_acceptance", actor, facts=found, public_only=True)  # before storing any file
    docs = decode_documents(ctx, body.documents)
    rounds = ctx.session.scalar(select(func.count()).where(Acceptance.agreement_id == ag.id))
    round_ = Acceptance(
        agreement_id=ag.id,
        challenge_id=ag.challenge_id,
        round=int(rounds or 0) + 1,
        summary=body.summary,
        deliverables=list(body.deliverables),
        documents=document_meta(docs),
        submitted_at=ctx.now(),
        decision_reason="",
    )
    ctx.session.add(round_)
    ctx.session.flush()
    for row in document_rows(docs):
        ctx.session.add(AcceptanceDocument(acceptance_id=round_.id, **row))
    transition(ctx, ag, "submit_acceptance", actor, facts=found)
    return ag


def assign(ctx: Context, principal: Principal, agreement_id: str, experts: list[DirectoryUser]) -> Agreement:
    """`experts` come from review's resolve_experts(), called before the agreement's row is locked."""
    ag = get(ctx, principal, agreement_id, lock=True)
    round_ = _round(ctx, ag)
    have = {r.expert_id for r in acceptance.panel(ctx, round_)}
    now = ctx.now()
    ch = ctx.session.get(Challenge, ag.challenge_id)
    assert ch is not None
    for expert in experts:
        if expert.id in have:
            continue
        ctx.session.add(
            AcceptanceReview(
                acceptance_id=round_.id,
                agreement_id=ag.id,
                challenge_id=ag.challenge_id,
                expert_id=expert.id,
                status=AssignmentStatus.ASSIGNED,
                recusal_reason="",
                verdicts=[],
                updated_at=now,
            )
        )
        notify(
            ctx.session,
            kind="review.assigned",
            user_id=expert.id,
            now=now,
            challenge_id=ch.id,
            title=f"验收评审邀请：{ch.title}",
            body=f"{ag.winner_org_name} · 请先签署利益冲突声明",
        )
    audit.record(
        ctx,
        ag.challenge_id,
        "acceptance.experts_assigned",
        principal,
        {"agreement_id": ag.id, "round": round_.round, "user_ids": [e.id for e in experts]},
        now=now,
    )
    ctx.session.flush()
    return ag


def _own_review(ctx: Context, principal: Principal, agreement_id: str) -> tuple[Agreement, AcceptanceReview]:
    ag = get(ctx, principal, agreement_id, lock=True)
    round_ = _round(ctx, ag)
    row = ctx.session.scalars(
        select(AcceptanceReview).where(
            AcceptanceReview.acceptance_id == round_.id, AcceptanceReview.expert_id == principal.subject
        )
    ).first()
    if row is None:
        raise Forbidden("您不在本轮验收专家组中。 You are not on this acceptance round's panel.")
    return ag, row


def declare(ctx: Context, principal: Principal, agreement_id: str, body: s.AcceptanceCoi) -> Agreement:
    """The expert's conflict-of-interest declaration: a declared conflict, or the expert's organisation
    being the winner or one of its consortium (review.affiliation), recuses them."""
    ag, row = _own_review(ctx, principal, agreement_id)
    app = ctx.session.get(Application, ag.application_id)
    assert app is not None
    row.org_id, row.coi_signed_at, row.updated_at = principal.org_id, ctx.now(), ctx.now()
    reason = body.conflict.strip()
    named = affiliation.parties(app.org_id, app.org_name, unseal(ctx, app))
    match = next((p for p in named if affiliation.affiliated(principal.org_id, principal.org_name, p)), None)
    if match is not None:
        reason = f"与揭榜单位或联合体成员“{match.name}”存在隶属关系（同一组织）"
    if reason and row.status != AssignmentStatus.RECUSED:
        acceptance.review_transition(ctx, row, "recuse_for_conflict", SYSTEM, reason=reason)
        row.recusal_reason, row.verdicts = reason, []
    audit.record(
        ctx,
        ag.challenge_id,
        "acceptance.coi_signed",
        principal,
        {"agreement_id": ag.id, "recused": bool(reason), "org_id": principal.org_id},
    )
    return ag


def score(ctx: Context, principal: Principal, agreement_id: str, body: s.AcceptanceScores) -> Agreement:
    """A verdict on every indicator the agreement commits to, once each."""
    ag, row = _own_review(ctx, principal, agreement_id)
    if row.coi_signed_at is None:
        raise Conflict("请先签署利益冲突声明。 Sign the conflict-of-interest declaration first.", code="coi-required")
    committed = [str(i["metric"]) for i in ag.content["indicators"]]
    given = [v.metric for v in body.verdicts]
    if sorted(given) != sorted(committed):
        raise UnprocessableContent(
            f"须对每项约定指标各给出一条结论：{'、'.join(committed)}。 "
            f"Give one verdict for each committed indicator: {', '.join(committed)}.",
            errors=[{"loc": ["body", "verdicts"], "msg": "one verdict per committed indicator", "type": "value_error"}],
        )
    acceptance.review_transition(ctx, row, "score", _actor(principal))
    row.verdicts = [v.model_dump() for v in body.verdicts]
    row.updated_at = ctx.now()
    audit.record(
        ctx,
        ag.challenge_id,
        "acceptance.scored",
        principal,
        {"agreement_id": ag.id, "achieved": sum(v.achieved for v in body.verdicts), "of": len(body.verdicts)},
    )
    return ag


def decide(ctx: Context, principal: Principal, agreement_id: str, body: s.AcceptanceDecision) -> Agreement:
    ag = get(ctx, principal, agreement_id, lock=True)
    if body.outcome == "rectification":
        today = to_shanghai(ctx.now()).date()
        if body.resubmit_by is None or body.resubmit_by <= today:
            raise UnprocessableContent(
                "整改须给出今天之后的重新提交截止日。 A rectification needs a resubmission date after today.",
                errors=[{"loc": ["body", "resubmit_by"], "msg": "a date after today", "type": "value_error"}],
            )
    args: dict[str, object] = {"resubmit_by": body.resubmit_by if body.outcome == "rectification" else None}
    found = acceptance.facts(ctx, ag)
    transition(ctx, ag, DECISION[body.outcome], _actor(principal), reason=body.reason, facts=found, args=args)
    return ag


def read(ctx: Context, principal: Principal, agreement_id: str) -> s.AcceptanceOut:
    ag = get(ctx, principal, agreement_id)
    sees_experts = principal.has_role("gov_reviewer", "admin")
    rounds = ctx.session.scalars(select(Acceptance).where(Acceptance.agreement_id == ag.id).order_by(Acceptance.round))
    out = []
    for r in rounds:
        reviews = [
            s.AcceptanceReviewOut(
                expert_id=x.expert_id if sees_experts or x.expert_id == principal.subject else "",
                status=AssignmentStatus(x.status).value,
                coi_signed=x.coi_signed_at is not None,
                recusal_reason=x.recusal_reason,
                verdicts=[s.Verdict.model_validate(v) for v in x.verdicts],
            )
            for x in acceptance.panel(ctx, r)
        ]
        out.append(
            s.AcceptanceRoundOut(
                round=r.round,
                summary=r.summary,
                deliverables=r.deliverables,
                documents=[s.EvidenceMeta(index=i, **d) for i, d in enumerate(r.documents)],
                submitted_at=r.submitted_at,
                outcome=r.outcome,
                decision_reason=r.decision_reason,
                resubmit_by=r.resubmit_by,
                decided_at=r.decided_at,
                reviews=reviews,
            )
        )
    rectified = sum(1 for r in out if r.outcome == "rectification")
    withheld = ctx.session.scalars(
        select(TrancheWithholding).where(TrancheWithholding.agreement_id == ag.id).order_by(TrancheWithholding.tranche)
    )
    return s.AcceptanceOut(
        agreement_id=ag.id,
        status=AgreementStatus(ag.status),
        rounds=out,
        rectifications_left=max(0, ctx.settings.max_rectifications - rectified),
        withheld=[s.WithheldOut.model_validate(w, from_attributes=True) for w in withheld],
        allowed_actions=[a for a in LIFECYCLE.allowed_actions(ag, actor_of(principal)) if a in ACTIONS],
    )


ACTIONS = frozenset({"submit_acceptance", *DECISION.values()})


def document(ctx: Context, principal: Principal, agreement_id: str, index: int) -> AcceptanceDocument:
    """A file of the latest round, to the parties, the reviewers and the panel."""
    ag = get(ctx, principal, agreement_id)
    round_ = acceptance.current_round(ctx, ag)
    doc = None
    if round_ is not None:
        doc = ctx.session.scalars(
            select(AcceptanceDocument).where(
                AcceptanceDocument.acceptance_id == round_.id, AcceptanceDocument.position == index
            )
        ).one_or_none()
    if doc is None:
        raise NotFound("材料不存在。 No such document.")
    return doc
