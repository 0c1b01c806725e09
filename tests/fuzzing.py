"""Schemathesis in process, the same way for every service: fixed seed, bounded examples, all checks
but positive_data_acceptance (semantic rules — check digits, taxonomy, unknown ids, lifecycle —
rightly refuse data that is merely schema-valid)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Ok

EXCLUDED = [schemathesis.checks.positive_data_acceptance]


def operations(app: FastAPI) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the spec has an invalid operation: {result}"
        found.append(result.ok())
    return found


def fuzz(operation: Any, headers: Mapping[str, str], *, examples: int, known: Mapping[str, str] | None = None) -> int:
    """Run one operation's generated cases; half of them get real ids so they reach past a 404."""
    cases = 0

    @given(case=operation.as_strategy(), use_known=st.booleans())
    @settings(
        max_examples=examples, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: schemathesis.Case[Any], use_known: bool) -> None:
        nonlocal cases
        cases += 1
        if known and use_known and case.path_parameters:
            case.path_parameters = {k: known.get(k, v) for k, v in case.path_parameters.items()}
        case.call_and_validate(headers=dict(headers), excluded_checks=EXCLUDED)

    run()
    return cases
