"""An administrator's password reset as a one-time link with an expiry (decision 0092): issued once,
e-mailed to a verified address through a real SMTP server, used once, replaced by a newer link, dead
after its hours on the manual clock; each issue and use audited."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from demo.accounts import USER_BY_NAME
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login
from tests.gateway.factories import verify_email
from tests.support.smtp import SmtpServer

VENDOR1 = USER_BY_NAME["vendor1"].id
ADMIN = USER_BY_NAME["admin"].id
NEW = "Fresh-vendor-pass-2026"


def issue(client: TestClient, admin: dict[str, str], user_id: str = VENDOR1) -> dict[str, Any]:
    response = client.post(
        f"/api/admin/users/{user_id}/password-reset-link", json={"reason": "电话核实身份"}, headers=admin
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def token_of(link: str) -> str:
    found = re.search(r"/password-reset/link\?token=([A-Za-z0-9_-]+)$", link)
    assert found, link
    return found.group(1)


def use(client: TestClient, token: str, password: str = NEW) -> Any:
    return client.post("/api/auth/password-reset/link", json={"token": token, "new_password": password})


def problem(response: Any, status: int, code: str, field: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith(code), body
    assert body["field"] == field


def sessions(client: TestClient, username: str, password: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {login(client, username, password)['access_token']}"}
    listed: list[dict[str, Any]] = client.get("/api/account/sessions", headers=headers).json()
    return listed


def test_a_link_mailed_to_the_verified_address_sets_a_new_password_once(
    mailing: TestClient,
    smtp: SmtpServer,
) -> None:
    verify_email(mailing, smtp, bearer(mailing, "vendor1"), "vendor1@example.cn")
    login(mailing, "vendor1")  # a second session, which the reset must end too
    admin = bearer(mailing, "admin")
    issued = issue(mailing, admin)
    assert issued["emailed_to"] == "vendor1@example.cn"
    token = token_of(issued["link"])
    [mail] = [r for r in smtp.received if "设置新密码" in r.message["Subject"]]
    assert mail.recipients == ["vendor1@example.cn"]
    assert issued["link"] in mail.message.get_content()
    # The link alone changes nothing: the old password still signs in.
    assert login(mailing, "vendor1")["access_token"]
    problem(use(mailing, token, "short"), 422, "weak-password", "new_password")
    problem(use(mailing, token, PASSWORD), 422, "password-unchanged", "new_password")
    assert use(mailing, token).status_code == 204
    assert mailing.post("/api/auth/token", data={"username": "vendor1", "password": PASSWORD}).status_code == 401
    # Every earlier session ended: the new sign-in is the only one alive.
    assert [s["current"] for s in sessions(mailing, "vendor1", NEW)] == [True]
    problem(use(mailing, token, "Another-pass-2027"), 422, "reset-link-used", "token")
    entries = mailing.get("/api/admin/audit", params={"target": f"user:{VENDOR1}"}, headers=admin).json()["items"]
    by_action = {e["action"]: e for e in entries}
    assert by_action["user.password_reset_link"]["actor"] == f"user:{ADMIN}"
    assert by_action["user.password_reset_link"]["reason"] == "电话核实身份"
    assert by_action["user.password_reset_link"]["data"]["to_email"] is True
    assert by_action["user.password_reset_by_link"]["actor"] == f"user:{VENDOR1}"
    assert by_action["user.password_reset_by_link"]["actor_name"] == "vendor1"
    assert token not in str(entries)


def test_without_a_verified_email_the_link_is_only_shown(
    mailing: TestClient,
    smtp: SmtpServer,
) -> None:
    issued = issue(mailing, bearer(mailing, "admin"))
    assert issued["emailed_to"] is None
    assert smtp.received == []
    assert use(mailing, token_of(issued["link"])).status_code == 204


def test_a_newer_link_replaces_the_earlier_one(client: TestClient) -> None:
    admin = bearer(client, "admin")
    first = token_of(issue(client, admin)["link"])
    second = token_of(issue(client, admin)["link"])
    problem(use(client, first), 422, "reset-link-replaced", "token")
    assert use(client, second).status_code == 204


def test_a_link_expires_after_its_hours(client: TestClient, clock: ManualClock) -> None:
    admin = bearer(client, "admin")
    issued = issue(client, admin)
    assert issued["expires_at"].startswith((clock.now() + timedelta(hours=24)).isoformat()[:19])
    clock.advance(timedelta(hours=23, minutes=59))
    early = token_of(issue(client, bearer(client, "admin"))["link"])
    clock.advance(timedelta(hours=24, minutes=1))
    problem(use(client, early), 422, "reset-link-expired", "token")
    assert login(client, "vendor1")["access_token"]  # the password is unchanged


def test_unknown_tokens_are_refused_and_throttled(client: TestClient) -> None:
    problem(use(client, "x" * 43), 422, "reset-link-unknown", "token")
    bad = client.post("/api/auth/password-reset/link", json={"token": "a b", "new_password": NEW})
    assert bad.status_code == 422
    assert "token" in bad.text
    extra = client.post("/api/auth/password-reset/link", json={"token": "x" * 43, "new_password": NEW, "more": 1})
    assert extra.status_code == 422
    assert "more" in extra.text
    for _ in range(4):
        use(client, "x" * 43)
    throttled = use(client, "x" * 43)
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0


def test_only_active_accounts_get_a_link(client: TestClient) -> None:
    admin = bearer(client, "admin")
    suspended = client.post(f"/api/admin/users/{VENDOR1}/suspend", json={"reason": "离职"}, headers=admin)
    assert suspended.status_code == 200
    refused = client.post(f"/api/admin/users/{VENDOR1}/password-reset-link", json={"reason": "电话核实"}, headers=admin)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("user-not-active")
    no_reason = client.post(f"/api/admin/users/{VENDOR1}/password-reset-link", json={}, headers=admin)
    assert no_reason.status_code == 422
    assert "reason" in no_reason.text
    missing = client.post("/api/admin/users/nobody/password-reset-link", json={"reason": "电话核实"}, headers=admin)
    assert missing.status_code == 404
