"""Schemathesis against the gateway's OpenAPI, in process, with a fixed seed and bounded examples."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from kit.testing import auth_headers

EXAMPLES = 25
# Every check runs except positive_data_acceptance: semantic rules (credit-code check digits,
# taken usernames, unknown ids) rightly refuse data that is merely schema-valid.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


def test_gateway_api_has_no_server_errors_or_schema_violations(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    headers = auth_headers(app.state.tokens, "admin", app.state.clock.now())
    cases = 0
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the spec has an invalid operation: {result}"
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case[Any]) -> None:
            nonlocal cases
            cases += 1
            case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

        run()
    print(f"gateway fuzz: {cases} generated cases")
    assert cases > 50
