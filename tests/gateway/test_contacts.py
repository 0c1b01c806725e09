"""Contacts verified by a code sent through a real SMTP server, and the password reset through the
verified e-mail (decision 0081)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from demo.accounts import USER_BY_NAME
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login
from tests.gateway.factories import last_code, verify_email
from tests.support.smtp import SmtpServer

VENDOR1 = USER_BY_NAME["vendor1"].id


def test_an_address_counts_only_once_its_code_comes_back(mailing: TestClient, smtp: SmtpServer) -> None:
    headers = bearer(mailing, "vendor1")
    before = mailing.get("/api/account/contacts", headers=headers).json()
    assert before["email"] is None
    assert before["locale"] == "zh"
    sent = mailing.post("/api/account/contacts/email", json={"address": "Zhang.San@Example.CN"}, headers=headers)
    assert sent.status_code == 202
    assert sent.json()["address"] == "Zhang.San@example.cn"
    pending = mailing.get("/api/account/contacts", headers=headers).json()
    assert pending["email"] is None
    assert pending["pending_email"] == "Zhang.San@example.cn"
    [mail] = smtp.received
    assert "验证码" in mail.message.get_content()
    code = last_code(smtp, "Zhang.San@example.cn")
    wrong = "000000" if code != "000000" else "111111"
    refused = mailing.post("/api/account/contacts/email/verify", json={"code": wrong}, headers=headers)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["field"] == "code"
    assert refused.json()["type"].endswith("code-invalid")
    done = mailing.post("/api/account/contacts/email/verify", json={"code": code}, headers=headers)
    assert done.status_code == 200
    assert done.json()["email"] == "Zhang.San@example.cn"
    assert done.json()["email_verified_at"]
    # Used once only.
    again = mailing.post("/api/account/contacts/email/verify", json={"code": code}, headers=headers)
    assert again.status_code == 422


def test_codes_die_after_too_many_wrong_tries_and_expire(
    mailing: TestClient, smtp: SmtpServer, clock: ManualClock
) -> None:
    headers = bearer(mailing, "vendor1")
    mailing.post("/api/account/contacts/email", json={"address": "a@example.cn"}, headers=headers)
    code = last_code(smtp, "a@example.cn")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        answer = mailing.post("/api/account/contacts/email/verify", json={"code": wrong}, headers=headers)
        assert answer.status_code == 422
    # Five wrong tries hold the account at this address like failed sign-ins...
    assert mailing.post("/api/account/contacts/email/verify", json={"code": code}, headers=headers).status_code == 429
    clock.advance(timedelta(minutes=1))
    headers = bearer(mailing, "vendor1")
    # ...and the code itself is dead.
    assert mailing.post("/api/account/contacts/email/verify", json={"code": code}, headers=headers).status_code == 422
    clock.advance(timedelta(minutes=2))
    headers = bearer(mailing, "vendor1")
    mailing.post("/api/account/contacts/email", json={"address": "a@example.cn"}, headers=headers)
    code = last_code(smtp, "a@example.cn")
    clock.advance(timedelta(minutes=11))
    headers = bearer(mailing, "vendor1")
    assert mailing.post("/api/account/contacts/email/verify", json={"code": code}, headers=headers).status_code == 422
    assert mailing.get("/api/account/contacts", headers=headers).json()["email"] is None


def test_sending_codes_is_limited_per_account(mailing: TestClient, smtp: SmtpServer) -> None:
    headers = bearer(mailing, "vendor1")
    for n in range(5):
        ok = mailing.post("/api/account/contacts/email", json={"address": f"n{n}@example.cn"}, headers=headers)
        assert ok.status_code == 202
    refused = mailing.post("/api/account/contacts/email", json={"address": "n9@example.cn"}, headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert len(smtp.received) == 5


@pytest.mark.parametrize(
    ("channel", "body", "field"),
    [
        ("email", {"address": "not-an-address"}, "address"),
        ("mobile", {"address": "12345"}, "address"),
        ("email", {"address": "a@example.cn", "extra": 1}, "extra"),
        ("fax", {"address": "a@example.cn"}, "channel"),
    ],
)
def test_bad_input_names_the_field(mailing: TestClient, channel: str, body: dict[str, Any], field: str) -> None:
    headers = bearer(mailing, "vendor1")
    response = mailing.post(f"/api/account/contacts/{channel}", json=body, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


def test_mobile_codes_go_through_the_sms_port(mailing: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    headers = bearer(mailing, "vendor1")
    with caplog.at_level("WARNING", logger="kit.sms"):
        sent = mailing.post("/api/account/contacts/mobile", json={"address": "+86 138-0000-1234"}, headers=headers)
    assert sent.status_code == 202
    assert sent.json()["address"] == "13800001234"
    [record] = [r for r in caplog.records if r.name == "kit.sms"]
    code = record.__dict__["params"]["code"]
    done = mailing.post("/api/account/contacts/mobile/verify", json={"code": code}, headers=headers)
    assert done.json()["mobile"] == "13800001234"
    gone = mailing.delete("/api/account/contacts/mobile", headers=headers)
    assert gone.json()["mobile"] is None


def test_english_users_get_english_codes(mailing: TestClient, smtp: SmtpServer) -> None:
    headers = bearer(mailing, "vendor1")
    assert mailing.put("/api/account/locale", json={"locale": "en"}, headers=headers).json()["locale"] == "en"
    assert mailing.put("/api/account/locale", json={"locale": "fr"}, headers=headers).status_code == 422
    mailing.post("/api/account/contacts/email", json={"address": "en@example.cn"}, headers=headers)
    [mail] = smtp.received
    assert mail.message["Subject"] == "Shigu Exchange: verification code"


def test_password_reset_through_the_verified_email(mailing: TestClient, smtp: SmtpServer) -> None:
    headers = bearer(mailing, "vendor1")
    old_refresh = login(mailing, "vendor1")["refresh_token"]
    verify_email(mailing, smtp, headers, "vendor1@example.cn")
    same = "如果该账号存在且已验证电子邮箱"
    for account in ("vendor1", "nobody-here", "vendor2", "VENDOR1@example.cn"):
        answer = mailing.post("/api/auth/password-reset", json={"account": account})
        assert answer.status_code == 202
        assert same in answer.json()["detail"]
    # Only the verified e-mail of an existing account received anything: one by username, one by address.
    resets = [r for r in smtp.received if "重置密码" in r.message.get_content()]
    assert [r.recipients for r in resets] == [["vendor1@example.cn"], ["vendor1@example.cn"]]
    code = last_code(smtp, "vendor1@example.cn")
    weak = mailing.post(
        "/api/auth/password-reset/confirm", json={"account": "vendor1", "code": code, "new_password": "short"}
    )
    assert weak.status_code == 422
    assert weak.json()["field"] == "new_password"
    wrong = mailing.post(
        "/api/auth/password-reset/confirm",
        json={
            "account": "vendor1",
            "code": "000000" if code != "000000" else "111111",
            "new_password": "Nieuw-pass-2027",
        },
    )
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "code"
    unknown = mailing.post(
        "/api/auth/password-reset/confirm",
        json={"account": "nobody-here", "code": code, "new_password": "Nieuw-pass-2027"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["type"].endswith("code-invalid")
    done = mailing.post(
        "/api/auth/password-reset/confirm", json={"account": "vendor1", "code": code, "new_password": "Nieuw-pass-2027"}
    )
    assert done.status_code == 204, done.text
    assert mailing.post("/api/auth/token", data={"username": "vendor1", "password": PASSWORD}).status_code == 401
    assert login(mailing, "vendor1", "Nieuw-pass-2027")["access_token"]
    assert mailing.post("/api/auth/refresh", json={"refresh_token": old_refresh}).status_code == 401
    replay = mailing.post(
        "/api/auth/password-reset/confirm", json={"account": "vendor1", "code": code, "new_password": "Other-pass-2027"}
    )
    assert replay.status_code == 422


def test_no_reset_for_an_unverified_address(mailing: TestClient, smtp: SmtpServer) -> None:
    headers = bearer(mailing, "vendor1")
    mailing.post("/api/account/contacts/email", json={"address": "pending@example.cn"}, headers=headers)
    assert mailing.post("/api/auth/password-reset", json={"account": "pending@example.cn"}).status_code == 202
    assert mailing.post("/api/auth/password-reset", json={"account": "vendor1"}).status_code == 202
    assert len(smtp.received) == 1  # the verification code only


def test_the_account_routes_need_a_signed_in_user(mailing: TestClient) -> None:
    for method, path, body in ACCOUNT_ROUTES:
        response = mailing.request(method, path, json=body)
        assert response.status_code == 401, (method, path)


ACCOUNT_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/account/contacts", None),
    ("POST", "/api/account/contacts/email", {"address": "a@example.cn"}),
    ("POST", "/api/account/contacts/email/verify", {"code": "123456"}),
    ("DELETE", "/api/account/contacts/email", None),
    ("PUT", "/api/account/locale", {"locale": "en"}),
    ("GET", "/api/account/preferences", None),
    ("PUT", "/api/account/preferences", {"items": []}),
]


def test_preferences_per_kind_and_channel(mailing: TestClient) -> None:
    headers = bearer(mailing, "vendor1")
    prefs = mailing.get("/api/account/preferences", headers=headers).json()
    sms = {p["kind"] for p in prefs if p["channel"] == "sms"}
    assert sms == {"deadline.reminder", "application.qualification", "award.final", "objection.decided"}
    assert all(p["enabled"] for p in prefs)
    changed = mailing.put(
        "/api/account/preferences",
        json={"items": [{"kind": "award.final", "channel": "sms", "enabled": False}]},
        headers=headers,
    )
    assert changed.status_code == 200
    off = [(p["kind"], p["channel"]) for p in changed.json() if not p["enabled"]]
    assert off == [("award.final", "sms")]
    refused = mailing.put(
        "/api/account/preferences",
        json={"items": [{"kind": "question.asked", "channel": "sms", "enabled": True}]},
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "items[0].kind"
    assert mailing.get("/api/account/preferences").status_code == 401


def _code_events(client: TestClient, user: str) -> list[dict[str, Any]]:
    target = f"user:{USER_BY_NAME[user].id}"
    params = {"target": target, "action": "contact_code.", "limit": "200"}
    items: list[dict[str, Any]] = client.get("/api/admin/audit", params=params, headers=bearer(client, "admin")).json()[
        "items"
    ]
    return list(reversed(items))


def test_code_events_enter_the_audit_chain_without_the_code(
    mailing: TestClient, smtp: SmtpServer, clock: ManualClock
) -> None:
    headers = bearer(mailing, "vendor1")
    verify_email(mailing, smtp, headers, "zhang.san@example.cn")
    verify_code = last_code(smtp, "zhang.san@example.cn")
    events = _code_events(mailing, "vendor1")
    assert [(e["action"], e["actor"], e["data"]["address"]) for e in events] == [
        ("contact_code.sent", f"user:{VENDOR1}", "zh***@example.cn"),
        ("contact_code.verified", f"user:{VENDOR1}", "zh***@example.cn"),
    ]
    assert events[0]["data"]["purpose"] == "email"
    # Five wrong tries kill a code: one entry when it dies, none for each wrong try before.
    mailing.post("/api/account/contacts/mobile", json={"address": "13800138000"}, headers=headers)
    for _ in range(5):
        mailing.post("/api/account/contacts/mobile/verify", json={"code": "000000"}, headers=headers)
    events = _code_events(mailing, "vendor1")
    assert [e["action"] for e in events[2:]] == ["contact_code.sent", "contact_code.exhausted"]
    assert events[3]["data"] | {"code_id": ""} == {
        "purpose": "mobile",
        "channel": "mobile",
        "address": "138****8000",
        "code_id": "",
        "attempts": 5,
    }
    # A reset asked without signing in (once the wrong tries' hold has passed): the client is the actor.
    clock.advance(timedelta(minutes=5))
    assert mailing.post("/api/auth/password-reset", json={"account": "vendor1"}).status_code == 202
    reset_code = last_code(smtp, "zhang.san@example.cn")
    body = {"account": "vendor1", "code": reset_code, "new_password": "Nieuw-pass-2027"}
    assert mailing.post("/api/auth/password-reset/confirm", json=body).status_code == 204
    events = _code_events(mailing, "vendor1")
    assert [(e["action"], e["actor"], e["data"]["purpose"]) for e in events[4:]] == [
        ("contact_code.sent", "client:testclient", "reset"),
        ("contact_code.verified", "client:testclient", "reset"),
    ]
    chain = str(events)
    assert verify_code not in chain
    assert reset_code not in chain
    verification = mailing.get("/api/admin/audit/verify", headers=bearer(mailing, "admin")).json()
    assert verification["valid"] is True


def test_the_daily_digest_is_a_choice_of_the_account(mailing: TestClient) -> None:
    headers = bearer(mailing, "vendor1")
    assert mailing.get("/api/account/contacts", headers=headers).json()["email_digest"] is False
    on = mailing.put("/api/account/digest", json={"enabled": True}, headers=headers)
    assert on.status_code == 200
    assert on.json()["email_digest"] is True
    assert mailing.get("/api/account/contacts", headers=headers).json()["email_digest"] is True
    # Another account's choice is its own.
    assert mailing.get("/api/account/contacts", headers=bearer(mailing, "vendor2")).json()["email_digest"] is False
    bad = mailing.put("/api/account/digest", json={"enabled": "often"}, headers=headers)
    assert bad.status_code == 422
    assert "enabled" in bad.text
    assert mailing.put("/api/account/digest", json={"enabled": False}).status_code == 401
