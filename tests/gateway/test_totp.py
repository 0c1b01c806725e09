from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.config import Settings
from kit import totp
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login
from tests.gateway.factories import enrol


def tokens_of(client: TestClient, username: str) -> dict[str, Any]:
    return dict(login(client, username))


def sign_in(client: TestClient, username: str, **extra: str) -> tuple[int, dict[str, object]]:
    response = client.post("/api/auth/token", data={"username": username, "password": PASSWORD, **extra})
    return response.status_code, response.json()


def test_enrolment_needs_a_code_of_the_new_secret_and_the_secret_is_not_shown_again(
    client: TestClient, clock: ManualClock
) -> None:
    headers = bearer(client, "vendor1")
    secret = client.post("/api/auth/totp/enrol", headers=headers).json()["secret"]
    wrong = client.post("/api/auth/totp/confirm", headers=headers, json={"code": "000000"})
    if totp.matching_step(secret, "000000", clock.now()) is None:
        assert wrong.status_code == 422
        assert (wrong.json()["type"].endswith("/totp-invalid"), wrong.json()["field"]) == (True, "code")
    malformed = client.post("/api/auth/totp/confirm", headers=headers, json={"code": "12ab"})
    assert malformed.status_code == 422
    ok = client.post("/api/auth/totp/confirm", headers=headers, json={"code": totp.code_at(secret, clock.now())})
    assert ok.status_code == 200
    codes = ok.json()["recovery_codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10

    again = client.post("/api/auth/totp/enrol", headers=headers)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/totp-already-enabled")
    assert secret not in again.text
    me = client.get("/api/auth/me", headers=headers).json()
    assert me["user"]["totp_enabled"] is True
    assert secret not in str(me)


def test_sign_in_needs_a_current_unused_code(client: TestClient, clock: ManualClock) -> None:
    secret, _ = enrol(client, bearer(client, "vendor1"), clock)
    clock.advance(timedelta(seconds=60))

    status, body = sign_in(client, "vendor1")
    assert (status, body["field"]) == (401, "totp_code")
    assert str(body["type"]).endswith("/totp-required")
    assert "access_token" not in body

    code = totp.code_at(secret, clock.now())
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    status, body = sign_in(client, "vendor1", totp_code=wrong)
    assert status == 401
    assert str(body["type"]).endswith("/totp-invalid")

    status, body = sign_in(client, "vendor1", totp_code=code)
    assert status == 200
    assert body["access_token"]
    # The same code, still within its 30 seconds, is refused: it was spent.
    status, body = sign_in(client, "vendor1", totp_code=code)
    assert status == 401
    assert str(body["type"]).endswith("/totp-invalid")

    clock.advance(timedelta(seconds=30))
    status, _ = sign_in(client, "vendor1", totp_code=totp.code_at(secret, clock.now()))
    assert status == 200


def test_a_recovery_code_signs_in_once(client: TestClient, clock: ManualClock) -> None:
    _, codes = enrol(client, bearer(client, "vendor1"), clock)
    status, body = sign_in(client, "vendor1", totp_code=codes[3].lower())
    assert status == 200
    assert body["access_token"]
    status, body = sign_in(client, "vendor1", totp_code=codes[3])
    assert status == 401
    assert str(body["type"]).endswith("/totp-invalid")
    status, _ = sign_in(client, "vendor1", totp_code=codes[4])
    assert status == 200


def test_wrong_codes_count_towards_the_sign_in_throttle(client: TestClient, clock: ManualClock) -> None:
    secret, _ = enrol(client, bearer(client, "vendor2"), clock)
    code = totp.code_at(secret, clock.now())
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    statuses = [sign_in(client, "vendor2", totp_code=wrong)[0] for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_disabling_needs_the_password_and_a_code(client: TestClient, clock: ManualClock) -> None:
    headers = bearer(client, "vendor1")
    secret, _ = enrol(client, headers, clock)
    clock.advance(timedelta(seconds=30))
    code = totp.code_at(secret, clock.now())
    wrong_password = client.request("DELETE", "/api/auth/totp", headers=headers, json={"password": "x", "code": code})
    assert (wrong_password.status_code, wrong_password.json()["field"]) == (422, "password")
    wrong_code = client.request(
        "DELETE", "/api/auth/totp", headers=headers, json={"password": PASSWORD, "code": "999999"}
    )
    if totp.matching_step(secret, "999999", clock.now()) is None:
        assert (wrong_code.status_code, wrong_code.json()["field"]) == (422, "code")
    ok = client.request("DELETE", "/api/auth/totp", headers=headers, json={"password": PASSWORD, "code": code})
    assert ok.status_code == 204
    assert login(client, "vendor1")["access_token"]


@pytest.fixture
def strict_app(settings: Settings, clock: ManualClock) -> FastAPI:
    return create_app(settings.model_copy(update={"require_totp_for": "admin,gov_reviewer"}), clock)


def test_the_requirement_is_on_outside_dev_sandbox_and_test(settings: Settings) -> None:
    assert settings.totp_required_roles() == frozenset()
    production = settings.model_copy(update={"app_env": "production"})
    assert production.totp_required_roles() == {"admin", "gov_reviewer", "supervisor"}
    assert settings.model_copy(update={"require_totp_for": " expert , "}).totp_required_roles() == {"expert"}


def test_a_privileged_user_without_totp_may_only_enrol(strict_app: FastAPI, clock: ManualClock) -> None:
    with TestClient(strict_app) as client:
        vendor = tokens_of(client, "vendor1")
        assert vendor["totp_enrolment_required"] is False
        tokens = tokens_of(client, "gov1")
        assert tokens["totp_enrolment_required"] is True
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}

        refused = client.get("/api/admin/users", headers=headers)
        admin_refused = client.get("/api/admin/users", headers=bearer_enrolling(client, "admin"))
        for response in (refused, admin_refused):
            assert response.status_code == 403
            assert response.json()["type"].endswith("/totp-enrolment-required")
        password = client.post(
            "/api/auth/password", headers=headers, json={"current_password": PASSWORD, "new_password": "x"}
        )
        assert password.status_code == 403
        assert password.json()["type"].endswith("/totp-enrolment-required")
        me = client.get("/api/auth/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["totp_enrolment_required"] is True

        # A refresh before enrolment stays limited; after it, the tokens reach everything.
        refreshed = client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).json()
        assert refreshed["totp_enrolment_required"] is True
        enrol(client, {"Authorization": f"Bearer {refreshed['access_token']}"}, clock)
        full = client.post("/api/auth/refresh", json={"refresh_token": refreshed["refresh_token"]}).json()
        assert full["totp_enrolment_required"] is False
        me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {full['access_token']}"})
        assert me.json()["totp_enrolment_required"] is False

        # Enrolled, the reviewer signs in with the second factor like everyone else.
        status, body = sign_in(client, "gov1")
        assert status == 401
        assert str(body["type"]).endswith("/totp-required")

        logout = client.post("/api/auth/logout", json={"refresh_token": vendor["refresh_token"]})
        assert logout.status_code == 204


def bearer_enrolling(client: TestClient, username: str) -> dict[str, str]:
    tokens = tokens_of(client, username)
    assert tokens["totp_enrolment_required"] is True
    return {"Authorization": f"Bearer {tokens['access_token']}"}
