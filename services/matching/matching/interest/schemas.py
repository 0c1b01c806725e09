from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from kit.input import Input


class InterestCreate(Input):
    proposal: str = Field(min_length=5, max_length=2000)
    contact: str = Field("", max_length=100)


class Decision(Input):
    decision: Literal["deal", "declined"]
    reason: str = Field("", max_length=500)

    @model_validator(mode="after")
    def _reason(self) -> Decision:
        if self.decision == "declined" and not self.reason.strip():
            raise ValueError("a decline needs a reason")
        return self


class Interest(BaseModel):
    id: str
    demand_id: str
    demand_title: str
    vendor_org_id: str
    vendor_name: str
    proposal: str
    contact: str
    status: str
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None
