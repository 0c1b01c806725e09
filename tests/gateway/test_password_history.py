"""A new password repeats none of the user's last five (the current one and the four before it),
whichever way it is set: changed, reset by a code or by an administrator's link, or chosen to
replace a temporary one; the sixth-oldest is allowed again."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from demo.accounts import USER_BY_NAME
from gateway.auth.service import PASSWORD_HISTORY
from tests.gateway.conftest import PASSWORD, login
from tests.gateway.factories import last_code, verify_email
from tests.support.smtp import SmtpServer

PASSWORDS = [f"Hangzhou-vision-{n:02d}x" for n in range(1, 8)]


def change(client: TestClient, current: str, new: str) -> Any:
    token = login(client, "vendor1", current)["access_token"]
    return client.post(
        "/api/auth/password",
        headers={"Authorization": f"Bearer {token}"},
        json={"current_password": current, "new_password": new},
    )


def reused(response: Any) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"].endswith("/password-reused")
    assert body["field"] == "new_password"
    assert str(PASSWORD_HISTORY) in body["detail"]


def test_a_changed_password_repeats_none_of_the_last_five(client: TestClient) -> None:
    assert PASSWORD_HISTORY == 5
    current = PASSWORD
    for new in PASSWORDS[:4]:
        assert change(client, current, new).status_code == 200
        current = new
    # The last five are the demo password and the first three new ones (and the current, the fourth).
    for earlier in (PASSWORD, *PASSWORDS[:3]):
        reused(change(client, current, earlier))
    assert change(client, current, PASSWORDS[4]).status_code == 200
    # Five changes on, the demo password has left the history.
    assert change(client, PASSWORDS[4], PASSWORD).status_code == 200
    assert login(client, "vendor1", PASSWORD)["access_token"]


def test_a_reset_by_code_refuses_an_earlier_password_and_keeps_the_code(
    mailing: TestClient,
    smtp: SmtpServer,
) -> None:
    assert change(mailing, PASSWORD, PASSWORDS[0]).status_code == 200
    token = login(mailing, "vendor1", PASSWORDS[0])["access_token"]
    verify_email(mailing, smtp, {"Authorization": f"Bearer {token}"}, "vendor1@example.cn")
    assert mailing.post("/api/auth/password-reset", json={"account": "vendor1"}).status_code == 202
    code = last_code(smtp, "vendor1@example.cn")
    body = {"account": "vendor1", "code": code}
    reused(mailing.post("/api/auth/password-reset/confirm", json={**body, "new_password": PASSWORD}))
    reused(mailing.post("/api/auth/password-reset/confirm", json={**body, "new_password": PASSWORDS[0]}))
    # The refusal rolled back: the same code sets a password the account never had.
    assert (
        mailing.post("/api/auth/password-reset/confirm", json={**body, "new_password": PASSWORDS[1]}).status_code == 204
    )
    assert login(mailing, "vendor1", PASSWORDS[1])["access_token"]


def test_a_reset_link_refuses_an_earlier_password(client: TestClient) -> None:
    assert change(client, PASSWORD, PASSWORDS[0]).status_code == 200
    admin = {"Authorization": f"Bearer {login(client, 'admin')['access_token']}"}
    issued = client.post(
        f"/api/admin/users/{USER_BY_NAME['vendor1'].id}/password-reset-link", json={"reason": "核实身份"}, headers=admin
    )
    assert issued.status_code == 201, issued.text
    token = issued.json()["link"].rsplit("token=", 1)[1]
    use = {"token": token}
    reused(client.post("/api/auth/password-reset/link", json={**use, "new_password": PASSWORD}))
    assert client.post("/api/auth/password-reset/link", json={**use, "new_password": PASSWORDS[2]}).status_code == 204


def test_replacing_a_temporary_password_refuses_an_earlier_one(client: TestClient) -> None:
    admin = {"Authorization": f"Bearer {login(client, 'admin')['access_token']}"}
    reset = client.post(f"/api/admin/users/{USER_BY_NAME['vendor1'].id}/reset-password", headers=admin)
    assert reset.status_code == 200, reset.text
    form = {"username": "vendor1", "password": reset.json()["temporary_password"]}
    reused(client.post("/api/auth/token", data={**form, "new_password": PASSWORD}))
    signed_in = client.post("/api/auth/token", data={**form, "new_password": PASSWORDS[3]})
    assert signed_in.status_code == 200, signed_in.text
