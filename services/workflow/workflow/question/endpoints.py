from __future__ import annotations

from fastapi import APIRouter

from kit.auth import CurrentUser, OptionalUser
from kit.errors import problem_responses
from workflow.application.auth import VendorUser
from workflow.context import Ctx
from workflow.question import service as q
from workflow.question.service import AnswerCreate, QuestionCreate, QuestionOut

router = APIRouter(tags=["questions"])


@router.post(
    "/challenges/{challenge_id}/questions",
    status_code=201,
    response_model=QuestionOut,
    responses=problem_responses(401, 403, 404, 409),
)
def ask(ctx: Ctx, principal: VendorUser, challenge_id: str, body: QuestionCreate) -> QuestionOut:
    return q.to_schema(q.ask(ctx, principal, challenge_id, body), True)


@router.post("/questions/{question_id}/answer", response_model=QuestionOut, responses=problem_responses(401, 403, 404))
def answer(ctx: Ctx, principal: CurrentUser, question_id: str, body: AnswerCreate) -> QuestionOut:
    return q.to_schema(q.answer(ctx, principal, question_id, body), False)


@router.get(
    "/challenges/{challenge_id}/questions", response_model=list[QuestionOut], responses=problem_responses(401, 404)
)
def list_questions(ctx: Ctx, principal: OptionalUser, challenge_id: str) -> list[QuestionOut]:
    return q.listing(ctx, principal, challenge_id)
