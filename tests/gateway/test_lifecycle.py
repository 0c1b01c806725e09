"""Table-driven over the organisation and user rules (tests/support/lifecycles.py), and the one writer's record
of each step: the transition row and the administrative act on the audit chain."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.account.lifecycle import LIFECYCLE as USERS
from gateway.models import AdminAudit, Organisation, StatusTransition, User
from gateway.models.organisation import ORG_STATUSES
from gateway.models.user import USER_STATUSES
from gateway.organisations.lifecycle import LIFECYCLE as ORGANISATIONS
from kit.rules import Actor
from tests.gateway.conftest import bearer
from tests.support.lifecycles import Entity, table_tests

ADMIN = Actor(id="u-admin", roles=frozenset({"admin"}), org_id="op")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
ENTITIES = {
    "organisation": Entity(
        ORGANISATIONS,
        lambda status: Organisation(id="o", kind="vendor", status=status),
        {"admin": ADMIN, "outsider": VENDOR},
        "pending",
    ),
    # A user is created active (registration waits on its organisation instead); "pending" stays a
    # state the users table and the sign-in check know, and no code path enters it.
    "user": Entity(
        USERS,
        lambda status: User(id="u", status=status),
        {"admin": ADMIN, "outsider": VENDOR},
        "active",
        unreached=("pending",),
    ),
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
