from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kit.input import Input
from workflow.objection.lifecycle import ObjectionStatus


class ObjectionCreate(Input):
    model_config = ConfigDict(extra="forbid")

    application_id: str | None = None
    grounds: str = Field(min_length=10, max_length=20000)


class ObjectionDecision(Input):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["upheld", "rejected"]
    answer: str = Field(min_length=1, max_length=20000)


class ObjectionOut(BaseModel):
    id: str
    challenge_id: str
    application_id: str | None
    filer_name: str | None
    filer_org_name: str | None
    grounds: str | None
    status: ObjectionStatus
    answer: str | None
    filed_at: datetime
    decided_at: datetime | None
