"""The workflow asks the gateway whether a signed-in user is still active (kit.auth.UserStatusGuard);
this is what it does when the gateway cannot answer. The answered case runs on real processes in
tests/e2e/test_auth_edges.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kit.clock import ManualClock
from tests.support.upstream import free_port
from tests.workflow.factories import Api
from workflow.app import create_app
from workflow.config import Settings


def test_with_the_gateway_unreachable_reads_go_on_and_writes_are_refused(
    settings: Settings, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_USER_STATUS_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    app = create_app(settings, clock)
    with TestClient(app) as client:
        api = Api(client, app, clock)
        assert api.get("/notifications", "vendor1").status_code == 200
        refused = api.post("/notifications/some-id/read", "vendor1")
        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/user-status-unavailable")
        assert refused.headers["Retry-After"] == "5"
        assert api.get("/challenges").status_code == 200, "anonymous reads need no status"
