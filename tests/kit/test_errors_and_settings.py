import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from kit.app import create_service_app
from kit.errors import Conflict
from kit.settings import AuthSettings

router = APIRouter()


class Body(BaseModel):
    amount: int


@router.post("/things")
def make(body: Body) -> dict[str, int]:
    if body.amount == 13:
        raise Conflict("unlucky", code="unlucky-number", allowed=[1, 2])
    if body.amount == 500:
        raise RuntimeError("a bug")
    return {"amount": body.amount}


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_service_app("probe", engine=None, routers=[router]), raise_server_exceptions=False)


def test_validation_errors_are_problem_json(client: TestClient) -> None:
    response = client.post("/things", json={"amount": "many"})
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["type"] == "https://shigu.example/problems/invalid-request"
    assert body["detail"].startswith("amount:")
    assert body["errors"][0]["loc"] == ["body", "amount"]


def test_domain_errors_carry_stable_codes_and_extras(client: TestClient) -> None:
    body = client.post("/things", json={"amount": 13}).json()
    assert body == {
        "type": "https://shigu.example/problems/unlucky-number",
        "title": "Conflict",
        "status": 409,
        "detail": "unlucky",
        "instance": "/things",
        "allowed": [1, 2],
    }


def test_bugs_are_500_problem_without_internals(client: TestClient) -> None:
    response = client.post("/things", json={"amount": 500})
    assert response.status_code == 500
    assert "a bug" not in response.text
    assert response.json()["type"].endswith("/internal-error")


def test_unknown_routes_and_methods_are_problem_json(client: TestClient) -> None:
    assert client.get("/nothing").json()["type"].endswith("/not-found")
    assert client.get("/things").status_code == 405


def test_request_id_is_echoed_or_minted(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["x-request-id"] == "abc-1"
    minted = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert len(minted) == 32


def test_production_refuses_missing_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ValidationError, match="AUTH_PUBLIC_KEY_PEM"):
        AuthSettings()
    monkeypatch.setenv("APP_ENV", "sandbox")
    assert AuthSettings().app_env == "sandbox"


def test_tokens_follow_the_injected_clock_not_the_wall_clock() -> None:
    from datetime import UTC, datetime, timedelta

    from kit.tokens import TokenCodec, TokenError

    codec = TokenCodec(AuthSettings())
    future = datetime.now(UTC) + timedelta(days=400)
    token = codec.issue_access(
        user_id="u", username="u", roles=["vendor"], org_id=None, org_kind=None, org_name=None, now=future
    )
    assert codec.verify_access(token, now=future + timedelta(minutes=1)).subject == "u"
    with pytest.raises(TokenError, match="expired"):
        codec.verify_access(token, now=future + timedelta(minutes=16))
    service = codec.issue_service("workflow", now=future)
    assert codec.verify_service(service, now=future).subject == "workflow"


def test_json_log_lines_carry_extra_fields() -> None:
    import json as _json
    import logging as _logging

    from kit.logs import JsonFormatter

    record = _logging.LogRecord("kit.outbox", _logging.WARNING, __file__, 1, "outbox delivery failed", None, None)
    record.__dict__.update({"event_id": "e1", "attempts": 3, "error": ValueError("refused")})
    line = _json.loads(JsonFormatter("workflow").format(record))
    assert line["msg"] == "outbox delivery failed"
    assert (line["event_id"], line["attempts"], line["error"]) == ("e1", 3, "refused")
    assert "args" not in line
    assert "levelno" not in line
