"""Amounts are 万元 end to end: what a client sends is what every read, filter and export gives back."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.matching.conftest import As
from tests.matching.factories import challenge_event, published_demand


def test_demand_budget_round_trips_unchanged(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_, title="预算单位核对需求", budget_min=100.5, budget_max=300)
    detail = client.get(f"/demands/{demand_id}").json()
    assert (detail["budget_min"], detail["budget_max"]) == (100.5, 300)
    listed = {d["id"]: d for d in client.get("/demands").json()}[demand_id]
    assert (listed["budget_min"], listed["budget_max"]) == (100.5, 300)
    hit = client.get("/search", params={"q": "预算单位核对", "kind": "demand"}).json()["hits"][0]
    assert (hit["id"], hit["budget_min"], hit["budget_max"]) == (demand_id, 100.5, 300)


def test_search_budget_filter_is_in_wan(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_, budget_min=100, budget_max=300)

    def found(**params: float) -> bool:
        hits = client.get("/search", params={"kind": "demand", **params}).json()["hits"]
        return demand_id in [h["id"] for h in hits]

    assert found(budget_min=300)
    assert not found(budget_min=300.01)
    assert found(budget_max=100)
    assert not found(budget_max=99.99)
    assert not found(budget_min=3_000_000)  # 300 万元 in 元 would find it if the index stored 元


def test_demand_csv_states_wan_and_keeps_the_numbers(client: TestClient, as_: As) -> None:
    published_demand(client, as_, title="开放数据预算", budget_min=100.5, budget_max=300)
    rows = list(csv.reader(io.StringIO(client.get("/demands.csv").content.decode("utf-8-sig"))))
    column = rows[0].index("预算（万元）")
    assert next(r for r in rows[1:] if r[1] == "开放数据预算")[column] == "100.5-300"


def test_challenge_reward_projection_round_trips_unchanged(client: TestClient, as_: As) -> None:
    event = challenge_event("c-1", 1, reward_amount=250.5)
    assert client.post("/internal/events", headers=as_.service(), json=event).json()["applied"] is True
    assert client.get("/challenges/c-1").json()["reward_amount"] == 250.5
    assert [c["reward_amount"] for c in client.get("/challenges").json() if c["id"] == "c-1"] == [250.5]
    hit = client.get("/search", params={"q": "视频大模型", "kind": "challenge"}).json()["hits"][0]
    assert (hit["id"], hit["budget_max"]) == ("c-1", 250.5)
    assert client.get("/search", params={"kind": "challenge", "budget_min": 250.5}).json()["total"] == 1
    assert client.get("/search", params={"kind": "challenge", "budget_min": 251}).json()["total"] == 0
