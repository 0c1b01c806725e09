from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from kit.input import Input
from kit.money import wan
from matching.models.challenge import ChallengeStatus
from matching.models.demand import DemandStatus
from matching.vocabulary import (
    COOPERATION_MODES,
    DEMAND_TYPES,
    DISTRICTS,
    PUBLISHER_KINDS,
    QUALIFICATION_LABELS,
    SCENARIO_DOMAINS,
    TAXONOMY_TERMS,
    distinct_known,
)


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    value = value.strip()
    if value not in allowed:
        raise ValueError(f"{what} must be one of {'、'.join(allowed)}")
    return value


class DemandCreate(Input):
    """The fields a city opportunity list carries for one scenario demand."""

    code: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")
    title: str = Field(min_length=2, max_length=200)
    demand_type: str
    scenario_domain: str
    layer_tags: list[str] = Field(default_factory=list, max_length=20)
    end_tags: list[str] = Field(default_factory=list, max_length=20)
    publisher_name: str | None = Field(None, max_length=200)
    publisher_kind: str = "民营企业"
    district: str
    background: str = Field("", max_length=4000)
    pain_points: str = Field("", max_length=4000)
    required_capabilities: str = Field("", max_length=4000)
    technical_indicators: str = Field("", max_length=4000)
    data_offered: str = Field("", max_length=2000)
    sites_offered: str = Field("", max_length=2000)
    required_qualifications: list[str] = Field(default_factory=list, max_length=10)
    budget_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2, description=wan("预算下限"))
    budget_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2, description=wan("预算上限"))
    cooperation_mode: str = "联合研发"
    timeline: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30, pattern=r"^$|^[0-9+\-() ]{7,20}$")
    valid_until: date | None = None
    batch_id: str | None = None

    @field_validator("demand_type")
    @classmethod
    def _type(cls, v: str) -> str:
        return _one_of(v, DEMAND_TYPES, "需求类型")

    @field_validator("scenario_domain")
    @classmethod
    def _domain(cls, v: str) -> str:
        return _one_of(v, SCENARIO_DOMAINS, "应用场景")

    @field_validator("publisher_kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        return _one_of(v, PUBLISHER_KINDS, "单位类型")

    @field_validator("district")
    @classmethod
    def _district(cls, v: str) -> str:
        return _one_of(v, DISTRICTS, "所在区县")

    @field_validator("cooperation_mode")
    @classmethod
    def _mode(cls, v: str) -> str:
        return _one_of(v, COOPERATION_MODES, "合作方式")

    @field_validator("layer_tags", "end_tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        return distinct_known(v, TAXONOMY_TERMS, "not in the 三层七端多元 taxonomy", sep="、")

    @field_validator("required_qualifications")
    @classmethod
    def _quals(cls, v: list[str]) -> list[str]:
        unknown = [t for t in v if t not in QUALIFICATION_LABELS]
        if unknown:
            raise ValueError(f"unknown qualification: {'、'.join(unknown)}")
        return v

    @model_validator(mode="after")
    def _budget(self) -> DemandCreate:
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            raise ValueError("budget_min is above budget_max")
        return self


class Demand(BaseModel):
    id: str
    code: str
    batch_id: str | None
    title: str
    demand_type: str
    scenario_domain: str
    layer_tags: list[str]
    end_tags: list[str]
    publisher_org_id: str | None
    publisher_name: str
    publisher_kind: str
    district: str
    background: str
    pain_points: str
    required_capabilities: str
    technical_indicators: str
    data_offered: str
    sites_offered: str
    required_qualifications: list[str]
    budget_min: float | None = Field(description=wan("预算下限"))
    budget_max: float | None = Field(description=wan("预算上限"))
    cooperation_mode: str
    timeline: str
    contact_name: str
    contact_phone: str
    contact_masked: bool
    valid_until: date | None
    status: DemandStatus
    # Published with its 有效期 passed: still readable, no longer offered in search.
    expired: bool
    review_note: str
    interest_count: int
    allowed_actions: list[str] = Field(default_factory=list, description="what the caller may do now")
    created_at: datetime
    published_at: datetime | None


class Review(Input):
    """A reviewer's decision on a pending demand: publish it, or return it to its owner with the reason."""

    model_config = ConfigDict(extra="forbid")

    approve: bool
    note: str = Field("", max_length=500, validate_default=True)

    @field_validator("note")
    @classmethod
    def _reason_when_returned(cls, v: str, info: ValidationInfo) -> str:
        v = v.strip()
        if info.data.get("approve") is False and not v:
            raise ValueError("returning a demand needs a reason")
        return v


class DemandReview(BaseModel):
    """One decision in a demand's review history."""

    id: str
    decision: Literal["approved", "returned"]
    reason: str
    actor_name: str
    created_at: datetime


class SimilarCheck(Input):
    title: str = Field(min_length=2, max_length=200)
    text: str = Field("", max_length=4000)


class SimilarItem(BaseModel):
    id: str
    kind: str
    title: str
    similarity: float
    status: DemandStatus | ChallengeStatus | None
