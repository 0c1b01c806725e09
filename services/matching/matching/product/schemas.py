from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kit.input import Input
from matching.dates import add_years
from matching.vocabulary import (
    PRODUCT_CATEGORIES,
    RECOGNITION_SCHEMES,
    TAXONOMY_TERMS,
    distinct_known,
    normalise_scheme,
)

RECOGNITION_YEARS = 3


class RecognitionIn(Input):
    scheme: str
    level: Literal["national", "provincial", "city"]
    edition_year: int = Field(ge=2000, le=2100)
    certificate_no: str = Field("", max_length=60)
    recognised_on: date
    valid_until: date | None = None

    @field_validator("scheme")
    @classmethod
    def _scheme(cls, value: str) -> str:
        value = normalise_scheme(value)
        if value not in RECOGNITION_SCHEMES:
            raise ValueError(f"scheme must be one of {', '.join(RECOGNITION_SCHEMES)}")
        return value

    @model_validator(mode="after")
    def _default_validity(self) -> RecognitionIn:
        if self.valid_until is None:
            self.valid_until = add_years(self.recognised_on, RECOGNITION_YEARS)
        if self.valid_until < self.recognised_on:
            raise ValueError("valid_until is before recognised_on")
        return self


class Recognition(BaseModel):
    scheme: str
    level: str
    edition_year: int
    certificate_no: str
    recognised_on: date
    valid_until: date
    active: bool


class Indicator(Input):
    name: str = Field(max_length=100)
    value: str = Field(max_length=200)


class Case(Input):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=2000)


def _category(value: str) -> str:
    value = normalise_scheme(value)
    if value not in PRODUCT_CATEGORIES:
        raise ValueError(f"category must be one of {', '.join(PRODUCT_CATEGORIES)}")
    return value


def _tags(value: list[str]) -> list[str]:
    return distinct_known(value, TAXONOMY_TERMS, "not in the 三层七端多元 taxonomy")


class ProductCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    category: str = "普通产品"
    summary: str = Field("", max_length=4000)
    layer_tags: list[str] = Field(default_factory=list)
    end_tags: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list, max_length=50)
    cases: list[Case] = Field(default_factory=list, max_length=50)
    recognitions: list[RecognitionIn] = Field(default_factory=list, max_length=20)

    @field_validator("category")
    @classmethod
    def _cat(cls, value: str) -> str:
        return _category(value)

    @field_validator("layer_tags", "end_tags")
    @classmethod
    def _tg(cls, value: list[str]) -> list[str]:
        return _tags(value)


class ProductUpdate(Input):
    name: str | None = Field(None, min_length=1, max_length=200)
    category: str | None = None
    summary: str | None = Field(None, max_length=4000)
    layer_tags: list[str] | None = None
    end_tags: list[str] | None = None
    indicators: list[Indicator] | None = None
    cases: list[Case] | None = None
    recognitions: list[RecognitionIn] | None = None

    @field_validator("category")
    @classmethod
    def _cat(cls, value: str | None) -> str | None:
        return None if value is None else _category(value)

    @field_validator("layer_tags", "end_tags")
    @classmethod
    def _tg(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _tags(value)


class Product(BaseModel):
    id: str
    owner_org_id: str
    owner_name: str
    name: str
    category: str
    summary: str
    layer_tags: list[str]
    end_tags: list[str]
    indicators: list[Indicator]
    cases: list[Case]
    recognitions: list[Recognition]
    owner_verified: bool
    version: int
    created_at: datetime
    updated_at: datetime
