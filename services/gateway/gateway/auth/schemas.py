from pydantic import BaseModel, ConfigDict, Field

from kit.input import Input


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class RefreshRequest(Input):
    refresh_token: str = Field(min_length=10, max_length=200)


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    username: str
    display_name: str
    status: str


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    district: str
    credit_code: str
    status: str


class Me(BaseModel):
    user: UserOut
    roles: list[str]
    organisation: OrganisationOut | None
