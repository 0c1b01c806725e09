from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from kit.input import Input
from matching.models.interest import InterestStatus


class InterestCreate(Input):
    """A vendor's 对接意向: what it offers and whom the publisher calls (a phone or an e-mail, or both)."""

    proposal: str = Field(min_length=5, max_length=2000)
    contact_name: str = Field(min_length=1, max_length=50)
    contact_phone: str = Field("", max_length=30, pattern=r"^$|^[0-9+\-() ]{7,20}$")
    contact_email: str = Field("", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$", validate_default=True)

    @field_validator("contact_name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a contact name is required")
        return v.strip()

    @field_validator("contact_email")
    @classmethod
    def _reachable(cls, v: str, info: ValidationInfo) -> str:
        if not v and not info.data.get("contact_phone"):
            raise ValueError("give a contact phone or e-mail")
        return v


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
    contact_name: str
    contact_phone: str
    contact_email: str
    status: InterestStatus
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None
