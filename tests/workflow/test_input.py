"""Input no service accepts: non-finite numbers, NUL characters, moments out of range."""

from __future__ import annotations

import json

import pytest

from demo.accounts import ORG_BY_KEY
from tests.workflow.factories import Api, application_body, challenge_body


def _raw(api: Api, path: str, user: str, text: str) -> tuple[int, dict[str, object], str]:
    response = api.client.post(path, content=text.encode(), headers={**api.h(user), "content-type": "application/json"})
    return response.status_code, response.json(), response.headers["content-type"]


def test_a_budget_of_1e999_is_refused_not_sealed_as_infinity(api: Api) -> None:
    cid = api.open_challenge()
    text = json.dumps(application_body("vendor1")).replace('"total": 180,', '"total": 1e999,')
    status, body, media = _raw(api, f"/challenges/{cid}/applications", "vendor1", text)
    assert (status, media) == (422, "application/problem+json")
    assert body["field"] == "body"
    assert api.ok(api.get("/applications", "vendor1")) == []


@pytest.mark.parametrize("token", ["NaN", "-Infinity", "Infinity", "1e999"])
def test_a_criterion_bound_that_is_not_a_number_is_refused(api: Api, token: str) -> None:
    body = challenge_body(api.clock.now())
    body["criteria"][0]["min_score"] = "__x__"
    status, problem, _ = _raw(api, "/challenges", "ent1", json.dumps(body).replace('"__x__"', token))
    assert status == 422, problem
    assert api.ok(api.get("/challenges?mine=true", "ent1"))["total"] == 0


def test_non_finite_numbers_are_refused_by_the_schemas_too(api: Api) -> None:
    from pydantic import ValidationError

    from workflow.application.schemas import Budget

    with pytest.raises(ValidationError):
        Budget(total=float("inf"))


def test_nul_characters_are_refused_in_bodies_and_query_parameters(api: Api) -> None:
    response = api.post("/challenges", "ent1", json=challenge_body(api.clock.now(), title="空字符\x00测试"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    cid = api.open_challenge()
    member = {"org_name": ORG_BY_KEY["vendor3"].name + "\x00"}
    assert (
        api.post(
            f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1", consortium=[member])
        ).status_code
        == 422
    )
    assert api.get("/challenges", params={"q": "a\x00b"}).status_code == 422


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00", "3000-01-01T00:00:00Z"]
)
def test_an_out_of_range_start_is_a_422_naming_the_field(api: Api, start: str) -> None:
    response = api.get("/calendar/workdays", params={"start": start, "working_days": 1})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("query.start")


def test_a_period_that_would_end_past_the_range_is_a_422_naming_the_field(api: Api) -> None:
    response = api.get("/calendar/workdays", params={"start": "2999-12-31T12:00:00Z", "working_days": 60})
    assert response.status_code == 422
    assert response.json()["field"] == "start"
    ok = api.ok(api.get("/calendar/workdays", params={"start": "2999-01-04T12:00:00+08:00", "working_days": 1}))
    assert ok["ends_at"].startswith("2999-01")


@pytest.mark.parametrize("field", ["application_deadline", "publish_at"])
def test_out_of_range_moments_in_a_challenge_are_refused(api: Api, field: str) -> None:
    for value in ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00+08:00"):
        response = api.post("/challenges", "ent1", json=challenge_body(api.clock.now(), **{field: value}))
        assert response.status_code == 422, response.text
        assert response.json()["detail"].startswith(field)
