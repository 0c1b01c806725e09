from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from kit.money import wan
from matching.models.challenge import ChallengeStatus


class ChallengeWinner(BaseModel):
    org_id: str
    org_name: str


class Challenge(BaseModel):
    id: str
    version: int
    status: ChallengeStatus
    title: str
    summary: str
    mode: str
    owner_org_id: str
    owner_org_name: str
    reward_amount: float | None = Field(description=wan("榜单金额"))
    funding_source: str
    layer_tags: list[str]
    end_tags: list[str]
    scenario_domain: str
    allowed_districts: list[str]
    required_qualifications: list[str]
    application_deadline: datetime | None
    published_at: datetime | None
    max_winners: int
    winners: list[ChallengeWinner]
