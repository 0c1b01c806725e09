"""Aliyun (Alibaba Cloud) SMS, Dysmsapi `SendSms` (API version 2017-05-25), signed as Aliyun's RPC
APIs document it (signature version 1.0):

    CanonicalizedQueryString = the parameters but `Signature`, sorted by name, each name and value
                               percent-encoded (RFC 3986: only A–Z a–z 0–9 - _ . ~ unencoded,
                               space as %20), joined `name=value` with `&`
    StringToSign = HTTPMethod & percentEncode("/") & percentEncode(CanonicalizedQueryString)
    Signature    = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))

A template must be approved in the Aliyun console under the sign name (`SMS_ALIYUN_SIGN_NAME`);
`SMS_ALIYUN_TEMPLATES` maps the platform's message names to their codes (`verify=SMS_1,award.final=SMS_2`).
The answer's `Code` is `OK` on success; anything else is a failure to retry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import httpx

from kit.sms import SmsFailed, SmsSettings


def percent_encode(value: str) -> str:
    return quote(value, safe="-_.~")


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSms:
    def __init__(self, settings: SmsSettings, transport: httpx.BaseTransport | None = None) -> None:
        if not (settings.aliyun_access_key_id and settings.aliyun_access_key_secret and settings.aliyun_sign_name):
            raise ValueError(
                "SMS_PROVIDER=aliyun needs SMS_ALIYUN_ACCESS_KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET "
                "and SMS_ALIYUN_SIGN_NAME"
            )
        self.settings = settings
        self.templates = settings.template_codes()
        self.client = httpx.Client(timeout=settings.timeout_seconds, transport=transport)

    def supports(self, template: str) -> bool:
        return template in self.templates

    def params(
        self, mobile: str, template: str, values: dict[str, str], *, now: datetime, nonce: str
    ) -> dict[str, str]:
        s = self.settings
        params = {
            "AccessKeyId": s.aliyun_access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": mobile,
            "RegionId": "cn-hangzhou",
            "SignName": s.aliyun_sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": self.templates[template],
            "TemplateParam": json.dumps(values, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = signature(params, s.aliyun_access_key_secret)
        return params

    def send(self, mobile: str, template: str, params: dict[str, str]) -> None:
        if template not in self.templates:
            raise SmsFailed(f"no Aliyun template configured for {template!r} (SMS_ALIYUN_TEMPLATES)")
        body = self.params(mobile, template, params, now=datetime.now(UTC), nonce=str(uuid.uuid4()))
        try:
            response = self.client.post(self.settings.aliyun_endpoint, data=body)
        except httpx.HTTPError as exc:
            raise SmsFailed(f"{type(exc).__name__}: {exc}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or answer.get("Code") != "OK":
            raise SmsFailed(
                f"Aliyun answered {response.status_code} {answer.get('Code', '')}: {answer.get('Message', '')}"
            )
