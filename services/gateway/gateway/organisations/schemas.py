from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway.creditcode import problem_with
from gateway.models.organisation import OrganisationStatus
from kit.input import Input

District = Literal[
    "上城区",
    "拱墅区",
    "西湖区",
    "滨江区",
    "萧山区",
    "余杭区",
    "临平区",
    "钱塘区",
    "富阳区",
    "临安区",
    "桐庐县",
    "淳安县",
    "建德市",
]


class OrganisationFields(Input):
    name: str = Field(min_length=2, max_length=200)
    credit_code: str = Field(
        pattern=r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$", description="统一社会信用代码 (18 位，含校验位)"
    )
    district: District

    @field_validator("credit_code")
    @classmethod
    def _valid_code(cls, value: str) -> str:
        value = value.strip().upper()
        reason = problem_with(value)
        if reason:
            raise ValueError(reason)
        return value


class RegisterOrganisation(OrganisationFields):
    kind: Literal["enterprise", "vendor"]


class CreateOrganisation(OrganisationFields):
    kind: Literal["enterprise", "vendor", "government", "operator"]


class NewUser(Input):
    username: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=10, max_length=200)
    display_name: str = Field(min_length=1, max_length=100)


class Registration(Input):
    organisation: RegisterOrganisation
    user: NewUser


class Organisation(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    district: str
    credit_code: str
    status: OrganisationStatus


class ReviewedOrganisation(Organisation):
    """An organisation as the operators' verification queue sees it: when it registered and how it was decided.
    Every field is in every answer (`allowed_actions` too, which the screens' buttons follow)."""

    model_config = ConfigDict(from_attributes=True, json_schema_serialization_defaults_required=True)

    created_at: datetime
    verified_at: datetime | None
    rejection_reason: str | None
    rejected_at: datetime | None
    allowed_actions: list[str] = Field(default_factory=list, description="what the administrator may do now")


class PublicOrganisation(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    kind: str
    district: str


class RegistrationResult(BaseModel):
    organisation: Organisation
    user_id: str
    status: OrganisationStatus
