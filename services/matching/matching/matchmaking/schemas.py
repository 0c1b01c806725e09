from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from matching.models.challenge import ChallengeStatus
from matching.models.demand import DemandStatus


class Target(BaseModel):
    id: str
    kind: str
    title: str


class ProviderMatch(BaseModel):
    id: str
    name: str
    district: str
    verified: bool
    score: float
    reasons: list[str]


class ProductMatch(BaseModel):
    id: str
    name: str
    category: str
    owner_org_id: str
    owner_name: str
    score: float
    reasons: list[str]


class Matches(BaseModel):
    target: Target
    providers: list[ProviderMatch]
    products: list[ProductMatch]
    excluded: int


class Recommendation(BaseModel):
    id: str
    kind: str
    title: str
    status: DemandStatus | ChallengeStatus
    deadline: datetime | None
    score: float
    reasons: list[str]


class Recommendations(BaseModel):
    provider_id: str
    items: list[Recommendation]
    excluded: int
