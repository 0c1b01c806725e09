"""The browser's refresh token in an HttpOnly cookie (decision 0091): set at sign-in (with the TOTP step
too) and at refresh, taken back by refresh and sign-out only with the CSRF header and from our own
origin, cleared at sign-out; the JSON-body path of API clients is unchanged.

The test client speaks plain http://testserver, where a cookie jar keeps a Secure cookie back, so each
request names the cookie it sends."""

from __future__ import annotations

from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from gateway.app import create_app
from gateway.config import Settings
from kit import totp
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login

COOKIE = "shigu_refresh"
BROWSER = {"X-Token-Transport": "cookie"}
OWN = {"X-CSRF": "1", "Origin": "http://testserver"}


def set_cookie(response: object) -> SimpleCookie:
    headers = response.headers  # type: ignore[attr-defined]
    values = headers.get_list("set-cookie")
    assert len(values) == 1, values
    jar: SimpleCookie = SimpleCookie()
    jar.load(values[0])
    return jar


def browser_sign_in(client: TestClient, username: str, **extra: str) -> tuple[dict[str, object], str]:
    response = client.post(
        "/api/auth/token", data={"username": username, "password": PASSWORD, **extra}, headers=BROWSER
    )
    assert response.status_code == 200, response.text
    jar = set_cookie(response)
    client.cookies.clear()
    return response.json(), jar[COOKIE].value


def with_cookie(token: str, **headers: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={token}", **headers}


def test_sign_in_sets_the_refresh_token_as_a_strict_http_only_cookie_and_not_in_the_body(client: TestClient) -> None:
    response = client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD}, headers=BROWSER)
    assert response.status_code == 200, response.text
    assert "refresh_token" not in response.json()
    assert response.json()["access_token"]
    morsel = set_cookie(response)[COOKIE]
    assert morsel.value
    assert morsel["httponly"] is True
    assert morsel["secure"] is True
    assert morsel["samesite"] == "strict"
    assert morsel["path"] == "/api/auth"
    assert morsel["max-age"] == str(14 * 24 * 3600)


def test_the_json_body_path_of_api_clients_is_unchanged(client: TestClient) -> None:
    first = client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD})
    assert first.status_code == 200
    assert "set-cookie" not in first.headers
    refreshed = client.post("/api/auth/refresh", json={"refresh_token": first.json()["refresh_token"]})
    assert refreshed.status_code == 200
    assert "set-cookie" not in refreshed.headers
    assert refreshed.json()["refresh_token"] not in (None, first.json()["refresh_token"])
    assert client.post("/api/auth/logout", json={"refresh_token": refreshed.json()["refresh_token"]}).status_code == 204
    assert (
        client.post("/api/auth/refresh", json={"refresh_token": refreshed.json()["refresh_token"]}).status_code == 401
    )
    # A body without the token is still refused naming the field.
    empty = client.post("/api/auth/refresh", json={})
    assert (empty.status_code, empty.json()["detail"].split(":")[0]) == (422, "refresh_token")


def test_refresh_by_cookie_rotates_the_cookie_and_the_new_access_token_works(client: TestClient) -> None:
    _, token = browser_sign_in(client, "ent1")
    refreshed = client.post("/api/auth/refresh", headers=with_cookie(token, **OWN))
    assert refreshed.status_code == 200, refreshed.text
    assert "refresh_token" not in refreshed.json()
    rotated = set_cookie(refreshed)[COOKIE]
    assert rotated.value != token
    assert (rotated["httponly"], rotated["path"], rotated["samesite"]) == (True, "/api/auth", "strict")
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})
    assert me.json()["user"]["username"] == "ent1"
    # Without an Origin (a browser may leave it off a same-origin request) the header suffices.
    again = client.post("/api/auth/refresh", headers=with_cookie(rotated.value, **{"X-CSRF": "1"}))
    assert again.status_code == 200, again.text


def test_a_cookie_without_the_csrf_header_is_refused_and_the_token_stays_good(client: TestClient) -> None:
    _, token = browser_sign_in(client, "ent1")
    refused = client.post("/api/auth/refresh", headers=with_cookie(token, Origin="http://testserver"))
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/csrf-header-missing")
    assert "X-CSRF" in refused.json()["detail"]
    logout = client.post("/api/auth/logout", headers=with_cookie(token))
    assert logout.json()["type"].endswith("/csrf-header-missing")
    # Neither refusal spent or revoked the token.
    assert client.post("/api/auth/refresh", headers=with_cookie(token, **OWN)).status_code == 200


@pytest.mark.parametrize("origin", ["https://evil.example", "http://testserver.evil.example", "null"])
def test_a_cookie_from_a_foreign_origin_is_refused(client: TestClient, origin: str) -> None:
    _, token = browser_sign_in(client, "ent1")
    refused = client.post("/api/auth/refresh", headers=with_cookie(token, **{"X-CSRF": "1", "Origin": origin}))
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/csrf-origin-mismatch")
    assert refused.json()["origin"] == origin
    signed_out = client.post("/api/auth/logout", headers=with_cookie(token, **{"X-CSRF": "1", "Origin": origin}))
    assert signed_out.status_code == 403
    assert client.post("/api/auth/refresh", headers=with_cookie(token, **OWN)).status_code == 200


def test_the_origin_the_edge_forwards_and_the_public_origin_are_our_own(settings: Settings, clock: ManualClock) -> None:
    public = settings.model_copy(update={"public_base_url": "https://shigu.example"})
    with TestClient(create_app(public, clock)) as client:
        _, token = browser_sign_in(client, "ent1")
        forwarded = with_cookie(
            token, **{"X-CSRF": "1", "Origin": "https://edge.test", "X-Forwarded-Host": "edge.test"}
        )
        answer = client.post("/api/auth/refresh", headers=forwarded)
        assert answer.status_code == 200, answer.text
        token = set_cookie(answer)[COOKIE].value
        answer = client.post(
            "/api/auth/refresh", headers=with_cookie(token, **{"X-CSRF": "1", "Origin": "https://shigu.example"})
        )
        assert answer.status_code == 200, answer.text


def test_sign_out_by_cookie_clears_it_and_revokes_the_family(client: TestClient) -> None:
    _, token = browser_sign_in(client, "ent1")
    rotated = set_cookie(client.post("/api/auth/refresh", headers=with_cookie(token, **OWN)))[COOKIE].value
    out = client.post("/api/auth/logout", headers=with_cookie(rotated, **OWN))
    assert out.status_code == 204
    cleared = set_cookie(out)[COOKIE]
    assert cleared.value == ""
    assert cleared["max-age"] == "0"
    assert cleared["path"] == "/api/auth"
    refused = client.post("/api/auth/refresh", headers=with_cookie(rotated, **OWN))
    assert refused.status_code == 401
    assert refused.json()["type"].endswith("/invalid-refresh-token")
    # Without any cookie: nothing to restore, and signing out again ends the same.
    assert client.post("/api/auth/refresh", headers=OWN).status_code == 401
    assert client.post("/api/auth/logout", headers=OWN).status_code == 204


def test_a_stolen_rotated_cookie_revokes_the_family(client: TestClient) -> None:
    _, stolen = browser_sign_in(client, "ent1")
    current = set_cookie(client.post("/api/auth/refresh", headers=with_cookie(stolen, **OWN)))[COOKIE].value
    replay = client.post("/api/auth/refresh", headers=with_cookie(stolen, **OWN))
    assert replay.status_code == 401
    assert "reuse" in replay.json()["detail"]
    # The owner's current cookie died with the family.
    assert client.post("/api/auth/refresh", headers=with_cookie(current, **OWN)).status_code == 401


def test_the_totp_step_and_a_password_change_set_the_cookie_too(client: TestClient, clock: ManualClock) -> None:
    headers = bearer(client, "vendor1")
    secret = client.post("/api/auth/totp/enrol", headers=headers).json()["secret"]
    code = totp.code_at(secret, clock.now())
    assert client.post("/api/auth/totp/confirm", headers=headers, json={"code": code}).status_code == 200
    clock.advance(timedelta(seconds=60))
    asked = client.post("/api/auth/token", data={"username": "vendor1", "password": PASSWORD}, headers=BROWSER)
    assert asked.status_code == 401
    assert "set-cookie" not in asked.headers
    body, token = browser_sign_in(client, "vendor1", totp_code=totp.code_at(secret, clock.now()))
    assert "refresh_token" not in body
    assert client.post("/api/auth/refresh", headers=with_cookie(token, **OWN)).status_code == 200

    access = {"Authorization": f"Bearer {login(client, 'ent2')['access_token']}"}
    changed = client.post(
        "/api/auth/password",
        headers={**access, **BROWSER},
        json={"current_password": PASSWORD, "new_password": "Cookie-change-2026"},
    )
    assert changed.status_code == 200, changed.text
    assert "refresh_token" not in changed.json()
    new_token = set_cookie(changed)[COOKIE].value
    assert client.post("/api/auth/refresh", headers=with_cookie(new_token, **OWN)).status_code == 200


def test_production_refuses_an_insecure_cookie() -> None:
    with pytest.raises(ValidationError, match="GATEWAY_REFRESH_COOKIE_SECURE"):
        Settings(app_env="production", database_url="sqlite://", refresh_cookie_secure=False)
    insecure = Settings(app_env="sandbox", refresh_cookie_secure=False)
    assert insecure.refresh_cookie_secure is False


def test_an_insecure_cookie_where_switched_off(settings: Settings, clock: ManualClock) -> None:
    app: FastAPI = create_app(settings.model_copy(update={"refresh_cookie_secure": False}), clock)
    with TestClient(app) as client:
        response = client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD}, headers=BROWSER)
        assert set_cookie(response)[COOKIE]["secure"] == ""
