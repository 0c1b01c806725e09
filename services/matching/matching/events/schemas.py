from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kit.input import Input
from kit.money import wan
from kit.types import Moment
from matching.models.challenge import ChallengeStatus

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


INT32 = 2**31 - 1


def _utc(value: datetime | None) -> datetime | None:
    """Stored in UTC: a moment that has no UTC representation (year 1 at +08:00) is refused here."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("out of range") from exc


class ChallengeSnapshot(BaseModel):
    """Bounded like the `challenges` columns, so a malformed event is a 422, never a database error."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=36)
    title: str = Field(max_length=300)
    summary: str = ""
    status: ChallengeStatus
    mode: str = Field("single", max_length=20)
    owner_org_id: str = Field("", max_length=36)
    owner_org_name: str = Field("", max_length=200)
    reward_amount: Decimal | None = Field(None, max_digits=16, decimal_places=2, description=wan("榜单金额"))
    funding_source: str | None = Field("", max_length=200)
    layer_tags: list[str] = Field(default_factory=list)
    end_tags: list[str] = Field(default_factory=list)
    scenario_domain: str | None = Field("", max_length=20)
    allowed_districts: list[str] = Field(default_factory=list)
    required_qualifications: list[str] = Field(default_factory=list)
    application_deadline: Moment | None = None
    published_at: Moment | None = None
    max_winners: int = Field(1, ge=0, le=INT32)
    winners: list[Winner] = Field(default_factory=list)

    @field_validator("application_deadline", "published_at")
    @classmethod
    def _moments(cls, value: datetime | None) -> datetime | None:
        return _utc(value)


class ChallengeEvent(Input):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=36)
    type: EventType
    occurred_at: Moment
    challenge_id: str = Field(min_length=1, max_length=36)
    version: int = Field(ge=0, le=INT32)
    challenge: ChallengeSnapshot


class Applied(BaseModel):
    applied: bool
