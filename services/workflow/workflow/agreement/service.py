"""Task agreements (任务书): drafted from the challenge and the winning application, edited by either
party, signed by both on one exact version (docs/decisions/0101-task-agreements.md)."""

from __future__ import annotations

import base64
import hashlib
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from kit import etag as etags
from kit.audit import canonical
from kit.clock import SHANGHAI
from kit.errors import Conflict, NotFound, UnprocessableContent
from kit.rules import Actor
from kit.tokens import Principal
from workflow.agreement import milestones
from workflow.agreement import schemas as s
from workflow.agreement.lifecycle import (
    FORFEITED,
    LIFECYCLE,
    AgreementStatus,
    party_of,
    signed_parties,
    signing_ends_at,
    transition,
)
from workflow.application.lifecycle import ApplicationStatus
from workflow.application.service import decode_documents, unseal
from workflow.audit import service as audit
from workflow.award.lifecycle import AwardStatus
from workflow.challenge import repository as challenges
from workflow.challenge.auth import actor_of, is_owner
from workflow.challenge.lifecycle import ChallengeStatus
from workflow.context import Context
from workflow.models import (
    AcceptanceReview,
    Agreement,
    AgreementMilestone,
    AgreementSignature,
    Application,
    Award,
    Challenge,
    MilestoneDocument,
    TranchePayment,
)

WHAT = ("任务书", "agreement")
# The template's split of the reward: 首笔 on signing, 中期 at the mid-term review, 验收 at acceptance.
TEMPLATE_SPLIT = ((0.3, None, "首笔款"), (0.4, "mid", "中期款"), (0.3, "final", "验收款"))


def content_sha256(content: s.AgreementContent) -> str:
    return hashlib.sha256(canonical(content.model_dump(mode="json"))).hexdigest()


def _actor(principal: Principal) -> Actor:
    actor = actor_of(principal)
    if actor is None:
        raise NotFound("任务书不存在。 No such agreement.")
    return actor


def _may_read(ag: Agreement, principal: Principal) -> bool:
    return principal.has_role("gov_reviewer", "admin") or principal.org_id in (ag.owner_org_id, ag.winner_org_id)


def _on_panel(ctx: Context, ag: Agreement, principal: Principal) -> bool:
    """An expert of the agreement's acceptance panel reads it and the evidence they judge."""
    if not principal.has_role("expert"):
        return False
    stmt = select(AcceptanceReview.id).where(
        AcceptanceReview.agreement_id == ag.id, AcceptanceReview.expert_id == principal.subject
    )
    return ctx.session.scalar(stmt.limit(1)) is not None


def get(ctx: Context, principal: Principal, agreement_id: str, *, lock: bool = False) -> Agreement:
    stmt = select(Agreement).where(Agreement.id == agreement_id)
    ag = ctx.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if ag is None or not (_may_read(ag, principal) or _on_panel(ctx, ag, principal)):
        # One answer for "does not exist" and "not yours": the id leaks nothing.
        raise NotFound("任务书不存在。 No such agreement.")
    return ag


def _today(ctx: Context) -> date:
    return ctx.now().astimezone(SHANGHAI).date()


def template(ctx: Context, ch: Challenge, app: Application) -> s.AgreementContent:
    """The owner's starting point: the challenge's indicators with the targets the winner committed
    to, two milestones and the reward split over three tranches."""
    committed = {c["metric"]: c["value"] for c in unseal(ctx, app).get("commitments", [])}
    indicators = [{**i, "target": committed.get(i["metric"], i["target"])} for i in (ch.indicators or [])] or [
        {"metric": "项目目标", "target": "按揭榜方案完成", "unit": "", "verification": "验收评审"}
    ]
    metrics = [str(i["metric"]) for i in indicators]
    today = _today(ctx)
    base = float(ch.reward_amount or 0)
    return s.AgreementContent.model_validate(
        {
            "indicators": indicators,
            "deliverables": list(ch.deliverables or []) or ["研发成果及技术文档", "结题验收报告"],
            "milestones": [
                {
                    "key": "mid",
                    "title": "中期评估 Mid-term review",
                    "due_on": today + timedelta(days=183),
                    "checks": metrics[: max(1, len(metrics) // 2)],
                    "evidence": "中期进展报告及佐证材料",
                },
                {
                    "key": "final",
                    "title": "结题验收 Acceptance",
                    "due_on": today + timedelta(days=365),
                    "checks": metrics,
                    "evidence": "结题报告、测试报告及用户证明",
                },
            ],
            "tranches": [
                {"title": title, "amount": round(base * share, 2), "milestone": milestone, "payer": "owner"}
                for share, milestone, title in TEMPLATE_SPLIT
            ],
            "sign_by": today + timedelta(days=30),
        }
    )


def draft_all(ctx: Context, principal: Principal, challenge_id: str) -> list[Agreement]:
    """The owner drafts one agreement per approved award of an awarded challenge (idempotent)."""
    ch = challenges.get(ctx.session, challenge_id, lock=True)
    if not is_owner(ch, principal):
        raise NotFound("榜单不存在。 No such challenge.")
    if ch.status != ChallengeStatus.AWARDED:
        raise Conflict(
            "榜单尚未完成授予，不能起草任务书。 Agreements are drafted once the challenge is awarded.",
            challenge_status=ch.status,
        )
    existing = {a.award_id for a in ctx.session.scalars(select(Agreement).where(Agreement.challenge_id == ch.id))}
    awards = ctx.session.scalars(
        select(Award).where(Award.challenge_id == ch.id, Award.status == AwardStatus.APPROVED).order_by(Award.rank)
    )
    now = ctx.now()
    for award in awards:
        if award.id in existing:
            continue
        app = ctx.session.get(Application, award.application_id)
        assert app is not None
        content = template(ctx, ch, app)
        ctx.session.add(
            Agreement(
                challenge_id=ch.id,
                award_id=award.id,
                application_id=app.id,
                owner_org_id=ch.owner_org_id,
                owner_org_name=ch.owner_org_name,
                winner_org_id=award.org_id,
                winner_org_name=award.org_name,
                status=AgreementStatus.DRAFT,
                version=1,
                content=content.model_dump(mode="json"),
                content_sha256=content_sha256(content),
                sign_by=content.sign_by,
                created_at=now,
                updated_at=now,
                updated_by=principal.subject,
            )
        )
        audit.record(ctx, ch.id, "agreement.drafted", principal, {"award_id": award.id, "org_name": award.org_name})
    ctx.session.flush()
    return list_for_challenge(ctx, principal, ch.id)


def list_for_challenge(ctx: Context, principal: Principal, challenge_id: str) -> list[Agreement]:
    ch = challenges.get(ctx.session, challenge_id)
    stmt = select(Agreement).where(Agreement.challenge_id == ch.id)
    if not principal.has_role("gov_reviewer", "admin"):
        if principal.org_id is None:
            return []
        if principal.org_id != ch.owner_org_id:
            stmt = stmt.where(Agreement.winner_org_id == principal.org_id)
    return list(ctx.session.scalars(stmt.order_by(Agreement.created_at, Agreement.id)))


def mine(ctx: Context, principal: Principal) -> list[Agreement]:
    if principal.org_id is None:
        return []
    stmt = select(Agreement).where(
        (Agreement.owner_org_id == principal.org_id) | (Agreement.winner_org_id == principal.org_id)
    )
    return list(ctx.session.scalars(stmt.order_by(Agreement.updated_at.desc(), Agreement.id)))


def _check_money(ctx: Context, ag: Agreement, content: s.AgreementContent) -> None:
    ch = ctx.session.get(Challenge, ag.challenge_id)
    assert ch is not None
    total = round(sum(t.amount for t in content.tranches), 2)
    if ch.reward_amount is not None and total > float(ch.reward_amount) + 1e-9:
        raise UnprocessableContent(
            f"各笔拨付合计 {total:g} 万元，超过榜单金额 {float(ch.reward_amount):g} 万元。 "
            f"The tranches add up to {total:g} 万元, more than the reward of {float(ch.reward_amount):g} 万元.",
            errors=[{"loc": ["body", "tranches"], "msg": "tranches exceed the reward", "type": "value_error"}],
        )
    if content.sign_by < _today(ctx):
        raise UnprocessableContent(
            "签订截止日不能早于今天。 The signing deadline cannot be in the past.",
            errors=[{"loc": ["body", "sign_by"], "msg": "in the past", "type": "value_error"}],
        )


def edit(
    ctx: Context, principal: Principal, agreement_id: str, body: s.AgreementContent, if_match: str | None
) -> Agreement:
    ag = get(ctx, principal, agreement_id, lock=True)
    etags.check_version(if_match, ag.version, WHAT, required=True)
    _check_money(ctx, ag, body)
    digest = content_sha256(body)
    args: dict[str, object] = {
        "content": body.model_dump(mode="json"),
        "content_sha256": digest,
        "sign_by": body.sign_by,
    }
    transition(ctx, ag, "edit", _actor(principal), args=args, facts=_in_time(ctx, ag))
    return ag


def act(ctx: Context, principal: Principal, agreement_id: str, action: str, *, reason: str = "") -> Agreement:
    ag = get(ctx, principal, agreement_id, lock=True)
    transition(ctx, ag, action, _actor(principal), reason=reason, facts=_in_time(ctx, ag))
    return ag


def sign(ctx: Context, principal: Principal, agreement_id: str, body: s.SignBody) -> Agreement:
    ag = get(ctx, principal, agreement_id, lock=True)
    actor = _actor(principal)
    if body.content_sha256 != ag.content_sha256:
        raise Conflict(
            "任务书已被修改，请阅读当前版本后再签。 The agreement changed since you read it: read the current version.",
            code="agreement-changed",
            version=ag.version,
            content_sha256=ag.content_sha256,
        )
    facts = {**_in_time(ctx, ag), "party_not_signed": not _party_signed(ctx, ag, actor)}
    transition(ctx, ag, "sign", actor, facts=facts)
    return ag


def _in_time(ctx: Context, ag: Agreement) -> dict[str, object]:
    return {"before_sign_by": ctx.now() < signing_ends_at(ag.sign_by)}


def next_ranked(ctx: Context, ag: Agreement) -> Application | None:
    """The next award's candidate (decision 0105): the best ranked application that was eligible and
    scored but not awarded, and has never held an award of this challenge."""
    held = select(Award.application_id).where(Award.challenge_id == ag.challenge_id)
    return ctx.session.scalars(
        select(Application)
        .where(
            Application.challenge_id == ag.challenge_id,
            Application.status == ApplicationStatus.NOT_AWARDED,
            Application.rank.is_not(None),
            Application.id.not_in(held),
        )
        .order_by(Application.rank, Application.submitted_at, Application.id)
    ).first()


def decide(ctx: Context, principal: Principal, agreement_id: str, body: s.DecisionBody) -> Agreement:
    """A government reviewer's decision on a forfeited award: the next ranked application, or none."""
    ag = get(ctx, principal, agreement_id, lock=True)
    ch = challenges.get(ctx.session, ag.challenge_id, lock=True)
    awarded = ch.status == ChallengeStatus.AWARDED
    nxt = next_ranked(ctx, ag) if awarded else None
    undecided = ctx.session.scalar(
        select(Agreement.id)
        .where(Agreement.challenge_id == ch.id, Agreement.id != ag.id, Agreement.status.in_(FORFEITED))
        .limit(1)
    )
    standing = ctx.session.scalar(
        select(Award.id).where(Award.challenge_id == ch.id, Award.status == AwardStatus.APPROVED).limit(1)
    )
    facts: dict[str, object] = {
        "next_eligible": nxt is not None,
        "no_award_left": awarded and standing is None and undecided is None,
    }
    args: dict[str, object] = {"application_id": nxt.id if nxt is not None else None, **facts}
    transition(ctx, ag, body.action, _actor(principal), reason=body.reason, facts=facts, args=args)
    return ag


def _party_signed(ctx: Context, ag: Agreement, actor: Actor) -> bool:
    return party_of(ag, actor) in signed_parties(ctx.session, ag)


def to_schema(ctx: Context, ag: Agreement, principal: Principal) -> s.AgreementOut:
    ch = ctx.session.get(Challenge, ag.challenge_id)
    assert ch is not None
    content = s.AgreementContent.model_validate(ag.content)
    history = ctx.session.scalars(
        select(AgreementSignature)
        .where(AgreementSignature.agreement_id == ag.id)
        .order_by(AgreementSignature.signed_at, AgreementSignature.id)
    )
    actor = actor_of(principal)
    allowed = LIFECYCLE.allowed_actions(ag, actor)
    if "sign" in allowed and actor is not None and _party_signed(ctx, ag, actor):
        allowed.remove("sign")
    fields: dict[str, Any] = {
        k: getattr(ag, k)
        for k in (
            "id",
            "challenge_id",
            "award_id",
            "application_id",
            "owner_org_id",
            "owner_org_name",
            "winner_org_id",
            "winner_org_name",
            "status",
            "version",
            "content_sha256",
            "closed_reason",
            "updated_at",
        )
    }
    return s.AgreementOut(
        **fields,
        content=content,
        reward_amount=float(ch.reward_amount) if ch.reward_amount is not None else None,
        tranche_total=round(sum(t.amount for t in content.tranches), 2),
        signatures=[s.Signature.model_validate(sig, from_attributes=True) for sig in history],
        allowed_actions=allowed,
    )


def version_etag(ag: Agreement) -> str:
    return etags.etag(ag.version)


# --- milestones and tranches ---------------------------------------------------------------


def _milestone(ctx: Context, ag: Agreement, key: str, *, lock: bool = False) -> AgreementMilestone:
    stmt = select(AgreementMilestone).where(AgreementMilestone.agreement_id == ag.id, AgreementMilestone.key == key)
    m = ctx.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if m is None:
        if ag.status != AgreementStatus.SIGNED:
            raise Conflict(
                "任务书签订后才开始执行里程碑。 Milestones start once the agreement is signed.",
                agreement_status=ag.status,
            )
        raise NotFound("里程碑不存在。 No such milestone.")
    return m


def document_rows(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored columns of checked uploads (milestone evidence, acceptance documents)."""
    keep = ("name", "content_type", "sha256", "size")
    return [
        {"position": i, **{k: d[k] for k in keep}, "data": base64.b64decode(d["content_base64"])}
        for i, d in enumerate(docs)
    ]


def document_meta(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: d[k] for k in ("name", "content_type", "size", "sha256")} for d in docs]


def report_milestone(
    ctx: Context, principal: Principal, agreement_id: str, key: str, body: s.MilestoneReport
) -> AgreementMilestone:
    ag = get(ctx, principal, agreement_id)
    m = _milestone(ctx, ag, key, lock=True)
    actor = _actor(principal)
    milestones.LIFECYCLE.decide(m, "report", actor, public_only=True)  # refuse before storing any evidence
    docs = decode_documents(ctx, body.documents)
    report_no = m.reports + 1
    for row in document_rows(docs):
        ctx.session.add(MilestoneDocument(milestone_id=m.id, report_no=report_no, **row))
    meta = document_meta(docs)
    milestones.transition(ctx, m, "report", actor, args={"report": {"summary": body.summary, "documents": meta}})
    return m


def assess_milestone(
    ctx: Context, principal: Principal, agreement_id: str, key: str, body: s.MilestoneAssessment
) -> AgreementMilestone:
    ag = get(ctx, principal, agreement_id)
    m = _milestone(ctx, ag, key, lock=True)
    milestones.transition(ctx, m, f"assess_{body.outcome}", _actor(principal), reason=body.note)
    return m


def evidence(ctx: Context, principal: Principal, agreement_id: str, key: str, index: int) -> MilestoneDocument:
    ag = get(ctx, principal, agreement_id)
    m = _milestone(ctx, ag, key)
    doc = ctx.session.scalars(
        select(MilestoneDocument).where(
            MilestoneDocument.milestone_id == m.id,
            MilestoneDocument.report_no == m.reports,
            MilestoneDocument.position == index,
        )
    ).one_or_none()
    if doc is None:
        raise NotFound("材料不存在。 No such document.")
    return doc


def progress(ctx: Context, principal: Principal, agreement_id: str) -> s.ProgressOut:
    ag = get(ctx, principal, agreement_id)
    actor = actor_of(principal)
    today = _today(ctx)
    rows = ctx.session.scalars(
        select(AgreementMilestone).where(AgreementMilestone.agreement_id == ag.id).order_by(AgreementMilestone.due_on)
    )
    payments = list(
        ctx.session.scalars(
            select(TranchePayment).where(TranchePayment.agreement_id == ag.id).order_by(TranchePayment.tranche)
        )
    )
    out = []
    for m in rows:
        report = m.report or {}
        out.append(
            s.MilestoneOut(
                key=m.key,
                title=m.title,
                due_on=m.due_on,
                status=milestones.MilestoneStatus(m.status),
                overdue=m.due_on < today and m.status != milestones.MilestoneStatus.MET,
                overdue_at=m.overdue_at,
                reports=m.reports,
                summary=report.get("summary"),
                documents=[s.EvidenceMeta(index=i, **d) for i, d in enumerate(report.get("documents", []))],
                reported_at=m.reported_at,
                assessment_note=m.assessment_note,
                assessed_at=m.assessed_at,
                allowed_actions=milestones.LIFECYCLE.allowed_actions(m, actor),
            )
        )
    return s.ProgressOut(
        agreement_id=ag.id,
        status=AgreementStatus(ag.status),
        milestones=out,
        payments=[s.PaymentOut.model_validate(p, from_attributes=True) for p in payments],
        committed=round(sum(float(t["amount"]) for t in ag.content["tranches"]), 2),
        released=round(sum(float(p.amount) for p in payments), 2),
    )
