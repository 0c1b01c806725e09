from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field

from kit.money import wan
from matching.models.challenge import ChallengeStatus
from matching.models.demand import DemandStatus

# What a hit's `status` says: a provider's verification, a product's, a demand's (expired once its
# 有效期 passed) or a challenge's state.
OwnStatus = Literal["verified", "unverified", "active", "expired"]
HitStatus = OwnStatus | DemandStatus | ChallengeStatus
HIT_STATUSES = tuple(dict.fromkeys([*get_args(OwnStatus), *DemandStatus, *ChallengeStatus]))


class SearchHit(BaseModel):
    id: str
    kind: str
    title: str
    highlight: dict[str, str]
    summary: str
    org_name: str
    district: list[str]
    end_tags: list[str]
    layer_tags: list[str]
    capability_tags: list[str]
    status: HitStatus | None
    verified: bool | None
    qualification_labels: list[str]
    recognition_schemes: list[str]
    budget_min: float | None = Field(description=wan("预算下限（榜单无此项）"))
    budget_max: float | None = Field(description=wan("预算上限（榜单为榜单金额）"))
    deadline: datetime | None
    published_at: datetime | None
    score: float | None


class SearchPage(BaseModel):
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    total: int
    page: int
    hits_per_page: int


class SearchSuggestion(BaseModel):
    text: str
    field: Literal["title", "org", "tag"]
    # For a title: the item it opens (its kind and id); null for organisations and tags.
    id: str | None
    kind: str | None


class SuggestionList(BaseModel):
    suggestions: list[SearchSuggestion]


class ReindexResult(BaseModel):
    indexed: int = Field(description="写入索引的文档数")
    by_kind: dict[str, int] = Field(description="按类型（provider/product/demand/challenge）的文档数")
    seconds: float
