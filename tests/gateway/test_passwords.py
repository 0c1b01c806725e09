from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from gateway.auth.policy import weakness
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login

NEW = "Hangzhou-vision-88"


def user_id(client: TestClient, username: str) -> str:
    users = client.get("/api/admin/users", headers=bearer(client, "admin")).json()
    return str(next(u["id"] for u in users if u["username"] == username))


def sign_in(client: TestClient, username: str, password: str, **extra: str) -> tuple[int, dict[str, object]]:
    response = client.post("/api/auth/token", data={"username": username, "password": password, **extra})
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1", "too-short"),
        ("abcdefghijkl", "too-simple"),
        ("12345678901", "too-simple"),
        ("vendor1-is-me", "contains-username"),
        ("Password123", "common"),
        ("Hangzhou-vision-88", None),
        ("视谷 机会平台 二〇二六", None),  # letters and spaces are two classes
    ],
)
def test_the_password_policy(password: str, reason: str | None) -> None:
    assert weakness(password, "vendor1") == reason


def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(client: TestClient) -> None:
    other_device = login(client, "vendor1")
    this_device = login(client, "vendor1")
    headers = {"Authorization": f"Bearer {this_device['access_token']}"}

    wrong = client.post("/api/auth/password", headers=headers, json={"current_password": "nope", "new_password": NEW})
    assert wrong.status_code == 422
    assert wrong.json()["type"].endswith("/wrong-password")
    assert wrong.json()["field"] == "current_password"

    weak = client.post(
        "/api/auth/password", headers=headers, json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert weak.status_code == 422
    assert (weak.json()["field"], weak.json()["reason"]) == ("new_password", "too-short")
    assert weak.json()["errors"][0]["loc"] == ["body", "new_password"]

    same = client.post(
        "/api/auth/password", headers=headers, json={"current_password": PASSWORD, "new_password": PASSWORD}
    )
    assert same.status_code == 422
    assert same.json()["type"].endswith("/password-unchanged")

    changed = client.post(
        "/api/auth/password", headers=headers, json={"current_password": PASSWORD, "new_password": NEW}
    )
    assert changed.status_code == 200, changed.text
    assert sign_in(client, "vendor1", PASSWORD)[0] == 401
    assert sign_in(client, "vendor1", NEW)[0] == 200
    # The other device is signed out; this one goes on with the pair the change answered.
    assert client.post("/api/auth/refresh", json={"refresh_token": other_device["refresh_token"]}).status_code == 401
    assert client.post("/api/auth/refresh", json={"refresh_token": this_device["refresh_token"]}).status_code == 401
    follow = client.post("/api/auth/refresh", json={"refresh_token": changed.json()["refresh_token"]})
    assert follow.status_code == 200


def test_wrong_current_passwords_count_towards_the_sign_in_throttle(client: TestClient) -> None:
    headers = bearer(client, "vendor2")
    body = {"current_password": "guess", "new_password": NEW}
    statuses = [client.post("/api/auth/password", headers=headers, json=body).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]


def test_changing_the_password_needs_a_signed_in_user(client: TestClient) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW}
    assert client.post("/api/auth/password", json=body).status_code == 401


def test_an_administrator_resets_a_password_to_a_temporary_one_the_user_must_replace(client: TestClient) -> None:
    session = login(client, "ent2")
    target = user_id(client, "ent2")
    assert (
        client.post(f"/api/admin/users/{target}/reset-password", headers=bearer(client, "vendor1")).status_code == 403
    )
    reset = client.post(f"/api/admin/users/{target}/reset-password", headers=bearer(client, "admin"))
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    assert client.post("/api/auth/refresh", json={"refresh_token": session["refresh_token"]}).status_code == 401
    assert sign_in(client, "ent2", PASSWORD)[0] == 401

    status, body = sign_in(client, "ent2", temporary)
    assert status == 403
    assert str(body["type"]).endswith("/password-change-required")
    assert body["field"] == "new_password"
    status, body = sign_in(client, "ent2", temporary, new_password="weak")
    assert (status, body["field"], body["reason"]) == (422, "new_password", "too-short")
    status, body = sign_in(client, "ent2", temporary, new_password=temporary)
    assert (status, str(body["type"]).split("/")[-1]) == (422, "password-unchanged")

    status, body = sign_in(client, "ent2", temporary, new_password=NEW)
    assert status == 200
    assert sign_in(client, "ent2", temporary)[0] == 401  # one-time: replaced
    assert sign_in(client, "ent2", NEW)[0] == 200  # and the new password is an ordinary one


def test_a_temporary_password_expires(client: TestClient, clock: ManualClock) -> None:
    reset = client.post(f"/api/admin/users/{user_id(client, 'ent1')}/reset-password", headers=bearer(client, "admin"))
    clock.advance(timedelta(hours=72, seconds=1))
    status, body = sign_in(client, "ent1", reset.json()["temporary_password"], new_password=NEW)
    assert status == 403
    assert str(body["type"]).endswith("/temporary-password-expired")


def test_resetting_an_unknown_user_is_404(client: TestClient) -> None:
    assert client.post("/api/admin/users/nobody/reset-password", headers=bearer(client, "admin")).status_code == 404
