"""Questions by vendors, answers by the owner; both public, the asker anonymous."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from kit.errors import Forbidden, NotFound
from kit.history import actor
from kit.input import Input
from kit.tokens import Principal
from workflow.challenge import repository as challenges
from workflow.challenge.auth import actor_of, is_owner, readable
from workflow.challenge.lifecycle import OPEN, IllegalAction, allowed_actions
from workflow.context import Context
from workflow.models import Question
from workflow.notification.service import notify_orgs
from workflow.question.lifecycle import LIFECYCLE, QuestionStatus


class QuestionCreate(Input):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=2, max_length=5000)


class AnswerCreate(Input):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=20000)


class QuestionOut(BaseModel):
    id: str
    challenge_id: str
    text: str
    answer: str | None
    status: QuestionStatus
    asked_at: datetime
    answered_at: datetime | None
    mine: bool


def ask(ctx: Context, principal: Principal, challenge_id: str, body: QuestionCreate) -> Question:
    ch = readable(ctx.session, challenge_id, principal)
    if ch.status != OPEN:
        raise IllegalAction(
            f"questions are accepted while the challenge is open (now {ch.status})",
            challenge_status=ch.status,
            action="ask",
            allowed_actions=allowed_actions(ch, actor_of(principal)),
        )
    now = ctx.now()
    q = Question(
        challenge_id=ch.id,
        asker_id=principal.subject,
        asker_org_id=principal.org_id,
        text=body.text,
        status="submitted",
        asked_at=now,
    )
    ctx.session.add(q)
    notify_orgs(
        ctx.session,
        {ch.owner_org_id},
        kind="question.asked",
        now=now,
        challenge_id=ch.id,
        title=f"新的答疑提问：{ch.title}",
        body=body.text[:200],
    )
    ctx.session.flush()
    return q


def answer(ctx: Context, principal: Principal, question_id: str, body: AnswerCreate) -> Question:
    q = ctx.session.get(Question, question_id)
    if q is None:
        raise NotFound(f"question {question_id} not found")
    ch = challenges.get(ctx.session, q.challenge_id)
    if not is_owner(ch, principal):
        raise Forbidden("Only the owning organisation answers questions")
    LIFECYCLE.transition(ctx, q, "answer", actor(principal), ctx.now(), args={"answer": body.answer})
    return q


def listing(ctx: Context, principal: Principal | None, challenge_id: str) -> list[QuestionOut]:
    ch = readable(ctx.session, challenge_id, principal)
    owner = is_owner(ch, principal)
    rows = ctx.session.scalars(select(Question).where(Question.challenge_id == ch.id).order_by(Question.asked_at))
    out = []
    for q in rows:
        mine = principal is not None and q.asker_id == principal.subject
        if q.status == "answered" or owner or mine:
            out.append(to_schema(q, mine))
    return out


def to_schema(q: Question, mine: bool) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        challenge_id=q.challenge_id,
        text=q.text,
        answer=q.answer,
        status=q.status,
        asked_at=q.asked_at,
        answered_at=q.answered_at,
        mine=mine,
    )
