from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.models.user import UserStatus
from gateway.organisations.schemas import NewUser
from kit.input import Input

Role = Literal["enterprise", "vendor", "expert", "gov_reviewer", "supervisor", "admin"]


class CreateUser(NewUser):
    organisation_id: str
    roles: list[Role] = Field(min_length=1)


class AdminUser(BaseModel):
    """A user as the administrators' table sees it; every field is in every answer (`allowed_actions`
    too, which the table's buttons follow)."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str
    username: str
    display_name: str
    status: UserStatus
    roles: list[str]
    organisation_id: str | None
    organisation_name: str | None
    totp_enabled: bool = Field(default=False, description="动态口令已启用 a TOTP factor is active")
    allowed_actions: list[str] = Field(default_factory=list, description="what the administrator may do now")


class StatusChange(Input):
    reason: str = Field(default="", max_length=500)


class PasswordReset(BaseModel):
    user_id: str
    temporary_password: str
    expires_at: datetime


class Rejection(Input):
    reason: str = Field(min_length=2, max_length=500, description="退回理由，登录时告知注册人")


class ResetLinkRequest(Input):
    reason: str = Field(
        min_length=2, max_length=500, description="为何重置、如何核实了身份 why, and how identity was checked"
    )


class ResetLinkIssued(BaseModel):
    user_id: str
    link: str = Field(description="shown once: the one-time link to pass to the user")
    expires_at: datetime
    emailed_to: str | None = Field(description="the verified e-mail the link was sent to; null when not sent")
