"""Table-driven over the organisation and user rules (tests/support/lifecycles.py), and the one writer's record
of each step: the transition row and the administrative act on the audit chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.account.lifecycle import LIFECYCLE as USERS
from gateway.models import AdminAudit, Organisation, StatusTransition, User
from gateway.models.organisation import ORG_STATUSES
from gateway.models.user import USER_STATUSES
from gateway.organisations.lifecycle import LIFECYCLE as ORGANISATIONS
from kit.db import normalise_url
from kit.migrate import downgrade, upgrade
from kit.rules import Actor
from tests.gateway.conftest import bearer
from tests.gateway.factories import registration
from tests.support.databases import fresh_database_url
from tests.support.lifecycles import Entity, table_tests

BEFORE_USERS_WITHOUT_PENDING = "c4e8f1a2b3d5"
ADMIN = Actor(id="u-admin", roles=frozenset({"admin"}), org_id="op")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
ENTITIES = {
    "organisation": Entity(
        ORGANISATIONS,
        lambda status: Organisation(id="o", kind="vendor", status=status),
        {"admin": ADMIN, "outsider": VENDOR},
        "pending",
    ),
    # A user is created active (registration waits on its organisation instead, decision 0104).
    "user": Entity(USERS, lambda status: User(id="u", status=status), {"admin": ADMIN, "outsider": VENDOR}, "active"),
}


test_every_pair, test_reasons, test_guards, test_reachable = table_tests(ENTITIES)


def test_the_tables_and_the_check_constraints_name_the_same_states() -> None:
    assert ORGANISATIONS.states == ORG_STATUSES
    assert USERS.states == USER_STATUSES


def test_each_step_is_recorded_once_with_its_audit_line(client: TestClient, app: FastAPI) -> None:
    admin = bearer(client, "admin")
    org = ORG_BY_KEY["vendor2"].id
    user = USER_BY_NAME["vendor3"].id
    assert (
        client.post(f"/api/admin/organisations/{org}/suspend", json={"reason": "资质过期"}, headers=admin).status_code
        == 200
    )
    again = client.post(f"/api/admin/organisations/{org}/suspend", json={"reason": "再次"}, headers=admin)
    assert again.status_code == 409
    assert (again.json()["organisation_status"], again.json()["allowed_actions"]) == ("suspended", ["reactivate"])
    back = client.post(f"/api/admin/organisations/{org}/reactivate", headers=admin)
    assert (back.json()["status"], back.json()["allowed_actions"]) == ("active", ["suspend"])
    assert client.post(f"/api/admin/users/{user}/suspend", json={"reason": "离职"}, headers=admin).status_code == 200
    with app.state.sessionmaker() as session:
        steps = session.scalars(select(StatusTransition)).all()
        moved = sorted((t.entity, t.action, t.entity_id, t.from_status, t.to_status, t.reason) for t in steps)
        assert moved == [
            ("organisation", "reactivate", org, "suspended", "active", ""),
            ("organisation", "suspend", org, "active", "suspended", "资质过期"),
            ("user", "suspend", user, "active", "suspended", "离职"),
        ]
        assert {t.actor for t in steps} == {f"user:{USER_BY_NAME['admin'].id}"}
        acts = session.scalars(select(AdminAudit.action).order_by(AdminAudit.seq)).all()
        assert acts == ["organisation.suspended", "organisation.reactivated", "user.suspended"]


def test_the_admin_lists_carry_what_each_status_allows(client: TestClient) -> None:
    """The admin tables draw their buttons from `allowed_actions`: a rejected organisation offers
    nothing (suspending it is a 409), a suspended one only reactivation."""
    admin = bearer(client, "admin")

    def offered() -> dict[str, tuple[str, list[str]]]:
        listed = client.get("/api/admin/organisations", headers=admin).json()
        return {o["id"]: (o["status"], o["allowed_actions"]) for o in listed}

    registered = client.post("/api/auth/register", json=registration()).json()["organisation"]["id"]
    suspended = ORG_BY_KEY["vendor2"].id
    client.post(f"/api/admin/organisations/{suspended}/suspend", json={"reason": "资质过期"}, headers=admin)
    assert offered()[registered] == ("pending", ["reject", "suspend", "verify"])
    assert offered()[suspended] == ("suspended", ["reactivate"])
    assert offered()[ORG_BY_KEY["vendor1"].id] == ("active", ["suspend"])
    client.post(f"/api/admin/organisations/{registered}/reject", json={"reason": "材料不全"}, headers=admin)
    assert offered()[registered] == ("rejected", [])
    refused = client.post(f"/api/admin/organisations/{registered}/suspend", json={"reason": "x"}, headers=admin)
    assert (refused.status_code, refused.json()["allowed_actions"]) == (409, [])

    user = USER_BY_NAME["vendor3"].id
    client.post(f"/api/admin/users/{user}/suspend", json={"reason": "离职"}, headers=admin)
    users = {u["id"]: (u["status"], u["allowed_actions"]) for u in client.get("/api/admin/users", headers=admin).json()}
    assert users[user] == ("suspended", ["activate"])
    assert users[USER_BY_NAME["vendor1"].id] == ("active", ["suspend"])
    assert all(actions == {"active": ["suspend"], "suspended": ["activate"]}[s] for s, actions in users.values())


def test_the_migration_suspends_pending_users_records_it_and_narrows_the_check(tmp_path: Path) -> None:
    """A user a hand put in the removed `pending` state (decision 0104) could not sign in and could be
    activated: suspended keeps both, and the history says so; the CHECK then refuses `pending`."""
    url = fresh_database_url("gateway_users_pending", str(tmp_path))
    upgrade("gateway", url, BEFORE_USERS_WITHOUT_PENDING)
    engine = create_engine(normalise_url(url))
    insert = text(
        "INSERT INTO users (id, username, display_name, password_hash, status, created_at)"
        " VALUES (:i, :i, :i, 'x', :s, '2026-01-01 00:00:00+00:00')"
    )
    with engine.begin() as conn:
        for uid, status in (("u-pending", "pending"), ("u-active", "active"), ("u-suspended", "suspended")):
            conn.execute(insert, {"i": uid, "s": status})
    upgrade("gateway", url)
    with engine.connect() as conn:
        statuses = {r.id: r.status for r in conn.execute(text("SELECT id, status FROM users"))}
        history = conn.execute(
            text("SELECT entity, entity_id, action, from_status, to_status, actor FROM status_transitions")
        ).all()
    assert statuses == {"u-pending": "suspended", "u-active": "active", "u-suspended": "suspended"}
    assert [tuple(h) for h in history] == [("user", "u-pending", "suspend", "pending", "suspended", "system:migration")]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert, {"i": "u-new", "s": "pending"})
    downgrade("gateway", url, BEFORE_USERS_WITHOUT_PENDING)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT status FROM users WHERE id = 'u-pending'")).scalar_one() == "pending"
        assert conn.execute(text("SELECT count(*) FROM status_transitions")).scalar_one() == 0
        conn.execute(insert, {"i": "u-new", "s": "pending"})
    engine.dispose()
