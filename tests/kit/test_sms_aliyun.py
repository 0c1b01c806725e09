"""The Aliyun SMS adapter at its HTTP boundary: a local server recomputes the RPC signature as
Aliyun documents it (signature version 1.0) and refuses a request whose signature does not match."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kit.sms import SmsFailed, SmsSettings, sms_sender
from kit.sms_aliyun import AliyunSms
from tests.support.upstream import serve

SECRET = "testsecret/+=&"


def documented_signature(form: dict[str, str], secret: str, method: str) -> str:
    """Written from Aliyun's description, apart from the adapter: urlencode's quoting, then `+` → %20,
    `*` → %2A, %7E → ~."""

    def enc(value: str) -> str:
        return (
            urllib.parse.quote_plus(value, encoding="utf-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")
        )

    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(form.items()) if k != "Signature")
    string_to_sign = method + "&" + enc("/") + "&" + enc(canonical)
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


class Provider:
    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.nonces: set[str] = set()

    async def endpoint(self, request: Request) -> JSONResponse:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.received.append(form)
        if form.get("Signature") != documented_signature(form, SECRET, request.method):
            return JSONResponse({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"}, 400)
        if form["SignatureNonce"] in self.nonces:
            return JSONResponse({"Code": "SignatureNonceUsed", "Message": "nonce used"}, 400)
        self.nonces.add(form["SignatureNonce"])
        return JSONResponse({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5"})


@pytest.fixture
def provider() -> Iterator[tuple[Provider, str]]:
    p = Provider()
    with serve(Starlette(routes=[Route("/", p.endpoint, methods=["POST"])])) as url:
        yield p, url + "/"


def settings(url: str, **extra: Any) -> SmsSettings:
    values: dict[str, Any] = {
        "provider": "aliyun",
        "aliyun_endpoint": url,
        "aliyun_access_key_id": "LTAI-test",
        "aliyun_access_key_secret": SECRET,
        "aliyun_sign_name": "视谷机会平台",
        "aliyun_templates": "verify=SMS_100001, award.final=SMS_100002",
    }
    values.update(extra)
    return SmsSettings(**values)


def test_send_sms_is_signed_as_documented(provider: tuple[Provider, str]) -> None:
    p, url = provider
    sender = sms_sender(settings(url), relaxed=False)
    assert isinstance(sender, AliyunSms)
    sender.send("13800001234", "verify", {"code": "042917"})
    sender.send("13800001234", "award.final", {"title": "揭榜结果已公布：视觉检测 & 分拣"})
    first, second = p.received
    assert first["Action"] == "SendSms"
    assert first["Version"] == "2017-05-25"
    assert first["SignName"] == "视谷机会平台"
    assert (first["TemplateCode"], json.loads(first["TemplateParam"])) == ("SMS_100001", {"code": "042917"})
    assert second["TemplateCode"] == "SMS_100002"
    assert json.loads(second["TemplateParam"]) == {"title": "揭榜结果已公布：视觉检测 & 分拣"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", first["Timestamp"])
    assert first["SignatureNonce"] != second["SignatureNonce"]
    assert len(p.nonces) == 2


def test_a_wrong_secret_is_refused_by_the_provider(provider: tuple[Provider, str]) -> None:
    p, url = provider
    sender = sms_sender(settings(url, aliyun_access_key_secret="not-the-secret"), relaxed=False)
    with pytest.raises(SmsFailed, match="SignatureDoesNotMatch"):
        sender.send("13800001234", "verify", {"code": "042917"})
    assert len(p.received) == 1
    assert p.nonces == set()


def test_only_configured_templates_are_sent(provider: tuple[Provider, str]) -> None:
    p, url = provider
    sender = sms_sender(settings(url), relaxed=False)
    assert sender.supports("award.final")
    assert not sender.supports("question.asked")
    with pytest.raises(SmsFailed, match="no Aliyun template"):
        sender.send("13800001234", "question.asked", {"title": "x"})
    assert p.received == []


def test_an_unreachable_provider_is_a_failure_to_retry() -> None:
    sender = sms_sender(settings("http://127.0.0.1:9/", timeout_seconds=2), relaxed=False)
    with pytest.raises(SmsFailed):
        sender.send("13800001234", "verify", {"code": "1"})


def test_aliyun_needs_its_keys() -> None:
    with pytest.raises(ValueError, match="SMS_ALIYUN_ACCESS_KEY_ID"):
        sms_sender(SmsSettings(provider="aliyun"), relaxed=False)
