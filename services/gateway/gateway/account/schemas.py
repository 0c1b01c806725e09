from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kit.input import Input

Channel = Literal["email", "mobile"]
Locale = Literal["zh", "en"]


class Contacts(BaseModel):
    """The signed-in user's verified contacts, the address awaiting its code, and the language of
    messages sent outside the app."""

    email: str | None
    email_verified_at: datetime | None
    mobile: str | None
    mobile_verified_at: datetime | None
    pending_email: str | None = None
    pending_mobile: str | None = None
    locale: Locale
    email_digest: bool = Field(default=False, description="每日 8:00 一封摘要邮件，代替逐条邮件（短信照常即时）")


class ContactAddress(Input):
    address: str = Field(min_length=3, max_length=254, description="an e-mail address, or a mainland mobile number")


class CodeSent(BaseModel):
    address: str
    expires_at: datetime


class ContactCodeIn(Input):
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")


class DigestIn(Input):
    enabled: bool


class LocaleIn(Input):
    locale: Locale


class ResetRequest(Input):
    account: str = Field(min_length=1, max_length=254, description="the username or its verified e-mail")


class ResetAccepted(BaseModel):
    detail: str


class ResetConfirm(Input):
    account: str = Field(min_length=1, max_length=254)
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")
    new_password: str = Field(min_length=1, max_length=200)


class ResetLinkConfirm(Input):
    token: str = Field(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$", description="from the link")
    new_password: str = Field(min_length=1, max_length=200)


class Preference(BaseModel):
    kind: str
    label: str
    label_en: str
    channel: Literal["email", "sms"]
    enabled: bool


class PreferenceIn(Input):
    kind: str = Field(min_length=1, max_length=40)
    channel: Literal["email", "sms"]
    enabled: bool


class PreferencesIn(Input):
    items: list[PreferenceIn] = Field(max_length=100)
