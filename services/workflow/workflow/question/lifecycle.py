"""The question lifecycle (答疑): the challenge's owner answers a question, and may answer it again;
the asker is told each time."""

from __future__ import annotations

from enum import StrEnum

from kit.rules import Actor, Lifecycle, Rule, Step, rule
from workflow.context import Context
from workflow.history import recorder
from workflow.models import Question
from workflow.notification.service import notify


class QuestionStatus(StrEnum):
    SUBMITTED = "submitted"
    ANSWERED = "answered"


S = QuestionStatus
QuestionStep = Step[Question, Context]


def _answered(step: QuestionStep) -> None:
    step.entity.answer, step.entity.answered_at = step.args["answer"], step.now


def _asker_told(step: QuestionStep) -> None:
    q = step.entity
    notify(
        step.ctx.session,
        kind="question.answered",
        user_id=q.asker_id,
        now=step.now,
        challenge_id=q.challenge_id,
        title=f"您的提问已答复：{q.challenge.title}",
        body=str(step.args["answer"])[:200],
    )


RULES: tuple[Rule[Question, Context], ...] = (
    rule("answer", {S.SUBMITTED, S.ANSWERED}, S.ANSWERED, "owner", effects=(_answered, _asker_told)),
)


def _may_act(r: Rule[Question, Context], q: Question, actor: Actor) -> bool:
    """`owner`: a user of the organisation that owns the question's challenge."""
    return r.actor == "owner" and actor.kind == "user" and actor.org_id == q.challenge.owner_org_id


LIFECYCLE: Lifecycle[Question, Context] = Lifecycle(
    "question", tuple(S), RULES, may_act=_may_act, record=recorder("question")
)
