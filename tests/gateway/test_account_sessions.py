"""A user's active sessions (refresh-token families): listed with the browser and times, the
current one marked, each revocable by its owner only, and the revocation audited."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from demo.accounts import USER_BY_NAME
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari"
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131"


def sign_in(client: TestClient, username: str, agent: str) -> dict[str, str]:
    r = client.post("/api/auth/token", data={"username": username, "password": PASSWORD}, headers={"User-Agent": agent})
    assert r.status_code == 200, r.text
    body: dict[str, str] = r.json()
    return body


def auth(pair: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def test_sessions_are_listed_with_the_current_one_first(client: TestClient, clock: ManualClock) -> None:
    phone = sign_in(client, "vendor1", PHONE)
    clock.advance(timedelta(minutes=5))
    desktop = sign_in(client, "vendor1", DESKTOP)
    sign_in(client, "vendor2", DESKTOP)  # someone else's
    listed = client.get("/api/account/sessions", headers=auth(phone))
    assert listed.status_code == 200
    sessions = listed.json()
    assert [(s["user_agent"], s["current"]) for s in sessions] == [(PHONE, True), (DESKTOP, False)]
    assert sessions[1]["started_at"] == (clock.now()).isoformat().replace("+00:00", "Z")
    # A refresh continues the session: same id, same browser, later activity.
    clock.advance(timedelta(minutes=5))
    rotated = client.post("/api/auth/refresh", json={"refresh_token": desktop["refresh_token"]})
    assert rotated.status_code == 200
    again = client.get("/api/account/sessions", headers=auth(rotated.json())).json()
    assert [s["id"] for s in again] == [sessions[1]["id"], sessions[0]["id"]]
    assert again[0]["current"] is True
    assert again[0]["last_active_at"] > again[0]["started_at"]


def test_revoking_a_session_ends_its_refresh_and_is_audited(client: TestClient) -> None:
    phone = sign_in(client, "vendor1", PHONE)
    desktop = sign_in(client, "vendor1", DESKTOP)
    other = next(s for s in client.get("/api/account/sessions", headers=auth(phone)).json() if not s["current"])
    assert client.delete(f"/api/account/sessions/{other['id']}", headers=auth(phone)).status_code == 204
    refused = client.post("/api/auth/refresh", json={"refresh_token": desktop["refresh_token"]})
    assert refused.status_code == 401
    assert [s["user_agent"] for s in client.get("/api/account/sessions", headers=auth(phone)).json()] == [PHONE]
    again = client.delete(f"/api/account/sessions/{other['id']}", headers=auth(phone))
    assert again.status_code == 404
    admin = auth(sign_in(client, "admin", DESKTOP))
    entries = client.get("/api/admin/audit", params={"action": "user.session_revoked"}, headers=admin).json()["items"]
    vendor1 = USER_BY_NAME["vendor1"].id
    assert [(e["actor"], e["target"], e["data"]) for e in entries] == [
        (f"user:{vendor1}", f"user:{vendor1}", {"session_id": other["id"], "current": False})
    ]


def test_a_session_of_another_user_is_not_found(client: TestClient) -> None:
    mine = sign_in(client, "vendor1", PHONE)
    theirs = sign_in(client, "vendor2", PHONE)
    their_id = client.get("/api/account/sessions", headers=auth(theirs)).json()[0]["id"]
    response = client.delete(f"/api/account/sessions/{their_id}", headers=auth(mine))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert client.post("/api/auth/refresh", json={"refresh_token": theirs["refresh_token"]}).status_code == 200


def test_revoking_the_current_session_signs_it_out(client: TestClient) -> None:
    pair = sign_in(client, "vendor1", PHONE)
    current = client.get("/api/account/sessions", headers=auth(pair)).json()[0]
    assert current["current"] is True
    assert client.delete(f"/api/account/sessions/{current['id']}", headers=auth(pair)).status_code == 204
    assert client.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
