"""The gateway's /metrics needs the scrape token, and no service's /metrics is reachable through it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.config import Settings
from kit.clock import ManualClock
from tests.gateway.conftest import bearer
from tests.support.upstream import serve

TOKEN = "scrape-3f9c1e"
reached: list[str] = []
upstream = FastAPI()


@upstream.api_route("/{rest:path}", methods=["GET", "POST"])
async def anything(rest: str, request: Request) -> JSONResponse:
    reached.append(request.url.path)
    return JSONResponse({"metrics": "http_requests_total 1"})


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with serve(upstream) as url:
        yield url


def gateway(settings: Settings, clock: ManualClock, **update: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=update), clock))


def test_without_a_token_the_gateway_has_no_metrics(client: TestClient) -> None:
    for headers in ({}, bearer(client, "admin"), {"Authorization": "Bearer "}):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


def test_the_gateway_metrics_need_the_scrape_token(settings: Settings, clock: ManualClock) -> None:
    with gateway(settings, clock, metrics_token=TOKEN) as client:
        client.get("/healthz")
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, bearer(client, "admin")):
            refused = client.get("/metrics", headers=headers)
            assert refused.status_code == 401
            assert refused.headers["content-type"] == "application/problem+json"
            assert "http_requests_total" not in refused.text
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert scraped.status_code == 200
        assert 'http_requests_total{method="GET",route="/healthz",service="gateway",status="200"}' in scraped.text


@pytest.mark.parametrize("service", ["matching", "workflow"])
@pytest.mark.parametrize("path", ["/metrics", "/metrics/", "/Metrics", "/%6Detrics"])
def test_the_services_metrics_are_not_reachable_through_the_gateway(
    settings: Settings, clock: ManualClock, upstream_url: str, service: str, path: str
) -> None:
    reached.clear()
    with gateway(settings, clock, matching_url=upstream_url, workflow_url=upstream_url, metrics_token=TOKEN) as client:
        for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}):
            response = client.get(f"/api/{service}{path}", headers=headers)
            assert response.status_code == 404
            assert "http_requests_total" not in response.text
    assert reached == []


def test_the_gateway_logs_sealed_routes_without_ids(
    settings: Settings, clock: ManualClock, upstream_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = gateway(settings, clock, workflow_url=upstream_url, metrics_token=TOKEN)
    logging.getLogger().addHandler(caplog.handler)  # configure_logging() replaced the root handlers
    caplog.set_level(logging.INFO, logger="kit.access")
    with client:
        client.post("/api/workflow/challenges/c-4711/applications", json={})
        client.post("/api/workflow/applications/a-0815/withdraw")
        client.get("/api/workflow/challenges/c-4711")
        metrics = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    paths = [r.__dict__["path"] for r in caplog.records if r.name == "kit.access"]
    assert paths[:3] == [
        "/api/workflow/challenges/{challenge_id}/applications",
        "/api/workflow/applications",
        "/api/workflow/challenges/c-4711",
    ]
    assert "c-4711" not in metrics
    assert "a-0815" not in metrics
    assert 'route="sealed"' in metrics


def test_failed_sign_ins_are_counted_without_the_account_or_address(settings: Settings, clock: ManualClock) -> None:
    with gateway(settings, clock, metrics_token=TOKEN) as client:

        def failures() -> str:
            text: str = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
            return next(line for line in text.splitlines() if line.startswith("gateway_sign_in_failures_total "))

        assert failures() == "gateway_sign_in_failures_total 0.0"
        for password in ("wrong-1", "wrong-2"):
            refused = client.post("/api/auth/token", data={"username": "vendor1", "password": password})
            assert refused.status_code == 401
        assert client.post("/api/auth/token", data={"username": "nobody-here", "password": "x"}).status_code == 401
        assert failures() == "gateway_sign_in_failures_total 3.0"
        text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
        for revealing in ("vendor1", "nobody-here", "testclient"):
            assert revealing not in text
