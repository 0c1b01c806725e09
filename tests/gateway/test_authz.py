"""The gateway's administrative and account routes × who calls: every route under /api/admin and
/api/account has a row (a new route without one fails the test), and each row's statuses are checked.
Administrative writes are checked for refusal only; what they do as an admin has tests of its own."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from tests.gateway.conftest import bearer
from tests.support.routes import app_routes

ORG = ORG_BY_KEY["vendor2"].id
USER = USER_BY_NAME["vendor4"].id
CALLERS = ("anonymous", "vendor1", "gov1", "admin")
# admin=None: an administrative write, not performed here.
ADMIN_ONLY: dict[str, int | None] = {"anonymous": 401, "vendor1": 403, "gov1": 403, "admin": 200}
ADMIN_WRITE: dict[str, int | None] = {"anonymous": 401, "vendor1": 403, "gov1": 403, "admin": None}
SIGNED_IN: dict[str, int | None] = {"anonymous": 401, "vendor1": 200, "gov1": 200, "admin": 200}
# A signed-in user's own write, sent here without its body: past the authorisation, refused as input.
SIGNED_IN_BODY: dict[str, int | None] = {"anonymous": 401, "vendor1": 422, "gov1": 422, "admin": 422}

TABLE: dict[tuple[str, str], dict[str, int | None]] = {
    ("GET", "/api/admin/organisations"): ADMIN_ONLY,
    ("POST", "/api/admin/organisations"): ADMIN_WRITE,
    ("POST", "/api/admin/organisations/{org_id}/verify"): ADMIN_WRITE,
    ("POST", "/api/admin/organisations/{org_id}/reject"): ADMIN_WRITE,
    ("POST", "/api/admin/organisations/{org_id}/suspend"): ADMIN_WRITE,
    ("POST", "/api/admin/organisations/{org_id}/reactivate"): ADMIN_WRITE,
    ("GET", "/api/admin/users"): ADMIN_ONLY,
    ("POST", "/api/admin/users"): ADMIN_WRITE,
    ("POST", "/api/admin/users/{user_id}/suspend"): ADMIN_WRITE,
    ("POST", "/api/admin/users/{user_id}/reset-password"): ADMIN_WRITE,
    ("POST", "/api/admin/users/{user_id}/activate"): ADMIN_WRITE,
    ("POST", "/api/admin/users/{user_id}/password-reset-link"): ADMIN_WRITE,
    ("POST", "/api/admin/users/{user_id}/totp/reset"): ADMIN_WRITE,
    ("GET", "/api/admin/audit"): ADMIN_ONLY,
    ("GET", "/api/admin/audit/verify"): ADMIN_ONLY,
    ("GET", "/api/admin/audit/export"): ADMIN_ONLY,
    ("GET", "/api/account/sessions"): SIGNED_IN,
    # Another user's (or no) session: not found, whoever asks.
    ("DELETE", "/api/account/sessions/{session_id}"): {"anonymous": 401, "vendor1": 404, "gov1": 404, "admin": 404},
    ("GET", "/api/account/contacts"): SIGNED_IN,
    ("POST", "/api/account/contacts/{channel}"): SIGNED_IN_BODY,
    ("POST", "/api/account/contacts/{channel}/verify"): SIGNED_IN_BODY,
    # Forgetting an address the user does not have: nothing to remove, the contacts answered.
    ("DELETE", "/api/account/contacts/{channel}"): SIGNED_IN,
    ("PUT", "/api/account/locale"): SIGNED_IN_BODY,
    ("PUT", "/api/account/digest"): SIGNED_IN_BODY,
    ("GET", "/api/account/preferences"): SIGNED_IN,
    ("PUT", "/api/account/preferences"): SIGNED_IN_BODY,
}
PARAMS = {"org_id": ORG, "user_id": USER, "session_id": "00000000-0000-0000-0000-000000000000", "channel": "email"}


def test_every_admin_and_account_route_has_a_row(client: TestClient) -> None:
    app: Any = client.app
    routes = {(m, p) for m, p in app_routes(app) if p.startswith(("/api/admin", "/api/account"))}
    assert routes == set(TABLE)


@pytest.mark.parametrize(("method", "path"), list(TABLE), ids=[f"{m} {p}" for m, p in TABLE])
def test_who_may_call(client: TestClient, method: str, path: str) -> None:
    headers = {who: bearer(client, who) for who in CALLERS if who != "anonymous"} | {"anonymous": {}}
    for who in CALLERS:
        expected = TABLE[(method, path)][who]
        if expected is None:
            continue
        response = client.request(method, path.format(**PARAMS), headers=headers[who])
        assert response.status_code == expected, (who, response.text)
        if expected >= 400:
            assert response.headers["content-type"] == "application/problem+json"
