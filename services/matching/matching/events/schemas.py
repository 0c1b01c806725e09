from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventType = Literal[
    "challenge.published",
    "challenge.amended",
    "challenge.closed",
    "challenge.awarded",
    "challenge.cancelled",
    "challenge.unsuccessful",
    "challenge.status_changed",
]


class Winner(BaseModel):
    model_config = ConfigDict(extra="ignore")

    org_id: str
    org_name: str = ""


class ChallengeSnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    title: str
    summary: str = ""
    status: str
    mode: str = "single"
    owner_org_id: str = ""
    owner_org_name: str = ""
    reward_amount: Decimal | None = None
    funding_source: str | None = ""
    layer_tags: list[str] = Field(default_factory=list)
    end_tags: list[str] = Field(default_factory=list)
    scenario_domain: str | None = ""
    allowed_districts: list[str] = Field(default_factory=list)
    required_qualifications: list[str] = Field(default_factory=list)
    application_deadline: datetime | None = None
    published_at: datetime | None = None
    max_winners: int = 1
    winners: list[Winner] = Field(default_factory=list)


class ChallengeEvent(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=36)
    type: EventType
    occurred_at: datetime
    challenge_id: str
    version: int = Field(ge=0)
    challenge: ChallengeSnapshot


class Applied(BaseModel):
    applied: bool
