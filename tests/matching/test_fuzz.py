"""Schemathesis against the matching service's OpenAPI, in process, per role, fixed seed, bounded examples."""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

from kit.demo import ORG_BY_KEY
from kit.testing import auth_headers
from tests.matching.conftest import As
from tests.matching.factories import challenge_event, demand_body, product_body, provider_body

EXAMPLES = 12
ROLES = ("anonymous", "admin", "vendor1", "ent1", "service")
# Every check runs except positive_data_acceptance: semantic rules (taxonomy tags, districts, unknown
# ids, roles) rightly refuse data that is merely schema-valid.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


def _seed(client: TestClient, as_: As) -> dict[str, str]:
    """Something to find: real ids for path parameters, real items through response validation."""
    vendor1 = ORG_BY_KEY["vendor1"].id
    assert client.put("/providers/me", json=provider_body(), headers=as_("vendor1")).status_code == 200
    product = client.post("/products", json=product_body(), headers=as_("vendor1")).json()["id"]
    subscription = client.post("/subscriptions", json={"name": "全部", "kind": "demand"}, headers=as_("vendor1"))
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()["id"]
    approve = {"approve": True, "note": ""}
    assert client.post(f"/demands/{demand}/review", json=approve, headers=as_("admin")).status_code == 200
    interest = client.post(f"/demands/{demand}/interests", json={"proposal": "成熟方案可试点"}, headers=as_("vendor1"))
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


def _fuzz(operation: Any, headers: dict[str, str], ids: dict[str, str]) -> int:
    cases = 0

    @given(case=operation.as_strategy(), known=st.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case[Any], known: bool) -> None:
        nonlocal cases
        cases += 1
        if known and case.path_parameters:  # half the cases reach past the 404 of a made-up id
            case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    run()
    return cases


def _summary(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " | ".join(lines[:14])


def test_matching_api_has_no_server_errors_or_schema_violations(client: TestClient, as_: As) -> None:
    app: Any = client.app
    ids = _seed(client, as_)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    now = app.state.clock.now()
    headers_of = {
        "anonymous": {},
        "service": {"Authorization": f"Bearer {app.state.tokens.issue_service('workflow', now=now)}"},
        **{role: auth_headers(app.state.tokens, role, now) for role in ("admin", "vendor1", "ent1")},
    }
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the spec has an invalid operation: {result}"
        operations.append(result.ok())
    cases = 0
    failures: list[str] = []
    for role in ROLES:
        for operation in operations:
            try:
                cases += _fuzz(operation, headers_of[role], ids)
            except (Exception, BaseExceptionGroup) as exc:  # every operation's finding, not only the first
                failures.append(f"{role} {operation.label}: {_summary(exc)}")
    print(f"schemathesis: {cases} cases over {len(operations)} operations × {len(ROLES)} roles")
    assert not failures, "\n".join(failures)
    assert cases >= len(operations) * len(ROLES)
