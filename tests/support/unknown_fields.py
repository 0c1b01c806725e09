"""Every POST, PUT and PATCH route with a JSON body, called with one field no schema names: the answer must be
422 problem+json naming that field, for every service (house rule: an unknown field is never silently dropped).

The caller carries every role and a service token's audience is tried for internal routes, so that the body's
validation is what answers, not the authorisation in front of it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from kit.tokens import TokenCodec

UNKNOWN = "zz_not_in_any_schema"
ALL_ROLES = ["admin", "enterprise", "vendor", "expert", "gov_reviewer"]
# Request bodies matching receives from workflow (its event feed): a newer workflow may add fields.
TOLERANT_PATHS = frozenset({"/internal/events"})


def json_write_routes(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, body schema) of every POST/PUT/PATCH operation whose body is JSON."""
    spec = app.openapi()
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "put", "patch") or path in TOLERANT_PATHS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            schema = next((c["schema"] for media, c in content.items() if "json" in media), None)
            if schema is not None:
                found.append((method.upper(), path, schema))
    return found


def everyone(codec: TokenCodec, now: datetime) -> dict[str, str]:
    """An access token with every role, for the demo administrator."""
    user = USER_BY_NAME["admin"]
    org = ORG_BY_KEY[user.org_key]
    token = codec.issue_access(
        user_id=user.id,
        username=user.username,
        roles=ALL_ROLES,
        org_id=org.id,
        org_kind=org.kind,
        org_name=org.name,
        now=now,
    )
    return {"Authorization": f"Bearer {token}"}


def _body(schema: Mapping[str, Any]) -> Any:
    if schema.get("type") == "array":
        return [{UNKNOWN: 1}]
    return {UNKNOWN: 1}


def assert_unknown_field_refused(
    client: TestClient, app: FastAPI, user: Mapping[str, str], service: Mapping[str, str]
) -> int:
    """Call every JSON write route with the unknown field; returns how many were called."""
    routes = json_write_routes(app)
    assert routes, "no JSON write routes found"
    failures = []
    for method, path, schema in routes:
        url = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        headers = {
            **(service if path.startswith("/internal/") else user),
            "If-Match": "*",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        answer = client.request(method, url, json=_body(schema), headers=headers)
        named = answer.status_code == 422 and any(
            error.get("loc", [None])[-1] == UNKNOWN and error.get("type") == "extra_forbidden"
            for error in answer.json().get("errors", [])
        )
        if (
            not named
            or answer.headers["content-type"] != "application/problem+json"
            or UNKNOWN not in answer.json()["detail"]
        ):
            failures.append(f"{method} {path}: {answer.status_code} {answer.text[:200]}")
    assert failures == [], "\n".join(failures)
    return len(routes)
