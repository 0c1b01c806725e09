from __future__ import annotations

from fastapi import APIRouter, Depends

from kit.auth import ServiceCaller
from kit.db import DbSession
from kit.errors import problem_responses
from matching.deps import ClockDep, kick_indexer
from matching.events import service
from matching.events.schemas import Applied, ChallengeEvent

router = APIRouter(tags=["internal"], dependencies=[Depends(kick_indexer)])


@router.post("/internal/events", response_model=Applied, responses=problem_responses(401, 422))
def receive_event(event: ChallengeEvent, session: DbSession, caller: ServiceCaller, clock: ClockDep) -> Applied:
    """Workflow's challenge events; `applied` is false for a repeat or an older version."""
    return Applied(applied=service.apply(session, event, clock))
