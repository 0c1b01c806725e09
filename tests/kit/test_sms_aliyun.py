"""The Aliyun SMS adapter at its HTTP boundary: a local server recomputes the RPC signature as
Aliyun documents it (signature version 1.0, tests/support/sms.py) and refuses a request whose signature
does not match."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kit.sms import SmsFailed, SmsSettings, sms_sender
from kit.sms_aliyun import AliyunSms
from tests.support.sms import SECRET, Provider, aliyun_sms


@pytest.fixture
def provider() -> Iterator[tuple[Provider, str]]:
    with aliyun_sms() as served:
        yield served


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
