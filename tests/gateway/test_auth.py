from datetime import timedelta
from typing import Literal, cast

import jwt
import pytest
from argon2 import PasswordHasher
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from demo.accounts import USERS
from gateway.auth.service import AuthService
from gateway.models import User
from kit.clock import ManualClock
from tests.gateway.conftest import PASSWORD, bearer, login


@pytest.mark.parametrize("username", [u.username for u in USERS])
def test_every_demo_account_signs_in_and_sees_itself(client: TestClient, username: str) -> None:
    tokens = login(client, username)
    assert tokens["token_type"] == "bearer"
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    body = me.json()
    assert body["user"]["username"] == username
    demo = next(u for u in USERS if u.username == username)
    assert body["roles"] == sorted(demo.roles)
    assert body["organisation"]["status"] == "active"


def test_bad_credentials_are_401_problem_json(client: TestClient) -> None:
    for username in ("ent1", "nobody"):
        response = client.post("/api/auth/token", data={"username": username, "password": "wrong-password"})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/invalid-credentials")


def from_address(client: TestClient, address: str) -> TestClient:
    """Another client of the same gateway, connecting from `address`."""
    return TestClient(cast(FastAPI, client.app), client=(address, 50000))


def sign_in(client: TestClient, username: str, password: str) -> int:
    status: int = client.post("/api/auth/token", data={"username": username, "password": password}).status_code
    return status


def test_one_address_guessing_one_account_waits_longer_after_each_failure(
    client: TestClient, clock: ManualClock
) -> None:
    codes = [sign_in(client, "ent1", f"wrong-{i}") for i in range(10)]
    assert codes[:5] == [401] * 5
    assert set(codes[5:]) == {429}
    throttled = client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD})
    assert throttled.status_code == 429, "even the right password waits out the lock, from this address"
    assert throttled.headers["content-type"] == "application/problem+json"
    assert throttled.json()["type"].endswith("/login-throttled")
    assert int(throttled.headers["Retry-After"]) == 30
    clock.advance(timedelta(seconds=31))
    assert sign_in(client, "ent1", "wrong-again") == 401
    doubled = client.post("/api/auth/token", data={"username": "ent1", "password": PASSWORD})
    assert int(doubled.headers["Retry-After"]) == 60, "each further failure doubles the wait"
    clock.advance(timedelta(seconds=61))
    assert sign_in(client, "ent1", PASSWORD) == 200


def test_the_owner_signs_in_from_elsewhere_while_one_address_hammers_the_account(client: TestClient) -> None:
    attacker = from_address(client, "203.0.113.66")
    codes = [sign_in(attacker, "ent1", f"guess-{i}") for i in range(40)]
    assert codes.count(401) == 5
    assert set(codes[5:]) == {429}
    assert sign_in(attacker, "ent1", PASSWORD) == 429, "the attacker's address stays locked"
    owner = from_address(client, "198.51.100.20")
    assert sign_in(owner, "ent1", PASSWORD) == 200


def test_a_colleague_behind_the_same_address_is_not_locked_out_by_one_persons_failures(client: TestClient) -> None:
    # Someone who forgot both their username and their password: 30 failures under six names.
    office = from_address(client, "192.0.2.10")
    for name in ("li", "lihang", "li.hang", "hangli", "lh", "vendor1"):
        for i in range(5):
            assert sign_in(office, name, f"typo-{i}") == 401
    assert sign_in(office, "vendor1", PASSWORD) == 429, "that person waits"
    assert sign_in(office, "vendor2", PASSWORD) == 200, "the colleague at the next desk does not"


def test_failures_from_many_addresses_lock_the_account_for_everyone(client: TestClient, clock: ManualClock) -> None:
    for i in range(10):
        assert sign_in(from_address(client, f"203.0.113.{i + 1}"), "ent2", "wrong-password") == 401
    owner = from_address(client, "198.51.100.20")
    locked = owner.post("/api/auth/token", data={"username": "ent2", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) == 300
    assert sign_in(owner, "ent1", PASSWORD) == 200, "only that account is locked"
    clock.advance(timedelta(seconds=301))
    assert sign_in(owner, "ent2", PASSWORD) == 200


def test_one_address_trying_many_accounts_is_throttled(client: TestClient) -> None:
    sprayer = from_address(client, "203.0.113.99")
    codes = [sign_in(sprayer, f"guess{i}", "x" * 10) for i in range(21)]
    assert codes.count(401) == 20
    assert codes[-1] == 429
    assert sign_in(sprayer, "vendor1", PASSWORD) == 429, "every account, from that address"
    assert sign_in(from_address(client, "198.51.100.20"), "vendor1", PASSWORD) == 200


def test_an_ipv6_client_is_counted_by_its_slash_64(client: TestClient) -> None:
    for i in range(5):
        assert sign_in(from_address(client, f"2001:db8:1:2::{i + 1:x}"), "ent1", "wrong-password") == 401
    assert sign_in(from_address(client, "2001:db8:1:2::ffff"), "ent1", PASSWORD) == 429
    assert sign_in(from_address(client, "2001:db8:1:3::1"), "ent1", PASSWORD) == 200


def test_success_resets_the_account_counter(client: TestClient) -> None:
    for _ in range(4):
        client.post("/api/auth/token", data={"username": "vendor1", "password": "wrong-password"})
    login(client, "vendor1")
    for _ in range(4):
        assert client.post("/api/auth/token", data={"username": "vendor1", "password": "nope-nope"}).status_code == 401


def test_usernames_are_one_account_whatever_their_case(client: TestClient) -> None:
    assert sign_in(client, "VENDOR1", PASSWORD) == 200
    for i in range(5):
        assert sign_in(client, "Ent1" if i % 2 else "ENT1", "wrong-password") == 401
    assert sign_in(client, "ent1", PASSWORD) == 429, "failures under any spelling count for the account"
    admin = bearer(client, "admin")
    org = next(u for u in client.get("/api/admin/users", headers=admin).json() if u["username"] == "expert1")
    created = client.post(
        "/api/admin/users",
        headers=admin,
        json={
            "username": "Expert1",
            "password": "a-long-password",
            "display_name": "重名",
            "organisation_id": org["organisation_id"],
            "roles": ["expert"],
        },
    )
    assert created.status_code == 409
    assert created.json()["type"].endswith("/username-taken")


def test_expired_token_is_refused(client: TestClient, clock: ManualClock) -> None:
    headers = bearer(client, "vendor1")
    clock.advance(timedelta(minutes=16))
    response = client.get("/api/auth/me", headers=headers)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_forged_token_is_refused(client: TestClient, clock: ManualClock) -> None:
    other = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    now = int(clock.now().timestamp())
    forged = jwt.encode(
        {
            "iss": "shigu-gateway",
            "aud": "shigu",
            "sub": "x",
            "typ": "access",
            "roles": ["admin"],
            "iat": now,
            "exp": now + 600,
        },
        other,
        algorithm="EdDSA",
    )
    assert client.get("/api/admin/users", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    hs = jwt.encode({"sub": "x", "typ": "access", "roles": ["admin"], "iat": now, "exp": now + 600}, "k" * 32)
    assert client.get("/api/admin/users", headers={"Authorization": f"Bearer {hs}"}).status_code == 401


def test_wrong_role_is_403(client: TestClient) -> None:
    response = client.get("/api/admin/users", headers=bearer(client, "vendor1"))
    assert response.status_code == 403
    assert response.json()["required_roles"] == ["admin"]
    assert client.get("/api/admin/users").status_code == 401


def test_refresh_rotates_and_reuse_revokes_the_family(client: TestClient) -> None:
    first = login(client, "ent2")
    second = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    reuse = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    # The thief's replay revoked the legitimate successor too.
    assert client.post("/api/auth/refresh", json={"refresh_token": rotated["refresh_token"]}).status_code == 401


def test_suspended_user_is_locked_out_everywhere(client: TestClient) -> None:
    admin = bearer(client, "admin")
    vendor_tokens = login(client, "vendor3")
    users = client.get("/api/admin/users", headers=admin).json()
    vendor3 = next(u for u in users if u["username"] == "vendor3")
    assert (
        client.post(f"/api/admin/users/{vendor3['id']}/suspend", json={"reason": "test"}, headers=admin).status_code
        == 200
    )
    signin = client.post("/api/auth/token", data={"username": "vendor3", "password": PASSWORD})
    assert signin.status_code == 403
    assert signin.json()["type"].endswith("/account-suspended")
    assert client.post("/api/auth/refresh", json={"refresh_token": vendor_tokens["refresh_token"]}).status_code == 401
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {vendor_tokens['access_token']}"})
    assert me.status_code == 403
    proxied = client.get(
        "/api/workflow/challenges", headers={"Authorization": f"Bearer {vendor_tokens['access_token']}"}
    )
    assert proxied.status_code == 403


def test_a_suspended_administrators_token_stops_working_at_once(client: TestClient) -> None:
    admin = bearer(client, "admin")
    operator = next(u for u in client.get("/api/admin/users", headers=admin).json() if u["username"] == "admin")
    second = client.post(
        "/api/admin/users",
        headers=admin,
        json={
            "username": "admin2",
            "password": "a-long-password",
            "display_name": "第二管理员",
            "organisation_id": operator["organisation_id"],
            "roles": ["admin"],
        },
    )
    assert second.status_code == 201, second.text
    tokens = login(client, "admin2", "a-long-password")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/api/admin/users", headers=headers).status_code == 200
    suspended = client.post(f"/api/admin/users/{second.json()['id']}/suspend", json={"reason": "left"}, headers=admin)
    assert suspended.status_code == 200
    refused = client.get("/api/admin/users", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/account-suspended")
    assert client.get("/api/directory/experts", headers=headers).status_code == 403


class _RecordingHasher(PasswordHasher):
    """argon2id as the test suite configures it, noting how many database connections are checked
    out of the gateway's pool while a password is being verified."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.engine = engine
        self.checked_out: list[int] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        pool = self.engine.pool
        assert isinstance(pool, QueuePool)
        self.checked_out.append(pool.checkedout())
        return super().verify(hash, password)


def test_sign_in_checks_the_password_outside_any_transaction(client: TestClient) -> None:
    # On SQLite a transaction holds the database's one write lock: a password check (about 0.2 s
    # of CPU at production cost) inside it would make every other gateway request wait behind it.
    app = cast(FastAPI, client.app)
    recording = _RecordingHasher(app.state.engine)
    app.state.auth_service.hasher = recording
    login(client, "vendor1")
    response = client.post("/api/auth/token", data={"username": "vendor1", "password": "wrong-password"})
    assert response.status_code == 401
    assert recording.checked_out == [0, 0]


def test_a_password_changed_during_sign_in_is_refused(client: TestClient) -> None:
    app = cast(FastAPI, client.app)
    auth: AuthService = app.state.auth_service
    verified = auth.check_password(app.state.sessionmaker, "vendor1", PASSWORD)
    assert verified is not None
    with app.state.sessionmaker.begin() as session:
        user = session.get(User, verified.user_id)
        assert user is not None
        user.password_hash = auth.hasher.hash("a-new-password-2026")
    with app.state.sessionmaker.begin() as session:
        assert auth.signed_in_user(session, verified) is None
    assert auth.check_password(app.state.sessionmaker, "vendor1", PASSWORD) is None
    assert auth.check_password(app.state.sessionmaker, "vendor1", "a-new-password-2026") is not None


def test_sign_out_revokes_the_refresh_tokens_family(client: TestClient) -> None:
    first = login(client, "ent1")
    rotated = client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    other_session = login(client, "ent1")
    assert client.post("/api/auth/logout", json={"refresh_token": rotated["refresh_token"]}).status_code == 204
    refused = client.post("/api/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert refused.status_code == 401
    assert refused.json()["type"].endswith("/invalid-refresh-token")
    # The same user's session on another device is a family of its own and goes on.
    assert client.post("/api/auth/refresh", json={"refresh_token": other_session["refresh_token"]}).status_code == 200
    # Signing out again, or with a token the gateway never issued, ends the same way.
    assert client.post("/api/auth/logout", json={"refresh_token": rotated["refresh_token"]}).status_code == 204
    assert client.post("/api/auth/logout", json={"refresh_token": "never-issued-token"}).status_code == 204
