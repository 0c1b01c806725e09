"""Schemathesis in process, the same way for every service: fixed seed, bounded examples, all checks
but positive_data_acceptance (semantic rules — check digits, taxonomy, unknown ids, lifecycle —
rightly refuse data that is merely schema-valid)."""

from __future__ import annotations

import json
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


NON_FINITE = ("NaN", "-Infinity", "Infinity", "1e999")
_MARK = "__non_finite__"


def _number_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _number_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _number_paths(v, (*path, i))]
    return []


def _marked(value: Any, path: tuple[str | int, ...]) -> Any:
    if not path:
        return _MARK
    head, *rest = path
    if isinstance(value, dict):
        return {k: _marked(v, tuple(rest)) if k == head else v for k, v in value.items()}
    return [_marked(v, tuple(rest)) if i == head else v for i, v in enumerate(value)]


def _printable(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Percent signs too: a generated "%1F" reaches the service as a control character.
    return "".join(c if c.isalnum() or c in "-_" else "x" for c in value) or "x"


def fuzz_non_finite(
    client: Any, operation: Any, headers: Mapping[str, str], *, examples: int, known: Mapping[str, str] | None = None
) -> int:
    """Every number of generated JSON bodies, one at a time, sent as NaN, ±Infinity and 1e999 (which Python's
    json reads as infinity): each must be refused with 422, never stored (2xx) nor a server error."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: schemathesis.Case[Any]) -> None:
        nonlocal sent
        if case.media_type != "application/json":
            return
        if case.path_parameters:
            # A control character or an ambiguous encoding in the path is refused (400) before any body
            # is read: keep generated path parameters plain so that the number is what the service judges.
            case.path_parameters = {k: (known or {}).get(k, _printable(v)) for k, v in case.path_parameters.items()}
        for path in _number_paths(case.body):
            template = json.dumps(_marked(case.body, path))
            for token in NON_FINITE:
                response = client.request(
                    case.method,
                    case.formatted_path,
                    params=case.query,
                    content=template.replace(f'"{_MARK}"', token).encode(),
                    headers={**headers, "content-type": "application/json"},
                )
                sent += 1
                assert response.status_code == 422, (case.method, case.formatted_path, path, token, response.text)
                assert response.headers["content-type"].startswith("application/problem+json")

    run()
    return sent
