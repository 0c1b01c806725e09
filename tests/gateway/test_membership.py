"""Who adds members to which organisation: the operator only to operator and government ones (and
experts anywhere, as an affiliation); an enterprise or vendor through its own administrator's
invitation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from demo.accounts import ORG_BY_KEY
from kit.clock import ManualClock
from kit.db import normalise_url
from kit.migrate import upgrade
from tests.gateway.conftest import bearer, login
from tests.support.databases import fresh_database_url

PASSWORD = "a-long-password-1"


def _new_user(username: str, org_key: str, roles: list[str]) -> dict[str, Any]:
    return {
        "username": username,
        "password": PASSWORD,
        "display_name": username,
        "organisation_id": ORG_BY_KEY[org_key].id,
        "roles": roles,
    }


@pytest.mark.parametrize(
    ("org_key", "roles", "status"),
    [
        ("vendor2", ["vendor"], 422),
        ("vendor2", ["vendor", "expert"], 422),
        ("vendor2", ["admin"], 422),
        ("ent1", ["enterprise"], 422),
        ("gov", ["vendor"], 422),
        ("operator", ["gov_reviewer"], 422),
        ("operator", ["admin"], 201),
        ("gov", ["gov_reviewer"], 201),
        # 监督人 (decision 0107): a government organisation's role only.
        ("gov", ["supervisor"], 201),
        ("gov", ["gov_reviewer", "supervisor"], 201),
        ("operator", ["supervisor"], 422),
        ("ent1", ["supervisor"], 422),
        ("vendor2", ["supervisor"], 422),
        ("experts", ["expert"], 201),
        ("vendor2", ["expert"], 201),  # an expert's affiliation, for conflict-of-interest recusal
    ],
)
def test_the_operator_grants_only_what_the_organisations_kind_allows(
    client: TestClient, org_key: str, roles: list[str], status: int
) -> None:
    admin = bearer(client, "admin")
    response = client.post("/api/admin/users", headers=admin, json=_new_user("added", org_key, roles))
    assert response.status_code == status, response.text
    users = {u["username"]: u for u in client.get("/api/admin/users", headers=admin).json()}
    if status == 422:
        assert response.json()["type"].endswith("/role-not-allowed")
        assert "added" not in users
    else:
        assert users["added"]["roles"] == roles


def _invite(client: TestClient, inviter: str, org_key: str) -> Any:
    return client.post(f"/api/organisations/{ORG_BY_KEY[org_key].id}/invitations", headers=bearer(client, inviter))


def _accept(client: TestClient, token: str, username: str = "newmember") -> Any:
    user = {"username": username, "password": PASSWORD, "display_name": "新成员"}
    return client.post("/api/invitations/accept", json={"token": token, "user": user})


def test_a_vendors_administrator_invites_a_member_who_joins_with_a_username(
    client: TestClient, app: FastAPI, clock: ManualClock
) -> None:
    invited = _invite(client, "vendor1", "vendor1")
    assert invited.status_code == 201, invited.text
    assert invited.json()["role"] == "vendor"
    clock.advance(timedelta(hours=1))
    joined = _accept(client, invited.json()["token"])
    assert joined.status_code == 201, joined.text
    assert joined.json() == {
        "user_id": joined.json()["user_id"],
        "organisation_id": ORG_BY_KEY["vendor1"].id,
        "roles": ["vendor"],
    }
    tokens = login(client, "newmember", PASSWORD)
    principal = app.state.tokens.verify_access(tokens["access_token"], now=clock.now())
    assert principal.org_id == ORG_BY_KEY["vendor1"].id
    assert principal.roles == {"vendor"}
    assert principal.member_since == clock.now()
    # One use only.
    again = _accept(client, invited.json()["token"], "secondmember")
    assert again.status_code == 404
    assert again.json()["type"].endswith("/invitation-invalid")
    # A plain member neither invites nor lists the members.
    member = {"Authorization": f"Bearer {tokens['access_token']}"}
    org = ORG_BY_KEY["vendor1"].id
    assert client.post(f"/api/organisations/{org}/invitations", headers=member).status_code == 403
    assert client.get(f"/api/organisations/{org}/members", headers=member).status_code == 403
    listed = client.get(f"/api/organisations/{org}/members", headers=bearer(client, "vendor1")).json()
    # (The demo seed ran on the real clock, after the test clock's "now": the order is not asserted.)
    assert sorted((m["username"], m["role"], m["org_admin"]) for m in listed) == [
        ("newmember", "vendor", False),
        ("vendor1", "vendor", True),
    ]


@pytest.mark.parametrize(
    ("inviter", "org_key"),
    [
        ("admin", "vendor1"),
        ("vendor2", "vendor1"),
        ("expert4", "vendor2"),
        ("ent1", "vendor1"),
        ("gov1", "gov"),
        ("admin", "operator"),
    ],
)
def test_only_the_organisations_own_administrator_invites(client: TestClient, inviter: str, org_key: str) -> None:
    refused = _invite(client, inviter, org_key)
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"].endswith("/not-organisation-admin")
    assert "token" not in refused.json()


def test_an_invitation_expires_after_seven_days(client: TestClient, clock: ManualClock) -> None:
    token = _invite(client, "ent1", "ent1").json()["token"]
    clock.advance(timedelta(days=7, seconds=1))
    assert _accept(client, token).status_code == 404
    assert client.post("/api/auth/token", data={"username": "newmember", "password": PASSWORD}).status_code == 401


def test_nobody_joins_a_suspended_organisation(client: TestClient) -> None:
    token = _invite(client, "vendor3", "vendor3").json()["token"]
    admin = bearer(client, "admin")
    org = ORG_BY_KEY["vendor3"].id
    assert client.post(f"/api/admin/organisations/{org}/suspend", headers=admin, json={}).status_code == 200
    refused = _accept(client, token)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/organisation-not-active")


def test_a_registrant_administers_the_organisation_it_registered(client: TestClient) -> None:
    from tests.gateway.factories import registration

    body = registration()
    org_id = client.post("/api/auth/register", json=body).json()["organisation"]["id"]
    assert client.post(f"/api/admin/organisations/{org_id}/verify", headers=bearer(client, "admin")).status_code == 200
    user = body["user"]
    token = login(client, user["username"], user["password"])["access_token"]
    invited = client.post(f"/api/organisations/{org_id}/invitations", headers={"Authorization": f"Bearer {token}"})
    assert invited.status_code == 201, invited.text


def test_the_migration_dates_memberships_and_makes_each_first_member_administrator(tmp_path: Path) -> None:
    url = fresh_database_url("gateway_membership_migration", str(tmp_path))
    upgrade("gateway", url, "6adae7a9f2d7")
    engine = create_engine(normalise_url(url))
    orgs = [("o-v", "vendor", "91330108665477348D"), ("o-g", "government", "11330100552360012E")]
    users = [("u-first", "2026-01-01"), ("u-later", "2026-02-01"), ("u-gov", "2026-01-01")]
    memberships = [
        ("m1", "u-first", "o-v", "vendor"),
        ("m2", "u-later", "o-v", "vendor"),
        ("m3", "u-gov", "o-g", "gov_reviewer"),
    ]
    with engine.begin() as conn:
        for oid, kind, code in orgs:
            conn.execute(
                text(
                    "INSERT INTO organisations (id, kind, name, credit_code, district, status, created_at)"
                    " VALUES (:i, :k, :i, :c, '西湖区', 'active', '2026-01-01 00:00:00+00:00')"
                ),
                {"i": oid, "k": kind, "c": code},
            )
        for uid, day in users:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, password_hash, status, created_at)"
                    " VALUES (:i, :i, :i, 'x', 'active', :d)"
                ),
                {"i": uid, "d": f"{day} 00:00:00+00:00"},
            )
        for mid, uid, oid, role in memberships:
            conn.execute(
                text("INSERT INTO memberships (id, user_id, organisation_id, role) VALUES (:m, :u, :o, :r)"),
                {"m": mid, "u": uid, "o": oid, "r": role},
            )
    upgrade("gateway", url)
    with engine.connect() as conn:
        got = {
            r.id: (bool(r.org_admin), r.created_at is not None) for r in conn.execute(text("SELECT * FROM memberships"))
        }
    engine.dispose()
    assert got == {"m1": (True, True), "m2": (False, True), "m3": (False, True)}
