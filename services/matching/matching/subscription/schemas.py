from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from kit.input import Input
from matching.search.params import FACET_PARAMS, RANGE_PARAMS

MAX_VALUES = 50


class SubscriptionCreate(Input):
    name: str = Field(min_length=1, max_length=100)
    q: str = Field("", max_length=200)
    kind: str | None = Field(None, pattern="^(provider|product|demand|challenge)$")
    filters: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("filters")
    @classmethod
    def _known(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - set(FACET_PARAMS) - set(RANGE_PARAMS)
        if unknown:
            raise ValueError(f"unknown filters: {', '.join(sorted(unknown))}")
        if any(len(values) > MAX_VALUES or any(len(v) > 200 for v in values) for values in value.values()):
            raise ValueError(f"at most {MAX_VALUES} values of at most 200 characters per filter")
        return value


class Subscription(BaseModel):
    id: str
    name: str
    q: str
    kind: str | None
    filters: dict[str, list[str]]
    created_at: datetime


class Notification(BaseModel):
    id: str
    # None for a step taken on the organisation's own item (`kind` says which, `body` the reason given).
    subscription_id: str | None
    kind: str
    body: str
    item_kind: str
    item_id: str
    title: str
    created_at: datetime
    read_at: datetime | None
