from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kit.input import Input
from kit.money import wan
from kit.types import Moment

Mode = Literal["jiebang", "horse_race"]
# Decision 0107: `service` seals under the service's key as before; `custodians` has the vendor seal to the
# named custodians' opening keys, any `custodian_threshold` of whom open after the deadline.
Sealing = Literal["service", "custodians"]
CustodianId = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_.:-]+$")]
MAX_CUSTODIANS = 15  # envelope.MAX_CUSTODIANS
# The states of `lifecycle.STATES`, in their order (a test keeps the two equal): typed on the wire, so the
# generated clients know every status and nothing else.
ChallengeStatus = Literal[
    "draft",
    "pending_approval",
    "open",
    "opening",
    "qualification",
    "expert_review",
    "award_approval",
    "publicity",
    "awarded",
    "cancelled",
    "unsuccessful",
]


class Indicator(Input):
    metric: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=40)
    verification: str = Field(default="", max_length=500)


class Criterion(Input):
    id: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    weight: float = Field(gt=0, le=100)
    min_score: float = 0
    max_score: float = Field(default=100, gt=0)


class Eligibility(Input):
    required_qualifications: list[str] = Field(default_factory=list)
    allowed_districts: list[str] = Field(default_factory=list)
    consortium_allowed: bool = False
    consortium_max_members: int = Field(default=1, ge=1, le=20)
    applications_per_org: int = Field(default=1, ge=1, le=10)


class DocumentRef(Input):
    name: str = Field(max_length=200)
    url: str = Field(default="", max_length=1000)
    public: bool = True


class ChallengeFields(Input):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=2, max_length=200)
    summary: str | None = Field(default=None, max_length=2000)
    description: str | None = Field(default=None, max_length=50000)
    indicators: list[Indicator] | None = None
    deliverables: list[str] | None = None
    # The column is NUMERIC(16, 2); a reward of 一万亿元 (10^8 万元) is already beyond any real 榜单.
    reward_amount: float | None = Field(
        default=None, ge=0, le=100_000_000, allow_inf_nan=False, description=wan("榜单金额")
    )
    funding_source: str | None = Field(default=None, max_length=200)
    eligibility: Eligibility | None = None
    layer_tags: list[str] | None = None
    end_tags: list[str] | None = None
    scenario_domain: str | None = Field(default=None, max_length=40)
    criteria: list[Criterion] | None = None
    documents: list[DocumentRef] | None = None
    mode: Mode | None = None
    max_winners: int | None = Field(default=None, ge=1, le=3)
    min_applications: int | None = Field(default=None, ge=1, le=100)
    publicity_working_days: int | None = Field(default=None, ge=3, le=30)
    fixup_days: int | None = Field(default=None, ge=1, le=30)
    comment_required_below: int | None = Field(default=None, ge=0, le=100)
    application_deadline: Moment | None = None
    publish_at: Moment | None = None
    sealing: Sealing | None = Field(default=None, description="申报材料的密封方式 how applications are sealed")
    custodians: list[CustodianId] | None = Field(
        default=None,
        max_length=MAX_CUSTODIANS,
        description="开标保管人（用户 id，默认 3 人） the opening custodians' user ids (default 3)",
    )
    custodian_threshold: int | None = Field(
        default=None, ge=2, le=MAX_CUSTODIANS, description="开标所需保管人数 k custodians needed to open"
    )

    @field_validator("application_deadline", "publish_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("give a timezone (e.g. +08:00 or Z)")
        return value


class ChallengeCreate(ChallengeFields):
    title: str = Field(min_length=2, max_length=200)


class ChallengeUpdate(ChallengeFields):
    reason: str | None = Field(default=None, max_length=2000)


class ActionRequest(Input):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=4000)
    reason_code: str | None = Field(default=None, max_length=60)
    application_ids: list[str] | None = None


class Transition(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    action: str
    from_status: ChallengeStatus
    to_status: ChallengeStatus
    actor: str
    reason: str
    at: datetime


class Challenge(BaseModel):
    """A challenge as read: the same indicators, eligibility, criteria and documents a client sends."""

    id: str
    status: ChallengeStatus
    version: int
    allowed_actions: list[str]
    owner_org_id: str
    owner_org_name: str
    title: str
    summary: str
    description: str
    indicators: list[Indicator]
    deliverables: list[str]
    reward_amount: float | None = Field(description=wan("榜单金额"))
    funding_source: str
    eligibility: Eligibility
    layer_tags: list[str]
    end_tags: list[str]
    scenario_domain: str
    criteria: list[Criterion]
    documents: list[DocumentRef]
    mode: Mode
    max_winners: int
    min_applications: int
    publicity_working_days: int
    fixup_days: int
    comment_required_below: int
    application_deadline: datetime | None
    publish_at: datetime | None
    sealing: Sealing
    custodians: list[str]
    custodian_threshold: int
    published_at: datetime | None
    opened_at: datetime | None
    publicity_ends_at: datetime | None
    publicity_ends_provisional: bool = Field(
        default=False, description="公示截止时间为估算：所涉年度的节假日安排尚未确认 (the end is an estimate)"
    )
    awarded_at: datetime | None
    cancel_request: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class ChallengeSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: ChallengeStatus
    version: int
    title: str
    summary: str
    owner_org_name: str
    mode: Mode
    reward_amount: float | None = Field(description=wan("榜单金额"))
    end_tags: list[str]
    scenario_domain: str
    application_deadline: datetime | None
    published_at: datetime | None


class ChallengePage(BaseModel):
    items: list[ChallengeSummary]
    total: int


class AmendmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    version: int
    reason: str
    diff: dict[str, Any]
    author: str
    at: datetime
