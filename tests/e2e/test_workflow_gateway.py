"""Real processes (scripts/run.py: gateway, matching, workflow) in the sandbox with time acceleration:
challenges driven through the gateway by the three roles, from draft to the end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from demo.accounts import DEFAULT_DEMO_PASSWORD, ORG_BY_KEY, USER_BY_NAME
from tests.e2e.conftest import Platform, start_platform, stop_platform
from tests.workflow.factories import application_body, challenge_body

pytestmark = pytest.mark.e2e
W = "/api/workflow"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    started = start_platform(tmp_path_factory.mktemp("wf-platform"), {"WORKFLOW_TIME_ACCELERATION": "86400"})
    yield started
    stop_platform(started)


class Client:
    def __init__(self, platform: Platform) -> None:
        self.http = httpx.Client(base_url=platform.base_url, timeout=30)
        self.tokens: dict[str, str] = {}
        deadline = time.monotonic() + 60
        while self.http.get(f"{W}/healthz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)

    def h(self, user: str) -> dict[str, str]:
        if user not in self.tokens:
            r = self.http.post("/api/auth/token", data={"username": user, "password": DEFAULT_DEMO_PASSWORD})
            assert r.status_code == 200, r.text
            self.tokens[user] = r.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def call(self, method: str, path: str, user: str | None, json: Any = None, expect: int = 200) -> Any:
        r = self.http.request(method, W + path, headers=self.h(user) if user else {}, json=json)
        assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        return r.json()

    def wait_status(self, cid: str, status: str, seconds: float = 40) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while True:
            ch: dict[str, Any] = self.call("GET", f"/challenges/{cid}", "gov1")
            if ch["status"] == status or time.monotonic() > deadline:
                assert ch["status"] == status
                return ch
            time.sleep(0.5)


@pytest.fixture(scope="module")
def client(platform: Platform) -> Iterator[Client]:
    c = Client(platform)
    yield c
    c.http.close()


def _open(c: Client, seconds: int = 6, **overrides: Any) -> str:
    now = datetime.now(UTC)
    body = challenge_body(now, application_deadline=(now + timedelta(seconds=seconds)).isoformat(), **overrides)
    cid: str = c.call("POST", "/challenges", "ent1", body, expect=201)["id"]
    c.call("POST", f"/challenges/{cid}/actions/submit", "ent1")
    assert c.call("POST", f"/challenges/{cid}/actions/approve", "gov1")["status"] == "open"
    return cid


def _review(c: Client, cid: str, scores: dict[str, dict[str, float]]) -> None:
    c.wait_status(cid, "qualification")
    for app in c.call("GET", f"/challenges/{cid}/applications", "gov1"):
        c.call("POST", f"/applications/{app['id']}/qualification", "gov1", {"result": "eligible"})
    c.call("POST", f"/challenges/{cid}/actions/start_review", "gov1")
    experts = ("expert1", "expert2")
    c.call("POST", f"/challenges/{cid}/experts", "gov1", {"user_ids": [USER_BY_NAME[e].id for e in experts]})
    for expert in experts:
        c.call("POST", f"/challenges/{cid}/coi", expert, {"conflicts": []})
        for a in c.call("GET", "/assignments?mine=true", expert):
            if a["challenge_id"] == cid and a["status"] == "assigned":
                sheet = {"scores": scores[a["applicant_name"]], "comment": "意见"}
                c.call("PUT", f"/assignments/{a['id']}/scores", expert, sheet)


V1, V2, V3 = (ORG_BY_KEY[k].name for k in ("vendor1", "vendor2", "vendor3"))
SCORES: dict[str, dict[str, float]] = {
    V1: {"tech": 90, "team": 90},
    V2: {"tech": 80, "team": 85},
    V3: {"tech": 60, "team": 70},
}


def test_draft_to_awarded_through_the_gateway(client: Client) -> None:
    cid = _open(client)
    receipt = client.call("POST", f"/challenges/{cid}/applications", "vendor1", application_body("vendor1"), expect=201)
    client.call("POST", f"/challenges/{cid}/applications", "vendor2", application_body("vendor2"), expect=201)
    assert client.http.get(f"{W}/applications/{receipt['id']}", headers=client.h("ent1")).status_code == 404
    assert client.http.get(f"{W}/challenges/{cid}/applications", headers=client.h("gov1")).status_code == 403
    _review(client, cid, SCORES)
    client.call("POST", f"/challenges/{cid}/actions/recommend", "gov1")
    assert client.http.post(f"{W}/challenges/{cid}/actions/approve_award", headers=client.h("gov1")).status_code == 409
    client.call("POST", f"/challenges/{cid}/actions/approve_award", "gov2")
    client.wait_status(cid, "awarded")
    notice = client.call("GET", f"/challenges/{cid}/publicity", None)
    assert [w["org_name"] for w in notice["winners"]] == [V1]
    assert client.call("GET", f"/challenges/{cid}/audit/verify", None)["valid"] is True


def test_horse_race_two_winners_and_unsuccessful(client: Client) -> None:
    race = _open(client, mode="horse_race", max_winners=2)
    lonely = _open(client, min_applications=2, title="工业元宇宙培训系统")
    for v in ("vendor1", "vendor2", "vendor3"):
        client.call("POST", f"/challenges/{race}/applications", v, application_body(v), expect=201)
    client.call("POST", f"/challenges/{lonely}/applications", "vendor1", application_body("vendor1"), expect=201)
    client.wait_status(lonely, "unsuccessful")
    _review(client, race, SCORES)
    client.call("POST", f"/challenges/{race}/actions/recommend", "gov2")
    client.call("POST", f"/challenges/{race}/actions/approve_award", "gov1")
    client.wait_status(race, "awarded")
    assert [w["org_name"] for w in client.call("GET", f"/challenges/{race}/publicity", None)["winners"]] == [V1, V2]


def test_upheld_objection_back_to_review(client: Client) -> None:
    cid = _open(client)
    for v in ("vendor1", "vendor2"):
        client.call("POST", f"/challenges/{cid}/applications", v, application_body(v), expect=201)
    _review(client, cid, SCORES)
    client.call("POST", f"/challenges/{cid}/actions/recommend", "gov1")
    client.call("POST", f"/challenges/{cid}/actions/approve_award", "gov2")
    winner = client.call("GET", f"/challenges/{cid}/publicity", None)["winners"][0]
    objection = client.call(
        "POST",
        f"/challenges/{cid}/objections",
        "vendor2",
        {"application_id": winner["application_id"], "grounds": "中标单位资质证书已过期。"},
        expect=201,
    )
    client.call("POST", f"/objections/{objection['id']}/decision", "gov1", {"outcome": "upheld", "answer": "异议成立"})
    assert client.call("GET", f"/challenges/{cid}", "gov1")["status"] == "expert_review"
