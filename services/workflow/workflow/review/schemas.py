from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kit.input import Input
from workflow.application.lifecycle import ApplicationStatus
from workflow.review.lifecycle import AssignmentStatus

UserId = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_:-]+$")]


class ExpertAssign(Input):
    model_config = ConfigDict(extra="forbid")

    # Each id is looked up in the accounts directory: only an active user with the expert role joins; the
    # member stays "pending" until that user's own token, which carries the expert role, signs the COI.
    user_ids: list[UserId] = Field(min_length=1, max_length=30)


class PanelChange(Input):
    """Removing a member who has not scored yet, or replacing them with another expert."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=2, max_length=2000)
    replacement_user_id: UserId | None = None


class Conflict(Input):
    application_id: str
    reason: str = Field(min_length=1, max_length=2000)


class CoiDeclaration(Input):
    model_config = ConfigDict(extra="forbid")

    conflicts: list[Conflict] = Field(default_factory=list)


class ScoreSheet(Input):
    model_config = ConfigDict(extra="forbid")

    scores: dict[str, float]
    comment: str = Field(default="", max_length=10000)


class Recusal(Input):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class AssignmentOut(BaseModel):
    id: str
    challenge_id: str
    challenge_title: str
    application_id: str
    applicant_name: str
    status: AssignmentStatus
    coi_signed: bool
    scores: dict[str, Any]
    total: float | None
    comment: str
    recusal_reason: str
    updated_at: datetime


class PanelOut(BaseModel):
    user_id: str
    status: Literal["pending", "confirmed"]
    coi_signed_at: datetime | None
    assignments: int


class RankingRow(BaseModel):
    application_id: str
    org_name: str
    score: float | None
    rank: int | None
    reviews: int
    status: ApplicationStatus


class ExpertScore(BaseModel):
    """One expert's sheet for one application, as the government reviewer weighs the ranking."""

    application_id: str
    expert_id: str
    status: Literal["assigned", "completed", "recused"]
    scores: dict[str, float]
    total: float | None
    comment: str
    recusal_reason: str
