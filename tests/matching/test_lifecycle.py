"""Table-driven over the demand, interest and batch rules (tests/support/lifecycles.py), and the one writer's
record of each step through the API: the transition rows, the audit line, the allowed actions read back."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from kit.rules import Actor
from matching.batch.lifecycle import LIFECYCLE as BATCHES
from matching.demand.lifecycle import LIFECYCLE as DEMANDS
from matching.interest.lifecycle import LIFECYCLE as INTERESTS
from matching.models import AdminAudit, Batch, Demand, Interest, StatusTransition
from tests.matching.conftest import As
from tests.matching.factories import demand_body
from tests.support.lifecycles import Entity, table_tests

ADMIN = Actor(id="u-admin", roles=frozenset({"admin"}), org_id="op")
GOV = Actor(id="u-gov", roles=frozenset({"gov_reviewer"}), org_id="gov")
OWNER = Actor(id="u-ent", roles=frozenset({"enterprise"}), org_id="org-1")
OTHER = Actor(id="u-ent2", roles=frozenset({"enterprise"}), org_id="org-2")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-3")


def _interest(status: str) -> Interest:
    row = Interest(id="i", demand_id="d", vendor_org_id="org-3", status=status)
    row.demand = Demand(id="d", publisher_org_id="org-1", status="published")
    return row


ENTITIES = {
    "demand": Entity(
        DEMANDS,
        lambda status: Demand(id="d", publisher_org_id="org-1", status=status),
        {"reviewer": GOV, "owner": OWNER, "outsider": VENDOR},
        ("pending_review", "draft"),
        follower=ADMIN,
    ),
    "interest": Entity(INTERESTS, _interest, {"publisher": OWNER, "outsider": VENDOR}, "pending"),
    "batch": Entity(BATCHES, lambda status: Batch(id="b", status=status), {"admin": ADMIN, "outsider": OTHER}, "draft"),
}


test_every_pair, test_reasons, test_guards, test_reachable = table_tests(ENTITIES)


def test_an_admin_decides_for_any_publisher_and_a_reviewer_does_not() -> None:
    row = _interest("pending")
    assert INTERESTS.allowed_actions(row, ADMIN) == ["deal", "decline"]
    assert INTERESTS.allowed_actions(row, GOV) == []
    assert INTERESTS.allowed_actions(row, OTHER) == []


def _steps(client: TestClient) -> list[tuple[str, str, str, str, str]]:
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        rows = session.scalars(select(StatusTransition)).all()
        return sorted((t.entity, t.action, t.from_status, t.to_status, t.reason) for t in rows)


def _acts(client: TestClient) -> list[str]:
    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(AdminAudit.action).order_by(AdminAudit.seq)))


def _ok(response: Any, code: int = 200) -> Any:
    assert response.status_code == code, response.text
    return response.json()


def test_a_demand_returned_revised_and_published_records_every_step(client: TestClient, as_: As) -> None:
    body = demand_body()
    demand = _ok(client.post("/demands", json=body, headers=as_("ent1")), 201)
    assert demand["allowed_actions"] == []
    assert _ok(client.get(f"/demands/{demand['id']}", headers=as_("gov1")))["allowed_actions"] == ["approve", "return"]
    url = f"/demands/{demand['id']}"
    _ok(client.post(f"{url}/review", json={"approve": False, "note": "补充预算"}, headers=as_("gov1")))
    assert _ok(client.get(url, headers=as_("ent1")))["allowed_actions"] == ["resubmit"]
    revised = _ok(client.put(url, json={**body, "budget_max": 90}, headers=as_("ent1")))
    assert (revised["status"], revised["budget_max"]) == ("pending_review", 90)
    _ok(client.post(f"{url}/review", json={"approve": True, "note": "同意"}, headers=as_("gov1")))
    again = client.post(f"{url}/review", json={"approve": True}, headers=as_("gov1"))
    assert again.status_code == 409
    assert (again.json()["demand_status"], again.json()["allowed_actions"]) == ("published", [])
    assert _steps(client) == [
        ("demand", "approve", "pending_review", "published", "同意"),
        ("demand", "resubmit", "returned", "pending_review", ""),
        ("demand", "return", "pending_review", "returned", "补充预算"),
    ]
    assert _acts(client) == ["demand.returned", "demand.published"]


def test_an_interest_decided_twice_is_refused_naming_its_state(client: TestClient, as_: As) -> None:
    demand = _ok(client.post("/demands", json=demand_body(), headers=as_("ent1")), 201)
    _ok(client.post(f"/demands/{demand['id']}/review", json={"approve": True}, headers=as_("gov1")))
    interest = {"proposal": "我们有成熟方案", "contact_name": "王工", "contact_phone": "13800000000"}
    made = _ok(client.post(f"/demands/{demand['id']}/interests", json=interest, headers=as_("vendor1")), 201)
    url = f"/interests/{made['id']}/decision"
    assert _ok(client.post(url, json={"decision": "deal"}, headers=as_("ent1")))["status"] == "deal"
    again = client.post(url, json={"decision": "declined", "reason": "改主意"}, headers=as_("ent1"))
    assert again.status_code == 409
    assert (again.json()["interest_status"], again.json()["allowed_actions"]) == ("deal", [])
    assert ("interest", "deal", "pending", "deal", "") in _steps(client)
    assert "interest.decided" not in _acts(client)  # the publisher's own decision is not an admin act
