"""Schemathesis against the matching service's OpenAPI, in process, per role, fixed seed, bounded examples."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from demo.tokens import auth_headers
from tests.matching.conftest import As
from tests.matching.factories import challenge_event, demand_body, interest_body, product_body, provider_body
from tests.support.fuzzing import fuzz, fuzz_non_finite, operations

EXAMPLES = 12
ROLES = ("anonymous", "admin", "vendor1", "ent1", "service")


def _seed(client: TestClient, as_: As) -> dict[str, str]:
    """Something to find: real ids for path parameters, real items through response validation."""
    vendor1 = ORG_BY_KEY["vendor1"].id
    assert client.put("/providers/me", json=provider_body(), headers=as_("vendor1")).status_code == 200
    product = client.post("/products", json=product_body(), headers=as_("vendor1")).json()["id"]
    subscription = client.post("/subscriptions", json={"name": "全部", "kind": "demand"}, headers=as_("vendor1"))
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()["id"]
    approve = {"approve": True, "note": ""}
    assert client.post(f"/demands/{demand}/review", json=approve, headers=as_("admin")).status_code == 200
    interest = client.post(
        f"/demands/{demand}/interests", json=interest_body(proposal="成熟方案可试点"), headers=as_("vendor1")
    )
    batch = client.post("/batches", json={"code": "FUZZ-1", "name": "2026年第9批"}, headers=as_("admin")).json()["id"]
    challenge = str(uuid.uuid4())
    assert client.post("/internal/events", json=challenge_event(challenge, 1), headers=as_.service()).status_code == 200
    notification = client.get("/notifications", headers=as_("vendor1")).json()[0]["id"]
    return {
        "demand_id": demand,
        "product_id": product,
        "provider_id": vendor1,
        "org_id": vendor1,
        "batch_id": batch,
        "interest_id": interest.json()["id"],
        "challenge_id": challenge,
        "subscription_id": subscription.json()["id"],
        "notification_id": notification,
    }


def _summary(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " | ".join(lines[:14])


def test_matching_api_has_no_server_errors_or_schema_violations(client: TestClient, as_: As) -> None:
    app: Any = client.app
    ids = _seed(client, as_)
    now = app.state.clock.now()
    headers_of = {
        "anonymous": {},
        "service": {"Authorization": f"Bearer {app.state.tokens.issue_service('workflow', now=now)}"},
        **{role: auth_headers(app.state.tokens, role, now) for role in ("admin", "vendor1", "ent1")},
    }
    ops = operations(app)
    cases = 0
    failures: list[str] = []
    for role in ROLES:
        for operation in ops:
            try:
                cases += fuzz(operation, headers_of[role], examples=EXAMPLES, known=ids)
            except (Exception, BaseExceptionGroup) as exc:  # every operation's finding, not only the first
                failures.append(f"{role} {operation.label}: {_summary(exc)}")
    print(f"schemathesis: {cases} cases over {len(ops)} operations × {len(ROLES)} roles")
    assert not failures, "\n".join(failures)
    assert cases >= len(ops) * len(ROLES)


def test_non_finite_numbers_in_any_body_are_refused(client: TestClient, as_: As) -> None:
    app: Any = client.app
    ids = _seed(client, as_)
    headers = auth_headers(app.state.tokens, "admin", app.state.clock.now())
    sent = sum(fuzz_non_finite(client, op, headers, examples=4, known=ids) for op in operations(app))
    print(f"non-finite fuzz: {sent} requests")
    assert sent > 20
