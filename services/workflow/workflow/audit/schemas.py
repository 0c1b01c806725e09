from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AuditEntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    at: datetime
    actor: str
    action: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


class AuditVerification(BaseModel):
    challenge_id: str
    valid: bool
    entries: int = Field(description="校验的记录条数")
    first_invalid_seq: int | None = Field(description="第一条校验不通过的记录序号；链完整时为空")
