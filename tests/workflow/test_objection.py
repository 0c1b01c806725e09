"""Objections during 公示: each open one holds the award, so one applicant may hold only a few at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.workflow.factories import Api

GROUNDS = {"grounds": "中标单位资质证书已过期，不符合揭榜条件。"}


def _in_publicity(api: Api) -> str:
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    return cid


def test_an_applicant_holds_at_most_the_setting_of_open_objections(api: Api) -> None:
    cid = _in_publicity(api)
    limit = api.app.state.settings.max_open_objections
    filed = [api.ok(api.post(f"/challenges/{cid}/objections", "vendor2", json=GROUNDS), 201) for _ in range(limit)]
    refused = api.post(f"/challenges/{cid}/objections", "vendor2", json=GROUNDS)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert (problem["type"].rsplit("/", 1)[1], problem["limit"], problem["open"]) == ("objection-limit", limit, limit)
    assert f"{limit}" in problem["detail"]
    # another applicant is not limited by vendor2's objections
    api.ok(api.post(f"/challenges/{cid}/objections", "vendor3", json=GROUNDS), 201)
    # a decided objection no longer counts
    api.ok(api.post(f"/objections/{filed[0]['id']}/decision", "gov1", json={"outcome": "rejected", "answer": "不成立"}))
    api.ok(api.post(f"/challenges/{cid}/objections", "vendor2", json=GROUNDS), 201)
    assert api.post(f"/challenges/{cid}/objections", "vendor2", json=GROUNDS).status_code == 409


@pytest.mark.postgres
def test_parallel_objections_stop_at_the_limit(api: Api, app: FastAPI) -> None:
    cid = _in_publicity(api)
    headers = api.h("vendor2")

    def file(_: int) -> int:
        code: int = TestClient(app).post(f"/challenges/{cid}/objections", headers=headers, json=GROUNDS).status_code
        return code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(file, range(40)))
    limit = app.state.settings.max_open_objections
    assert sorted(codes) == [201] * limit + [409] * (40 - limit)
    assert len(api.ok(api.get(f"/challenges/{cid}/objections", "vendor2"))) == limit
