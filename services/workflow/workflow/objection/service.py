"""Real-name objections during 公示: an open one holds the end; upheld sends the challenge back to review."""

from __future__ import annotations

from sqlalchemy import func, select

from kit.errors import Conflict, Forbidden, NotFound, UnprocessableContent
from kit.tokens import Principal
from workflow.application import repository as applications
from workflow.application.auth import find_visible
from workflow.challenge import deadlines
from workflow.challenge import repository as challenges
from workflow.challenge.auth import actor_of, is_owner
from workflow.challenge.lifecycle import PUBLICITY, IllegalAction, allowed_actions, transition
from workflow.context import Context
from workflow.models import Objection
from workflow.notification.service import record_and_notify
from workflow.objection import lifecycle as objections
from workflow.objection import schemas as s
from workflow.objection.lifecycle import DECIDE, ObjectionStatus


def file(ctx: Context, principal: Principal, challenge_id: str, body: s.ObjectionCreate) -> Objection:
    ch = challenges.get(ctx.session, challenge_id, lock=True)
    if ch.status != PUBLICITY:
        raise IllegalAction(
            f"objections are accepted only during 公示 (now {ch.status})",
            challenge_status=ch.status,
            action="object",
            allowed_actions=allowed_actions(ch, actor_of(principal)),
        )
    own = [
        a
        for a in applications.for_challenge(ctx.session, ch.id)
        if a.org_id == principal.org_id and a.status not in ("withdrawn",)
    ]
    if not own:
        raise Forbidden("Only applicants to this challenge may object")
    _within_open_limit(ctx, ch.id, principal.org_id or "")
    if body.application_id is not None and not find_visible(
        ctx.session, principal, body.application_id, "cite", challenge_id=ch.id
    ):
        raise UnprocessableContent("application_id is not an application to this challenge")
    now = ctx.now()
    objection = Objection(
        challenge_id=ch.id,
        application_id=body.application_id,
        filed_by=principal.subject,
        filer_name=principal.username,
        filer_org_id=principal.org_id or "",
        filer_org_name=principal.org_name or "",
        grounds=body.grounds,
        status=ObjectionStatus.SUBMITTED,
        filed_at=now,
    )
    ctx.session.add(objection)
    ctx.session.flush()
    record_and_notify(
        ctx.session,
        ch.id,
        actor=f"user:{principal.subject}",
        kind="objection.filed",
        data={"objection_id": objection.id, "application_id": body.application_id},
        org_id=ch.owner_org_id,
        now=now,
        title=f"公示期收到异议：{ch.title}",
    )
    return objection


def _within_open_limit(ctx: Context, challenge_id: str, org_id: str) -> None:
    # Race-safe: the caller holds the challenge's row lock (FOR UPDATE on PostgreSQL, the write lock on SQLite),
    # so filings of one challenge are counted one after another and this count sees every committed one.
    limit = ctx.settings.max_open_objections
    open_now = ctx.session.scalar(
        select(func.count())
        .select_from(Objection)
        .where(
            Objection.challenge_id == challenge_id, Objection.filer_org_id == org_id, Objection.status == "submitted"
        )
    )
    if (open_now or 0) >= limit:
        raise Conflict(
            f"每个申报单位在公示期最多同时有 {limit} 条未处理的异议，请等待已提交的异议处理完毕。 "
            f"An applicant may hold at most {limit} undecided objections on a challenge; wait for a decision first.",
            code="objection-limit",
            limit=limit,
            open=open_now,
        )


def decide(ctx: Context, principal: Principal, objection_id: str, body: s.ObjectionDecision) -> Objection:
    objection = ctx.session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"objection {objection_id} not found")
    ch = challenges.get(ctx.session, objection.challenge_id, lock=True)
    objection = ctx.session.get(Objection, objection_id)
    assert objection is not None
    actor = actor_of(principal)
    assert actor is not None
    if objection.status != "submitted":
        raise IllegalAction(
            f"the objection is already {objection.status}",
            challenge_status=ch.status,
            action="decide",
            allowed_actions=allowed_actions(ch, actor),
        )
    now = ctx.now()
    if body.outcome == "upheld":
        if ch.status != PUBLICITY:
            raise IllegalAction(
                "an objection can only be upheld during 公示",
                challenge_status=ch.status,
                action="uphold_objection",
                allowed_actions=allowed_actions(ch, actor),
            )
        transition(
            ctx, ch, "uphold_objection", actor, reason=body.answer, args={"application_id": objection.application_id}
        )
    objections.transition(ctx, objection, DECIDE[ObjectionStatus(body.outcome)], actor, reason=body.answer)
    objection.answer = body.answer
    objection.decided_by = principal.subject
    objection.decided_at = now
    ctx.session.flush()
    deadlines.reschedule(ctx, ch)
    record_and_notify(
        ctx.session,
        ch.id,
        actor=f"user:{principal.subject}",
        kind="objection.decided",
        data={"objection_id": objection.id, "outcome": body.outcome, "answer": body.answer},
        user_id=objection.filed_by,
        now=now,
        title=f"异议处理结果：{'成立' if body.outcome == 'upheld' else '不成立'}",
        body=body.answer,
    )
    return objection


def listing(ctx: Context, principal: Principal | None, challenge_id: str) -> list[s.ObjectionOut]:
    ch = challenges.get(ctx.session, challenge_id)
    privileged = principal is not None and (is_owner(ch, principal) or principal.has_role("gov_reviewer"))
    rows = ctx.session.scalars(select(Objection).where(Objection.challenge_id == ch.id).order_by(Objection.filed_at))
    out = []
    for o in rows:
        mine = principal is not None and o.filed_by == principal.subject
        if not (privileged or mine or o.status != "submitted"):
            continue
        full = privileged or mine
        out.append(
            s.ObjectionOut(
                id=o.id,
                challenge_id=o.challenge_id,
                application_id=o.application_id,
                filer_name=o.filer_name if full else None,
                filer_org_name=o.filer_org_name if full else None,
                grounds=o.grounds,
                status=o.status,
                answer=o.answer,
                filed_at=o.filed_at,
                decided_at=o.decided_at,
            )
        )
    return out
