"""kit's request middleware, on an app built the way every service is built."""

from __future__ import annotations

import logging

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from kit.app import create_service_app

router = APIRouter()


@router.get("/things/{thing_id}")
def thing(thing_id: str) -> dict[str, str]:
    if "\x00" in thing_id:
        raise ValueError("embedded null byte")  # what a file system or PostgreSQL does with one
    return {"id": thing_id}


@router.get("/things/{thing_id}/explode")
def explode(thing_id: str) -> None:
    raise RuntimeError("a bug")


@router.get("/things/{thing_id}/secret")
def secret(thing_id: str) -> dict[str, str]:
    return {"id": thing_id}


def client(**options: object) -> TestClient:
    return TestClient(create_service_app("probe", engine=None, routers=[router], **options))  # type: ignore[arg-type]


@pytest.mark.parametrize("control", ["%00", "%01", "%09", "%0A", "%0d", "%1b", "%1F", "%7f", "%C2%80", "%c2%9f"])
def test_control_characters_in_a_path_are_a_400_problem_everywhere(control: str) -> None:
    with client() as c:
        for path in (f"/things/{control}", f"/{control}", f"/things/a{control}b/secret", f"/index.html{control}.js"):
            response = c.get(path)
            assert response.status_code == 400, path
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["type"].endswith("/invalid-path")
            assert response.headers["x-request-id"]


def test_sealed_routes_share_one_series_and_are_logged_by_template(caplog: pytest.LogCaptureFixture) -> None:
    probe = client(sealed_routes=["/things/{thing_id}/secret"])
    logging.getLogger().addHandler(caplog.handler)  # configure_logging() replaced the root handlers
    caplog.set_level(logging.INFO, logger="kit.access")
    with probe as c:
        for thing_id in ("t-1", "t-1", "t-2"):
            assert c.get(f"/things/{thing_id}/secret").status_code == 200
        c.get("/things/t-3")
        metrics = c.get("/metrics").text
    assert 'route="sealed",service="probe",status="200"} 3.0' in metrics
    assert "secret" not in metrics
    assert 'route="/things/{thing_id}",service="probe",status="200"} 1.0' in metrics
    paths = [r.__dict__["path"] for r in caplog.records if r.name == "kit.access"]
    assert paths == ["/things/{thing_id}/secret"] * 3 + ["/things/t-3"]


def test_signed_in_answers_are_not_cached() -> None:
    with client() as c:
        assert c.get("/things/x", headers={"Authorization": "Bearer t"}).headers["cache-control"] == "no-store"
        assert "cache-control" not in c.get("/things/x").headers


def test_an_unhandled_error_closes_the_connection() -> None:
    """uvicorn closes the connection after an unhandled error; the answer says so, so that a pooling
    client (the gateway) does not send the next request down it."""
    app = create_service_app("probe", engine=None, routers=[router])
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/things/boom/explode")
    assert response.status_code == 500
    assert response.headers["connection"] == "close"
    assert response.headers["content-type"] == "application/problem+json"
