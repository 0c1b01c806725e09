from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from workflow.application.lifecycle import ApplicationStatus
from workflow.award.lifecycle import AwardStatus
from workflow.challenge.schemas import ChallengeStatus


class AwardOut(BaseModel):
    id: str
    application_id: str
    org_id: str
    org_name: str
    score: float | None
    rank: int | None
    status: AwardStatus
    created_at: datetime


class ResultRow(BaseModel):
    org_name: str
    score: float | None
    rank: int | None
    status: ApplicationStatus


class Publicity(BaseModel):
    challenge_id: str
    title: str
    status: ChallengeStatus
    publicity_started_at: datetime | None
    publicity_ends_at: datetime | None
    publicity_ends_provisional: bool = Field(
        default=False, description="公示截止时间为暂定：所涉年度节假日安排尚未确认 (the end is provisional)"
    )
    winners: list[AwardOut]
    scores_summary: dict[str, float | int | None]
    results: list[ResultRow]
