from pydantic import BaseModel, ConfigDict, Field

from gateway.models.organisation import OrganisationStatus
from gateway.models.user import UserStatus
from kit.input import Input


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str | None = Field(
        default=None,
        description="absent when the client asked for the cookie (X-Token-Transport: cookie; decision 0091)",
    )
    token_type: str
    expires_in: int
    # The tokens reach only TOTP enrolment until a factor is confirmed (GATEWAY_REQUIRE_TOTP_FOR).
    totp_enrolment_required: bool = False


class RefreshRequest(Input):
    refresh_token: str = Field(min_length=10, max_length=200)


class PasswordChange(Input):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=1, max_length=200)


class TotpEnrolment(BaseModel):
    """A new, not yet active secret: for an authenticator app by `otpauth_uri`, or typed in."""

    secret: str
    otpauth_uri: str


class TotpCode(Input):
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class TotpDisable(Input):
    password: str = Field(min_length=1, max_length=200)
    code: str = Field(min_length=6, max_length=11, description="a current code or an unused recovery code")


class RecoveryCodes(BaseModel):
    """Shown once: each signs in once instead of a code, when the authenticator is lost."""

    recovery_codes: list[str]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    username: str
    display_name: str
    status: UserStatus
    totp_enabled: bool = False


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    district: str
    credit_code: str
    status: OrganisationStatus


class Me(BaseModel):
    user: UserOut
    roles: list[str]
    organisation: OrganisationOut | None
    totp_enrolment_required: bool = False
