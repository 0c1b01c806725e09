"""SMS through a provider port: `SmsSender.send(mobile, template, params)`.

`template` is the platform's name of a message (`verify`, `deadline.reminder`, …); an adapter maps it to
the provider's approved template (China's SMS providers only send pre-approved templates under a
registered sign name). `SMS_PROVIDER`: `log` (the default: nothing is sent, the message is logged; its
parameters, which may hold a code, only in dev and sandbox) or `aliyun` (kit.sms_aliyun).
"""

from __future__ import annotations

import logging
from typing import Literal, Protocol

from pydantic_settings import SettingsConfigDict

from kit.settings import SecretFileSettings

log = logging.getLogger("kit.sms")


class SmsSettings(SecretFileSettings):
    model_config = SettingsConfigDict(env_prefix="SMS_", extra="ignore")

    provider: Literal["log", "aliyun"] = "log"
    # Aliyun Dysmsapi: endpoint, AccessKey, sign name and template codes (`name=SMS_123,…`).
    aliyun_endpoint: str = "https://dysmsapi.aliyuncs.com/"
    aliyun_access_key_id: str = ""
    aliyun_access_key_secret: str = ""
    aliyun_sign_name: str = ""
    aliyun_templates: str = ""
    timeout_seconds: float = 10.0

    def template_codes(self) -> dict[str, str]:
        pairs = (item.split("=", 1) for item in self.aliyun_templates.split(",") if "=" in item)
        return {name.strip(): code.strip() for name, code in pairs}

    @property
    def enabled(self) -> bool:
        return self.provider != "log"


class SmsFailed(Exception):
    """The provider did not accept the message; retry later."""


class SmsSender(Protocol):
    def supports(self, template: str) -> bool: ...

    def send(self, mobile: str, template: str, params: dict[str, str]) -> None: ...


class LogSms:
    def __init__(self, reveal: bool) -> None:
        self.reveal = reveal

    def supports(self, template: str) -> bool:
        return True

    def send(self, mobile: str, template: str, params: dict[str, str]) -> None:
        extra: dict[str, object] = {"mobile": mobile, "template": template}
        if self.reveal:
            extra["params"] = params
        log.warning("SMS not sent (SMS_PROVIDER=log)", extra=extra)


def sms_sender(settings: SmsSettings, *, relaxed: bool) -> SmsSender:
    if settings.provider == "aliyun":
        from kit.sms_aliyun import AliyunSms

        return AliyunSms(settings)
    return LogSms(reveal=relaxed)
