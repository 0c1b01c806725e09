"""Registration and refresh limits (counted in the database) and the bound on argon2id work."""

from datetime import timedelta
from typing import cast

from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.config import Settings
from gateway.creditcode import check_character
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, login


def registration(i: int) -> dict[str, dict[str, str]]:
    base = f"91330106MA2H{i:05d}"
    return {
        "organisation": {
            "name": f"杭州限流测试{i}号科技有限公司",
            "kind": "vendor",
            "credit_code": base + check_character(base),
            "district": "西湖区",
        },
        "user": {"username": f"ratevendor{i}", "password": "a-long-password", "display_name": f"供应商{i}"},
    }


def from_address(client: TestClient, address: str) -> TestClient:
    return TestClient(cast(FastAPI, client.app), client=(address, 50000))


def test_registrations_from_one_address_are_limited_and_others_are_not(client: TestClient, clock: ManualClock) -> None:
    spammer = from_address(client, "203.0.113.5")
    codes = [spammer.post("/api/auth/register", json=registration(i)).status_code for i in range(8)]
    assert codes == [201] * 5 + [429] * 3
    refused = spammer.post("/api/auth/register", json=registration(9))
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    neighbour = from_address(client, "198.51.100.5")
    assert neighbour.post("/api/auth/register", json=registration(10)).status_code == 201
    assert spammer.post("/api/auth/token", data={"username": "vendor1", "password": PASSWORD}).status_code == 200
    clock.advance(timedelta(seconds=int(refused.headers["Retry-After"]) + 1))
    assert spammer.post("/api/auth/register", json=registration(11)).status_code == 201


def test_registrations_are_limited_across_all_addresses(client: TestClient, clock: ManualClock) -> None:
    codes = [
        from_address(client, f"10.1.{i // 200}.{i % 200 + 1}").post("/api/auth/register", json=registration(i))
        for i in range(31)
    ]
    assert [c.status_code for c in codes] == [201] * 30 + [429]
    assert int(codes[-1].headers["Retry-After"]) <= 600
    clock.advance(timedelta(seconds=601))
    assert from_address(client, "10.9.9.9").post("/api/auth/register", json=registration(99)).status_code == 201


def test_a_request_waiting_for_a_hashing_slot_gets_503_and_the_rest_of_the_gateway_answers(
    settings: Settings, clock: ManualClock
) -> None:
    app = create_app(settings.model_copy(update={"password_hash_slots": 1, "password_hash_wait_seconds": 0.2}), clock)
    with TestClient(app) as client:
        with app.state.hasher.slot():  # another request's argon2id holds the only slot
            busy = client.post("/api/auth/register", json=registration(1))
            assert busy.status_code == 503
            assert busy.headers["content-type"] == "application/problem+json"
            assert busy.json()["type"].endswith("/password-hashing-busy")
            assert busy.headers["Retry-After"] == "2"
            assert client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD}).status_code == 503
            assert client.get("/healthz").status_code == 200
            assert client.get("/api/organisations/unknown").status_code == 404
        assert client.post("/api/auth/register", json=registration(2)).status_code == 201
        assert client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD}).status_code == 200


def test_refresh_is_limited_per_address(client: TestClient) -> None:
    tokens = login(client, "ent1")
    noisy = from_address(client, "203.0.113.7")
    codes = [
        noisy.post("/api/auth/refresh", json={"refresh_token": f"not-a-token-{i:04d}"}).status_code for i in range(61)
    ]
    assert codes == [401] * 60 + [429]
    assert noisy.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 429
    assert client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 200
