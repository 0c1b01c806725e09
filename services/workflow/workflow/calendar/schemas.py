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


class WorkdayPreview(BaseModel):
    start: datetime
    working_days: int
    ends_at: datetime
