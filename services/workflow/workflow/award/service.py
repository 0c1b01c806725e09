"""Recommendation, approval by a different reviewer, 公示 and the final award."""

from __future__ import annotations

from sqlalchemy import select

from kit.errors import NotFound
from workflow.application import repository as applications
from workflow.application.service import notify_applicants
from workflow.award import schemas as s
from workflow.challenge import deadlines
from workflow.challenge import facts as challenge_facts
from workflow.challenge.lifecycle import AWARDED, PUBLICITY, SYSTEM, Actor, transition
from workflow.challenge.schemas import ActionRequest
from workflow.context import Context
from workflow.models import Award, Challenge


def current(ctx: Context, ch: Challenge, statuses: tuple[str, ...]) -> list[Award]:
    return list(
        ctx.session.scalars(
            select(Award)
            .where(Award.challenge_id == ch.id, Award.status.in_(statuses))
            .order_by(Award.rank, Award.created_at)
        )
    )


def act(ctx: Context, actor: Actor, ch: Challenge, action: str, body: ActionRequest) -> None:
    if action == "recommend":
        _recommend(ctx, actor, ch, body)
        return
    pending = current(ctx, ch, ("recommended",))
    now = ctx.now()
    transition(ctx, ch, action, actor, reason=body.reason, facts=challenge_facts.of(ctx, ch, actor), public_only=True)
    for award in pending:
        award.decided_by, award.decision_reason = actor.id, body.reason
        award.status = "approved" if action == "approve_award" else "rejected"
    if action == "approve_award":
        ch.publicity_started_at = now
        end = ctx.working_days_end(now, ch.publicity_working_days, human=True)
        ch.publicity_ends_at, ch.publicity_ends_provisional = end.ends_at, end.provisional
        notify_applicants(ctx, ch, "award.publicity", f"拟揭榜单位公示：{ch.title}", publicity_end_text(ch))
    else:
        for app in applications.for_challenge(ctx.session, ch.id, ("recommended",)):
            app.status = "eligible"
    deadlines.reschedule(ctx, ch)


def publicity_end_text(ch: Challenge) -> str:
    """The 公示 end as notices state it: an estimate says so until its year is confirmed."""
    assert ch.publicity_ends_at is not None
    if ch.publicity_ends_provisional:
        # Chinese only, as every notification text the services write; the bell shows the time in Beijing
        # time and in the reader's language (frontend notification-text.ts).
        return f"公示截止 {ch.publicity_ends_at.isoformat()}（暂定：所涉年度节假日安排尚未确认）"
    return f"公示截止 {ch.publicity_ends_at.isoformat()}"


def _recommend(ctx: Context, actor: Actor, ch: Challenge, body: ActionRequest) -> None:
    facts = challenge_facts.of(ctx, ch, actor, {"application_ids": body.application_ids})
    now = ctx.now()
    transition(ctx, ch, "recommend", actor, reason=body.reason, facts=facts, public_only=True)
    ch.recommended_by = actor.id
    for app_id in facts["chosen"]:
        app = applications.get(ctx.session, app_id)
        app.status = "recommended"
        ctx.session.add(
            Award(
                challenge_id=ch.id,
                application_id=app.id,
                org_id=app.org_id,
                org_name=app.org_name,
                score=app.score,
                rank=app.rank,
                status="recommended",
                recommended_by=actor.id,
                created_at=now,
            )
        )


open_objections = challenge_facts.open_objections


def finalize(ctx: Context, ch: Challenge) -> None:
    now = ctx.now()
    transition(ctx, ch, "finalize", SYSTEM, facts=challenge_facts.of(ctx, ch))
    ch.awarded_at = now
    for app in applications.for_challenge(ctx.session, ch.id, ("recommended", "eligible")):
        app.status = "awarded" if app.status == "recommended" else "not_awarded"
    notify_applicants(ctx, ch, "award.final", f"揭榜结果已公布：{ch.title}")


def publicity(ctx: Context, ch: Challenge) -> s.Publicity:
    if ch.status not in (PUBLICITY, AWARDED):
        raise NotFound("No 公示 for this challenge")
    winners = [
        s.AwardOut(
            id=a.id,
            application_id=a.application_id,
            org_id=a.org_id,
            org_name=a.org_name,
            score=a.score,
            rank=a.rank,
            status=a.status,
            created_at=a.created_at,
        )
        for a in current(ctx, ch, ("approved",))
    ]
    apps = applications.for_challenge(ctx.session, ch.id, ("eligible", "recommended", "awarded", "not_awarded"))
    scores = [a.score for a in apps if a.score is not None]
    summary: dict[str, float | int | None] = {
        "applications_reviewed": len(scores),
        "highest": max(scores) if scores else None,
        "lowest": min(scores) if scores else None,
        "mean": round(sum(scores) / len(scores), 2) if scores else None,
    }
    results = []
    if ch.status == AWARDED:
        results = [
            s.ResultRow(org_name=a.org_name, score=a.score, rank=a.rank, status=a.status)
            for a in sorted(apps, key=lambda a: (a.rank is None, a.rank or 0))
        ]
    return s.Publicity(
        challenge_id=ch.id,
        title=ch.title,
        status=ch.status,
        publicity_started_at=ch.publicity_started_at,
        publicity_ends_at=ch.publicity_ends_at,
        publicity_ends_provisional=ch.publicity_ends_provisional,
        winners=winners,
        scores_summary=summary,
        results=results,
    )
