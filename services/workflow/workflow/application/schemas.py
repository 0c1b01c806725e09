from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kit.input import Input
from kit.money import wan
from kit.types import Moment
from workflow.application.lifecycle import ApplicationStatus
from workflow.custody.envelope import Envelope, Header


class Lead(Input):
    org_name: str = Field(min_length=1, max_length=200)
    credit_code: str = Field(default="", max_length=18)
    district: str = Field(default="", max_length=40)
    contact: str = Field(default="", max_length=200)


class Member(Input):
    """Name a member by its id on the platform or its 统一社会信用代码 where known: one named by name alone is
    flagged for the reviewers."""

    org_id: str | None = Field(default=None, max_length=36)
    credit_code: str = Field(default="", max_length=18)
    org_name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=200)


class Leader(Input):
    name: str = Field(min_length=1, max_length=100)
    title: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)


class Qualification(Input):
    label: str = Field(min_length=1, max_length=100)
    level: str = Field(default="", max_length=40)
    certificate_no: str = Field(default="", max_length=100)
    valid_until: str = Field(default="", max_length=20)


class Commitment(Input):
    metric: str = Field(min_length=1, max_length=200)
    value: str = Field(min_length=1, max_length=200)


class BudgetItem(Input):
    item: str = Field(min_length=1, max_length=200)
    amount: float = Field(ge=0, description=wan("预算科目金额"))


class Budget(Input):
    total: float = Field(ge=0, description=wan("项目总预算"))
    items: list[BudgetItem] = Field(default_factory=list)


class Declarations(Input):
    truthful: Literal[True]
    no_collusion: Literal[True]


# Bounds of what one request may carry, decoded; base64 adds a third, and the whole application (documents and
# all) stays under the gateway's 32 MiB request limit. A document the service's own setting refuses is a 413.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_MAX_COUNT = 5
DOCUMENTS_MAX_BYTES = 20 * 1024 * 1024


def base64_length(size: int) -> int:
    return 4 * -(-size // 3)


class DocumentUpload(Input):
    name: str = Field(min_length=1, max_length=200)
    content_type: str = Field(max_length=120)
    content_base64: str = Field(
        max_length=base64_length(DOCUMENT_MAX_BYTES),
        description=f"base64 of at most {DOCUMENT_MAX_BYTES // 2**20} MiB",
    )


def _documents_total(documents: list[DocumentUpload]) -> list[DocumentUpload]:
    if sum(len(d.content_base64) for d in documents) > base64_length(DOCUMENTS_MAX_BYTES):
        raise ValueError(
            f"附件合计不能超过 {DOCUMENTS_MAX_BYTES // 2**20} MiB。 "
            f"The documents together must not exceed {DOCUMENTS_MAX_BYTES // 2**20} MiB."
        )
    return documents


Documents = Annotated[
    list[DocumentUpload],
    Field(
        max_length=DOCUMENTS_MAX_COUNT,
        description=(
            f"at most {DOCUMENTS_MAX_COUNT} documents, each at most {DOCUMENT_MAX_BYTES // 2**20} MiB and "
            f"{DOCUMENTS_MAX_BYTES // 2**20} MiB together (decoded)"
        ),
    ),
    AfterValidator(_documents_total),
]


class ApplicationContent(Input):
    model_config = ConfigDict(extra="forbid")

    lead: Lead
    consortium: list[Member] = Field(default_factory=list, max_length=20)
    project_leader: Leader
    qualifications: list[Qualification] = Field(default_factory=list, max_length=50)
    commitments: list[Commitment] = Field(default_factory=list, max_length=100)
    plan: str = Field(min_length=1, max_length=50000)
    budget: Budget
    declarations: Declarations
    documents: Documents = Field(default_factory=list)


class Receipt(BaseModel):
    id: str
    receipt_no: str
    sha256: str
    submitted_at: datetime
    status: ApplicationStatus


class DocumentMeta(BaseModel):
    index: int
    name: str
    content_type: str
    size: int
    sha256: str


class SealedApplication(Input):
    """An application sealed on the vendor's side (decision 0100's `shigu-sealed/1` envelope), for a
    challenge under custodian sealing."""

    model_config = ConfigDict(extra="forbid")

    envelope: Envelope


class ApplicationOut(BaseModel):
    id: str
    challenge_id: str
    org_id: str
    org_name: str
    status: ApplicationStatus
    version: int
    receipt_no: str
    sha256: str
    submitted_at: datetime
    confirmed_at: datetime | None
    flags: list[Any]
    qualification_reason: str
    fixup_due_at: datetime | None
    fixup_response: dict[str, Any] | None
    score: float | None
    rank: int | None
    content: dict[str, Any] | None
    documents: list[DocumentMeta]
    envelope: Header | None = Field(
        default=None, description="密封信封的公开信息（开标前） the sealed envelope's public header, before the opening"
    )


class QualificationDecision(Input):
    model_config = ConfigDict(extra="forbid")

    result: Literal["eligible", "ineligible", "fixup"]
    reason: str = Field(default="", max_length=4000)
    due_at: Moment | None = None


class FixupAnswer(Input):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=10000)
    documents: Documents = Field(default_factory=list)
