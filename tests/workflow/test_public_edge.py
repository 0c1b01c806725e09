"""What workflow shows beyond its API: metrics and access log without per-challenge sealed activity, and
public links (OCDS uri, Location) through a real gateway."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.app import create_app as create_gateway
from gateway.config import Settings as GatewaySettings
from gateway.seed import seed
from kit.clock import ManualClock
from kit.migrate import upgrade
from tests.support.databases import fresh_database_url
from tests.support.upstream import serve
from tests.workflow.factories import Api, challenge_body
from workflow.app import create_app
from workflow.config import Settings

TOKEN = "scrape-7d2a"


def series(api: Api) -> list[str]:
    response = api.get("/metrics")
    assert response.status_code == 200
    return [line for line in response.text.splitlines() if line.startswith("http_request")]


def test_no_series_or_log_line_counts_one_challenges_submissions(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kit.access")
    cid = api.open_challenge()
    caplog.clear()
    app = api.apply(cid, "vendor1")
    api.ok(api.post(f"/applications/{app['id']}/confirm", "vendor1"))
    api.ok(api.post(f"/applications/{app['id']}/withdraw", "vendor1"))
    api.apply(cid, "vendor2")
    lines = series(api)
    assert not [line for line in lines if "applications" in line or cid in line or app["id"] in line]
    assert any('route="sealed"' in line and 'status="201"' in line for line in lines)
    logged = [r for r in caplog.records if r.name == "kit.access"]
    assert len(logged) == 4, [r.__dict__["path"] for r in logged]
    paths = {r.__dict__["path"] for r in logged}
    assert paths == {
        "/challenges/{challenge_id}/applications",
        "/applications/{application_id}/confirm",
        "/applications/{application_id}/withdraw",
    }
    assert not [r for r in logged if cid in r.getMessage() or app["id"] in str(r.__dict__)]


def test_other_routes_keep_their_own_series(api: Api) -> None:
    cid = api.open_challenge()
    api.ok(api.get(f"/challenges/{cid}"))
    assert any('route="/challenges/{challenge_id}"' in line for line in series(api))


def test_the_metrics_need_the_scrape_token_when_one_is_set(settings: Settings, clock: ManualClock) -> None:
    with TestClient(create_app(settings.model_copy(update={"metrics_token": TOKEN}), clock)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


@pytest.fixture(scope="module")
def gateway_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("gateway", str(tmp_path_factory.mktemp("gateway-db")))
    upgrade("gateway", url)
    return url


@pytest.fixture
def through_gateway(app: FastAPI, api: Api, gateway_db: str, tmp_path: Path) -> Iterator[TestClient]:
    # The workflow app already started by `api`'s client, served for real; the gateway in front of it.
    with serve(app) as workflow_url:
        settings = GatewaySettings(
            app_env="test", database_url=gateway_db, static_dir=tmp_path, workflow_url=workflow_url
        )
        seed(settings)
        with TestClient(create_gateway(settings), base_url="https://shigu.example") as gateway:
            yield gateway


def test_published_links_name_the_public_address(api: Api, through_gateway: TestClient) -> None:
    cid = api.open_challenge()
    package = through_gateway.get(f"/api/workflow/challenges/{cid}/ocds").json()
    assert package["uri"] == f"https://shigu.example/api/workflow/challenges/{cid}/ocds"
    created = through_gateway.post(
        "/api/workflow/challenges", headers=api.h("ent1"), json=challenge_body(api.clock.now())
    )
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"/api/workflow/challenges/{created.json()['id']}"


def test_a_configured_public_base_url_wins(settings: Settings, clock: ManualClock) -> None:
    configured = settings.model_copy(update={"public_base_url": "https://kaifang.example/"})
    with TestClient(create_app(configured, clock)) as client:
        api = Api(client, client.app, clock)  # type: ignore[arg-type]
        cid = api.open_challenge()
        forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http", "X-Forwarded-Prefix": "/api/x"}
        uri = api.ok(client.get(f"/challenges/{cid}/ocds", headers=forged))["uri"]
    assert uri == f"https://kaifang.example/api/workflow/challenges/{cid}/ocds"


@pytest.mark.parametrize(
    "path", ["/challenges/%00", "/%0d", "/challenges/%09/ocds", "/applications/%7f/documents/0", "/calendar%00"]
)
def test_control_characters_are_refused_directly(api: Api, path: str) -> None:
    response = api.get(path, "vendor1")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/invalid-path")
