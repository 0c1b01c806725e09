"""The gateway's one reading of a path, against a real gateway and a real upstream over raw sockets (an
HTTP client library would normalise the very spellings under test before sending them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from demo.accounts import USER_BY_NAME
from gateway import app as gateway_app
from gateway.app import create_app
from gateway.config import Settings
from kit.clock import ManualClock
from tests.gateway.factories import send
from tests.support.upstream import serve

PREFIXES = ("/api/matching", "/api/workflow")

# What the upstream saw: (decoded path, raw path), one per request that reached it.
reached: list[tuple[str, bytes]] = []
upstream = FastAPI()


@upstream.api_route("/{rest:path}", methods=["GET", "POST"])
async def anything(rest: str, request: Request) -> JSONResponse:
    reached.append((request.url.path, request.scope.get("raw_path", b"")))
    return JSONResponse({"path": request.url.path, "raw": request.scope.get("raw_path", b"").decode()})


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with serve(upstream) as url:
        yield url


@pytest.fixture(scope="module")
def live_gateway(gateway_url: str, tmp_path_factory: pytest.TempPathFactory, upstream_url: str) -> Iterator[str]:
    settings = Settings(
        app_env="test",
        database_url=gateway_url,
        static_dir=tmp_path_factory.mktemp("dist"),
        matching_url=upstream_url,
        workflow_url=upstream_url,
    )
    with serve(create_app(settings, ManualClock()), lifespan="on") as url:
        yield url


@pytest.fixture
def gateway(live_gateway: str) -> str:
    reached.clear()
    return live_gateway


# Each is a way to reach /internal/events (or /metrics) that a parser further on could read differently.
AMBIGUOUS = [
    "/%2e/internal/events",
    "/%2E/internal/events",
    "/x/%2e%2e/internal/events",
    "/x/..%2finternal/events",
    "/x%2f..%2finternal/events",
    "/%2finternal/events",
    "/x%5c..%5cinternal/events",
    "/%252e/internal/events",
    "/%25252e/internal/events",
    "//internal/events",
    "/.//internal/events",
    "/./internal/events",
    "/x/../internal/events",
    "/x/..",
    "/.",
    "/x\\..\\internal/events",
    "/%69nternal/events/%2e",
    "/internal%2fevents",
    "/%2e%2e/%2e%2e/gateway/internal/users",
    "/x/%2e%2e%2fmetrics",
    "/%c0%ae%c0%ae/internal/events",
    "/%e0%80%ae/internal/events",
    "/x%",
    "/x%2",
    "/x%zz",
]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("tail", AMBIGUOUS)
def test_ambiguous_paths_are_refused_on_every_prefix(gateway: str, prefix: str, tail: str) -> None:
    for method in ("GET", "POST"):
        answer = send(gateway, method, (prefix + tail).encode(), {"Content-Type": "application/json"}, b"{}")
        assert answer.status == 400, (method, prefix + tail, answer.body)
        assert answer.headers["content-type"] == "application/problem+json"
    assert reached == []


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "tail", ["/internal/events", "/Internal/events", "/%69nternal/events", "/metrics", "/%6detrics", "/METRICS"]
)
def test_internal_and_metrics_paths_are_never_forwarded(gateway: str, prefix: str, tail: str) -> None:
    answer = send(gateway, "POST", (prefix + tail).encode(), {"Content-Type": "application/json"}, b"{}")
    assert answer.status == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert reached == []


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("control", ["%00", "%01", "%09", "%0a", "%0d", "%1f", "%7f", "%c2%85"])
def test_control_characters_are_refused_before_forwarding(gateway: str, prefix: str, control: str) -> None:
    for path in (f"{prefix}/challenges/{control}", f"{prefix}/{control}", f"{prefix}/a{control}b/c"):
        answer = send(gateway, "GET", path.encode())
        assert answer.status == 400, (path, answer.body)
        assert answer.headers["content-type"] == "application/problem+json"
    assert reached == []


@pytest.mark.parametrize("path", ["/index.html%00.js", "/%00", "/assets/%0d%0a.js", "/challenges/%7f", "/a%09b"])
def test_control_characters_in_spa_paths_are_refused(gateway: str, path: str) -> None:
    answer = send(gateway, "GET", path.encode())
    assert answer.status == 400
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_upstream_reads_exactly_the_path_the_gateway_checked(gateway: str, prefix: str) -> None:
    answer = send(gateway, "GET", f"{prefix}/challenges/%E4%B8%AD%20x/a;b@c:d?q=%2e%2e".encode())
    assert answer.status == 200, answer.body
    assert reached == [("/challenges/中 x/a;b@c:d", b"/challenges/%E4%B8%AD%20x/a;b@c:d")]


def test_the_gateway_directory_is_not_routed_from_the_public_side(settings: Settings, app: FastAPI) -> None:
    service = app.state.tokens.issue_service("workflow", now=app.state.clock.now())
    token = {"Authorization": f"Bearer {service}"}
    with TestClient(app) as client:
        for path in (
            "/internal/users",
            f"/internal/users/{USER_BY_NAME['admin'].id}",
            "/internal/users?role=vendor",
            "/internal/recipients?kind=award.final&user_id=x",
        ):
            response = client.get(path, headers=token)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/problem+json"
    with TestClient(gateway_app.create_internal_app(settings, app.state.clock)) as internal:
        assert internal.get("/internal/users").status_code == 401
        assert internal.get("/internal/recipients?kind=award.final").status_code == 401
        users = internal.get("/internal/users", headers=token)
        assert users.status_code == 200
        assert {u["username"] for u in users.json()} >= {"admin", "vendor1"}
