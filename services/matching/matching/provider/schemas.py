from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from kit.input import Input
from matching.vocabulary import CAPABILITY_TAGS, DISTRICTS, QUALIFICATION_LABELS, SCENARIO_DOMAINS, distinct_known


def normalise_label(value: str) -> str:
    return value.replace("“", "").replace("”", "").replace('"', "").replace(" ", "").strip()


class QualificationIn(Input):
    label: str
    level: Literal["national", "provincial", "city"]
    certificate_no: str = Field("", max_length=60)
    valid_from: date | None = None
    valid_until: date | None = None

    @field_validator("label")
    @classmethod
    def _label(cls, value: str) -> str:
        value = normalise_label(value)
        if value not in QUALIFICATION_LABELS:
            raise ValueError(f"unknown qualification label; one of {', '.join(QUALIFICATION_LABELS)}")
        return value


class Qualification(BaseModel):
    label: str
    level: str
    certificate_no: str
    valid_from: date | None
    valid_until: date | None
    active: bool


class Case(Input):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=2000)
    year: int | None = None


class ProviderUpdate(Input):
    name: str | None = Field(None, max_length=200)
    org_type: Literal["企业", "高校", "科研院所", "其他"] = "企业"
    district: str
    summary: str = Field("", max_length=4000)
    capability_tags: list[str] = Field(default_factory=list, max_length=30)
    scenario_domains: list[str] = Field(default_factory=list, max_length=9)
    cases: list[Case] = Field(default_factory=list, max_length=50)
    certifications: list[str] = Field(default_factory=list, max_length=50)
    website: str = Field("", max_length=200)
    qualifications: list[QualificationIn] = Field(default_factory=list, max_length=30)

    @field_validator("district")
    @classmethod
    def _district(cls, value: str) -> str:
        if value not in DISTRICTS:
            raise ValueError(f"not a Hangzhou district: {value}")
        return value

    @field_validator("capability_tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return distinct_known(value, CAPABILITY_TAGS, "not in the 三层七端多元 taxonomy")

    @field_validator("scenario_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return distinct_known(value, SCENARIO_DOMAINS, "unknown scenario domain")


class ProductBrief(BaseModel):
    id: str
    name: str
    category: str
    recognition_schemes: list[str]


class Provider(BaseModel):
    id: str
    name: str
    org_type: str
    district: str
    summary: str
    capability_tags: list[str]
    scenario_domains: list[str]
    cases: list[Case]
    certifications: list[str]
    website: str
    verified: bool
    verified_at: datetime | None
    qualifications: list[Qualification]
    active_labels: list[str]
    products: list[ProductBrief]
    version: int
    updated_at: datetime


class ProviderSummary(BaseModel):
    id: str
    name: str
    org_type: str
    district: str
    summary: str
    capability_tags: list[str]
    scenario_domains: list[str]
    verified: bool
    active_labels: list[str]
    updated_at: datetime


class ProviderPage(BaseModel):
    items: list[ProviderSummary]
    total: int


class InternalQualification(BaseModel):
    label: str
    level: str
    valid_until: date | None
    active: bool


class InternalProvider(BaseModel):
    org_id: str
    name: str
    district: str
    qualifications: list[InternalQualification]
    capability_tags: list[str]
