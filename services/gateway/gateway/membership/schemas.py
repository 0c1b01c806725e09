from datetime import datetime

from pydantic import BaseModel, Field

from gateway.models.user import UserStatus
from gateway.organisations.schemas import NewUser
from kit.input import Input


class Invitation(BaseModel):
    """`token` is shown once, to the administrator who invites; only its hash is kept."""

    id: str
    organisation_id: str
    role: str
    expires_at: datetime
    token: str


class Acceptance(Input):
    token: str = Field(min_length=20, max_length=200)
    user: NewUser


class Member(BaseModel):
    user_id: str
    organisation_id: str
    roles: list[str]


class OrganisationMember(BaseModel):
    user_id: str
    username: str
    display_name: str
    status: UserStatus
    role: str
    org_admin: bool
    joined_at: datetime
