from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kit.input import Input
from kit.money import wan
from workflow.agreement.lifecycle import AgreementStatus, Party
from workflow.agreement.milestones import MilestoneStatus
from workflow.application.schemas import Documents
from workflow.challenge.schemas import Indicator

Key = Field(min_length=1, max_length=20, pattern=r"^[a-z0-9_-]+$")


class Milestone(Input):
    key: str = Key
    title: str = Field(min_length=1, max_length=200)
    due_on: date = Field(description="到期日（北京时间）")
    checks: list[str] = Field(default_factory=list, max_length=50, description="本里程碑考核的指标（指标名称）")
    evidence: str = Field(default="", max_length=1000, description="需提交的佐证材料")


class Tranche(Input):
    title: str = Field(min_length=1, max_length=200, description="如：首笔款、中期款、验收款")
    amount: float = Field(gt=0, le=100_000_000, description=wan("拨付金额"))
    milestone: str | None = Field(default=None, description="所依据的里程碑 key；为空表示签订后拨付")
    payer: Literal["owner", "government"] = "owner"


class AgreementContent(Input):
    """What the parties sign: the committed indicators, deliverables, schedule and funding tranches."""

    indicators: list[Indicator] = Field(min_length=1, max_length=50)
    deliverables: list[str] = Field(min_length=1, max_length=50)
    milestones: list[Milestone] = Field(min_length=1, max_length=20)
    tranches: list[Tranche] = Field(min_length=1, max_length=20)
    sign_by: date = Field(description="签订截止日（北京时间）")

    @field_validator("deliverables")
    @classmethod
    def _deliverables(cls, items: list[str]) -> list[str]:
        if any(not item.strip() or len(item) > 500 for item in items):
            raise ValueError("each deliverable is 1 to 500 characters")
        return items

    @model_validator(mode="after")
    def _references(self) -> AgreementContent:
        keys = [m.key for m in self.milestones]
        if len(set(keys)) != len(keys):
            raise ValueError("milestone keys must be distinct")
        metrics = {i.metric for i in self.indicators}
        for m in self.milestones:
            if unknown := [c for c in m.checks if c not in metrics]:
                raise ValueError(f"milestone {m.key} checks indicators the agreement does not commit to: {unknown}")
        for t in self.tranches:
            if t.milestone is not None and t.milestone not in keys:
                raise ValueError(f"tranche {t.title!r} depends on an unknown milestone {t.milestone!r}")
        return self


class Signature(BaseModel):
    party: Party
    org_id: str
    user_name: str
    version: int
    content_sha256: str
    signed_at: datetime
    voided_at: datetime | None


class AgreementOut(BaseModel):
    id: str
    challenge_id: str
    award_id: str
    application_id: str
    owner_org_id: str
    owner_org_name: str
    winner_org_id: str
    winner_org_name: str
    status: AgreementStatus
    version: int
    content: AgreementContent
    content_sha256: str = Field(description="SHA-256 of the canonical JSON of `content`: what a signature covers")
    reward_amount: float | None = Field(description=wan("榜单金额"))
    tranche_total: float = Field(description=wan("各笔拨付合计"))
    signatures: list[Signature]
    allowed_actions: list[str]
    closed_reason: str = Field(description="拒签或逾期未签的原因 (why it was refused or lapsed)")
    updated_at: datetime


class SignBody(Input):
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="the hash of the version the signer read")


class RefuseBody(Input):
    reason: str = Field(min_length=1, max_length=2000)


class DecisionBody(Input):
    """A government reviewer's decision on a refused or lapsed agreement (decision 0105)."""

    action: Literal["offer_next", "close"] = Field(
        description="offer_next：递补给排名下一位的合格申报；close：不递补（无其他中标时榜单流榜）"
    )
    reason: str = Field(min_length=1, max_length=2000)


class MilestoneReport(Input):
    summary: str = Field(min_length=1, max_length=20000, description="进展报告")
    documents: Documents = Field(default_factory=list)


class MilestoneAssessment(Input):
    outcome: Literal["met", "partially_met", "not_met"]
    note: str = Field(default="", max_length=5000, description="评估意见（部分达成、未达成时必填）")


class EvidenceMeta(BaseModel):
    index: int
    name: str
    content_type: str
    size: int
    sha256: str


class MilestoneOut(BaseModel):
    key: str
    title: str
    due_on: date
    status: MilestoneStatus
    overdue: bool
    overdue_at: datetime | None = Field(description="调度器标记逾期并通知双方的时间 (when flagged overdue)")
    reports: int
    summary: str | None
    documents: list[EvidenceMeta]
    reported_at: datetime | None
    assessment_note: str
    assessed_at: datetime | None
    allowed_actions: list[str]


class PaymentOut(BaseModel):
    tranche: int
    title: str
    amount: float = Field(description=wan("拨付金额"))
    payer: Literal["owner", "government"]
    payer_name: str
    payee_name: str
    milestone: str | None
    released_at: datetime


class ProgressOut(BaseModel):
    agreement_id: str
    status: AgreementStatus
    milestones: list[MilestoneOut]
    payments: list[PaymentOut]
    committed: float = Field(description=wan("任务书约定拨付合计"))
    released: float = Field(description=wan("已下达拨付合计"))


# --- acceptance (验收, decision 0106) ---------------------------------------------------------


class AcceptanceSubmission(Input):
    summary: str = Field(min_length=1, max_length=20000, description="结题报告")
    deliverables: list[str] = Field(min_length=1, max_length=50, description="交付成果清单")
    documents: Documents = Field(default_factory=list)


class AcceptanceCoi(Input):
    conflict: str = Field(default="", max_length=2000, description="与揭榜方的利益冲突（无则留空）")


class Verdict(Input):
    metric: str = Field(min_length=1, max_length=200, description="任务书约定的指标")
    achieved: bool
    note: str = Field(default="", max_length=5000)


class AcceptanceScores(Input):
    verdicts: list[Verdict] = Field(min_length=1, max_length=50, description="每项约定指标一条")


class AcceptanceDecision(Input):
    outcome: Literal["passed", "rectification", "failed"]
    reason: str = Field(min_length=1, max_length=5000, description="验收结论（不通过时公开）")
    resubmit_by: date | None = Field(default=None, description="整改后重新提交的截止日（整改时必填，北京时间）")


class AcceptanceReviewOut(BaseModel):
    expert_id: str = Field(description="仅评审专家本人与政府审核人员可见，其他人为空")
    status: Literal["assigned", "completed", "recused"]
    coi_signed: bool
    recusal_reason: str
    verdicts: list[Verdict]


class AcceptanceRoundOut(BaseModel):
    round: int
    summary: str
    deliverables: list[str]
    documents: list[EvidenceMeta]
    submitted_at: datetime
    outcome: Literal["passed", "rectification", "failed"] | None
    decision_reason: str
    resubmit_by: date | None
    decided_at: datetime | None
    reviews: list[AcceptanceReviewOut]


class WithheldOut(BaseModel):
    tranche: int
    title: str
    amount: float = Field(description=wan("暂扣金额"))
    reason: str
    withheld_at: datetime


class AcceptanceOut(BaseModel):
    agreement_id: str
    status: AgreementStatus
    rounds: list[AcceptanceRoundOut]
    rectifications_left: int
    withheld: list[WithheldOut]
    allowed_actions: list[str]


# --- the public record of delivery (decision 0112) ---------------------------------------------


class DeliveryEvent(BaseModel):
    at: datetime
    kind: Literal["signed", "milestone_assessed", "tranche_released", "acceptance_decided"]
    milestone: str | None = Field(description="里程碑 key（评估、验收）")
    milestone_title: str | None
    outcome: Literal["met", "partially_met", "not_met", "passed", "rectification", "failed"] | None
    note: str = Field(description="评估意见或验收结论（公开）")
    resubmit_by: date | None = Field(description="整改后重新提交的截止日（北京时间）")
    title: str = Field(description="拨付名称（如：首笔款）")
    amount: float | None = Field(description=wan("拨付金额"))
    payer_name: str


class DeliveryMilestone(BaseModel):
    key: str
    title: str
    due_on: date = Field(description="到期日（北京时间）；整改后为重新提交截止日")
    status: MilestoneStatus
    acceptance: bool = Field(description="结题验收里程碑")


class WithheldTranche(BaseModel):
    title: str
    amount: float = Field(description=wan("暂扣金额"))


class AgreementDeliveryOut(BaseModel):
    """One signed agreement's public record: what was agreed to be paid, what was, and what happened."""

    agreement_id: str
    winner_org_name: str
    status: AgreementStatus
    signed_at: datetime
    committed: float = Field(description=wan("任务书约定拨付合计"))
    released: float = Field(description=wan("已下达拨付合计"))
    withheld: list[WithheldTranche]
    milestones: list[DeliveryMilestone]
    events: list[DeliveryEvent]


class FundsOut(BaseModel):
    committed: float = Field(description=wan("已签任务书约定拨付合计"))
    released: float = Field(description=wan("已下达拨付合计"))


class DeliveryStats(BaseModel):
    """The delivery funnel over published challenges: counts of awards and of signed agreements by
    where they are, and funds committed and released by 七端 and by district."""

    funnel: dict[Literal["awarded", "signed", "in_progress", "accepted", "failed"], int]
    funds: FundsOut
    funds_by_end: dict[str, FundsOut]
    funds_by_district: dict[str, FundsOut]
