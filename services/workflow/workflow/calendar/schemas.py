from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from kit.input import Input


class OverrideIn(Input):
    is_workday: bool
    note: str = Field(min_length=1, max_length=200, description="依据，如国务院办公厅通知文号")


class Override(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    is_workday: bool
    note: str
    updated_by: str
    updated_at: datetime


class CalendarYears(BaseModel):
    published: list[int] = Field(description="国务院办公厅节假日通知已收录的年份")
    overridden: list[int] = Field(description="有管理员调整记录的年份")
    coming_year: int
    coming_year_covered: bool = Field(description="下一年是否已有节假日数据（收录或调整）")


class WorkdayPreview(BaseModel):
    start: datetime
    working_days: int
    ends_at: datetime
