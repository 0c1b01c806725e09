"""The foundation's promises, checked against real processes through the gateway."""

from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from kit.demo import DEFAULT_DEMO_PASSWORD, USERS
from tests.e2e.conftest import Platform, alive

pytestmark = pytest.mark.e2e


def test_the_app_is_served(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert "<html" in response.text.lower()
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.username)
def test_every_demo_account_signs_in_through_the_gateway(http: httpx.Client, user: object) -> None:
    username = user.username  # type: ignore[attr-defined]
    tokens = http.post("/api/auth/token", data={"username": username, "password": DEFAULT_DEMO_PASSWORD})
    assert tokens.status_code == 200, tokens.text
    me = http.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"})
    assert me.json()["user"]["username"] == username


@pytest.mark.parametrize("service", ["matching", "workflow"])
def test_services_answer_through_the_gateway(http: httpx.Client, service: str) -> None:
    response = http.get(f"/api/{service}/healthz", headers={"X-Request-ID": f"smoke-{service}"})
    assert response.status_code == 200
    assert response.json()["service"] == service
    assert response.headers["x-request-id"] == f"smoke-{service}"
    ready = http.get(f"/api/{service}/readyz")
    assert ready.status_code == 200, ready.text


def test_services_verify_the_gateway_token_themselves(http: httpx.Client) -> None:
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    response = http.get("/api/workflow/notifications", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_stopped_workflow_gives_problem_json_fast_then_sigterm_stops_everything(
    http: httpx.Client, platform: Platform
) -> None:
    workflow = platform.pid("workflow")
    os.kill(workflow, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(workflow) and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    response = http.get("/api/workflow/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code in (502, 503)
    assert response.headers["content-type"] == "application/problem+json"
    assert http.get("/api/matching/healthz").status_code == 200, "the rest keeps running"

    children = [platform.pid("gateway"), platform.pid("matching")]
    platform.process.send_signal(signal.SIGTERM)
    assert platform.process.wait(20) is not None
    assert not any(alive(pid) for pid in children)
