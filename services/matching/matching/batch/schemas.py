from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from kit.input import Input
from matching.models.batch import BatchStatus


class BatchCreate(Input):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")
    name: str = Field(min_length=2, max_length=200, examples=["2026年第3批"])
    description: str = Field("", max_length=2000)


class Batch(BaseModel):
    id: str
    code: str
    name: str
    description: str
    status: BatchStatus
    demand_count: int
    created_at: datetime
    published_at: datetime | None


class ImportError_(BaseModel):
    row: int
    field: str
    column: str
    code: str = Field(description="the kind of problem, e.g. required, notInCodeList, badDate")
    message: str = Field(description="in Chinese, naming the column")


class ImportRow(BaseModel):
    row: int
    code: str | None
    title: str | None
    valid: bool


class ImportReport(BaseModel):
    batch_id: str
    dry_run: bool
    valid: bool
    total_rows: int
    valid_rows: int
    invalid_rows: int
    imported: int
    errors: list[ImportError_]
    rows: list[ImportRow]
