"""Schemathesis against the workflow service's OpenAPI, in process, fixed seed, bounded examples.

One run per role, against a database holding an open challenge with one sealed application, so
that half of the generated path ids resolve (the other half stay random and exercise the 404s).
"""

from __future__ import annotations

import pytest

from demo.tokens import auth_headers
from tests.support.fuzzing import fuzz, fuzz_non_finite, operations
from tests.workflow.factories import Api

EXAMPLES = 8
ROLES = [None, "ent1", "vendor1", "gov1", "expert1", "admin"]


@pytest.mark.parametrize("role", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_workflow_api_has_no_server_errors_or_schema_violations(api: Api, role: str | None) -> None:
    app = api.app
    cid = api.open_challenge()
    known = {"challenge_id": cid, "application_id": api.apply(cid, "vendor2")["id"]}
    headers = auth_headers(app.state.tokens, role, app.state.clock.now()) if role else {}
    cases = sum(fuzz(operation, headers, examples=EXAMPLES, known=known) for operation in operations(app))
    print(f"fuzz[{role or 'anonymous'}]: {cases} generated cases")
    assert cases > 100


def test_explicit_nulls_leave_not_null_fields_alone(api: Api) -> None:
    """Found by the fuzzer: `"criteria": null` reached a NOT NULL column and answered 500."""
    created = api.ok(api.post("/challenges", "ent1", json={"title": "空值测试", "criteria": None, "mode": None}), 201)
    assert (created["criteria"], created["mode"]) == ([], "jiebang")
    etag = api.get(f"/challenges/{created['id']}", "ent1").headers["etag"]
    body = {"indicators": None, "application_deadline": None, "reward_amount": None}
    patched = api.ok(api.patch(f"/challenges/{created['id']}", "ent1", body, if_match=etag))
    assert (patched["indicators"], patched["reward_amount"]) == ([], None)


def test_non_finite_numbers_in_any_body_are_refused(api: Api) -> None:
    cid = api.open_challenge()
    known = {"challenge_id": cid, "application_id": api.apply(cid, "vendor2")["id"]}
    headers = auth_headers(api.app.state.tokens, "gov1", api.clock.now())
    sent = sum(fuzz_non_finite(api.client, op, headers, examples=4, known=known) for op in operations(api.app))
    print(f"non-finite fuzz: {sent} requests")
    assert sent > 50
