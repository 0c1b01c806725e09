from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kit.input import Input

# A year without a row is "unconfirmed"; a stored one is in its lifecycle (calendar/lifecycle.py).
YearStatus = Literal["unconfirmed", "draft", "confirmed"]
DayKind = Literal["holiday", "makeup_workday", "workday"]


class OverrideIn(Input):
    model_config = ConfigDict(extra="forbid")

    is_workday: bool
    note: str = Field(min_length=1, max_length=200, description="依据，如国务院办公厅通知文号")


class Override(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    is_workday: bool
    note: str
    updated_by: str
    updated_at: datetime


class WorkdayPreview(BaseModel):
    start: datetime
    working_days: int
    ends_at: datetime
    provisional: bool = Field(description="结束时间为估算：所涉年度节假日安排尚未确认 (an estimate)")
    unconfirmed_years: list[int] = Field(description="计算所涉及、尚未确认安排的年度")


class YearSource(Input):
    """The State Council notice a year's arrangement comes from."""

    model_config = ConfigDict(extra="forbid")

    source_title: str = Field(
        min_length=1, max_length=200, description="通知标题，如《国务院办公厅关于2027年部分节假日安排的通知》"
    )
    source_date: date = Field(description="通知发布日期")


class YearImport(YearSource):
    """A year's holidays and 调休 make-up working days as a file's text.

    CSV: a header `date,kind,name` (or `日期,类型,名称`), then one row per day; JSON: a list of objects
    with those keys. `kind` is `holiday` (or 休) or `workday` (or 班, a make-up working day)."""

    format: Literal["csv", "json"]
    content: str = Field(min_length=1, max_length=100_000)


class ImportRowError(BaseModel):
    row: int = Field(description="CSV 行号（表头为第 1 行）或 JSON 数组序号（从 1 起）")
    field: str
    message: str


class YearDay(BaseModel):
    day: date
    is_workday: bool
    kind: DayKind
    note: str


class Year(BaseModel):
    year: int
    status: YearStatus
    source_title: str
    source_date: date | None
    updated_by: str | None
    updated_at: datetime | None
    confirmed_by: str | None
    confirmed_at: datetime | None
    library_known: bool = Field(description="随平台发布的节假日库是否含该年度数据（仅作草稿，不作确认）")
    days: list[YearDay]


class YearSummary(BaseModel):
    year: int
    status: YearStatus
    source_title: str
    days: int


class Confirmation(BaseModel):
    year: Year
    recomputed: list[str] = Field(description="公示截止时间因此重新计算的挑战")
