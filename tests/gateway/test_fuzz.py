"""Schemathesis against the gateway's OpenAPI, in process, with a fixed seed and bounded examples."""

from __future__ import annotations

from fastapi import FastAPI

from demo.tokens import auth_headers
from tests.support.fuzzing import fuzz, operations


def test_gateway_api_has_no_server_errors_or_schema_violations(app: FastAPI) -> None:
    headers = auth_headers(app.state.tokens, "admin", app.state.clock.now())
    cases = sum(fuzz(operation, headers, examples=25) for operation in operations(app))
    print(f"gateway fuzz: {cases} generated cases")
    assert cases > 50
