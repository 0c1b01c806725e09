from __future__ import annotations

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from tests.matching.conftest import As
from tests.matching.factories import challenge_event, demand_body, product_body, provider_body, published_demand

V1, V2, V3, V4 = (ORG_BY_KEY[f"vendor{i}"].id for i in range(1, 5))


def profiles(client: TestClient, as_: As) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    client.put(
        "/providers/me",
        json=provider_body(
            district="萧山区",
            tags=["数字安防", "认知智能"],
            scenario_domains=["城市治理"],
            summary="城市视频大模型与事件识别",
            cases=[{"title": "城市治理事件自动发现"}],
            qualifications=[{"label": "专精特新小巨人", "level": "national", "valid_until": "2028-12-31"}],
        ),
        headers=as_("vendor2"),
    )
    client.put(
        "/providers/me",
        json=provider_body(
            district="余杭区",
            tags=["智能芯片", "传感器和光学器件"],
            scenario_domains=[],
            summary="图像传感器芯片",
            cases=[],
            qualifications=[],
        ),
        headers=as_("vendor3"),
    )
    client.put(
        "/providers/me",
        json=provider_body(
            district="钱塘区",
            tags=["医学影像"],
            scenario_domains=["医疗"],
            summary="医学影像辅助诊断",
            cases=[],
            qualifications=[{"label": "高新技术企业", "level": "national", "valid_until": "2020-01-01"}],
        ),
        headers=as_("vendor4"),
    )
    client.post("/products", json=product_body(), headers=as_("vendor1"))


def test_demand_matches_rank_with_reasons(client: TestClient, as_: As) -> None:
    profiles(client, as_)
    demand_id = published_demand(client, as_)
    result = client.get(f"/demands/{demand_id}/matches").json()
    top = result["providers"][0]
    assert top["id"] == V1
    assert any(r.startswith("共同能力标签") and "工业视觉" in r for r in top["reasons"])
    assert any("首台套" in r for r in top["reasons"])
    assert result["products"][0]["owner_org_id"] == V1
    assert any("首台套" in r for r in result["products"][0]["reasons"])
    scores = [p["score"] for p in result["providers"]]
    assert scores == sorted(scores, reverse=True)


def test_challenge_matches_exclude_the_ineligible(client: TestClient, as_: As) -> None:
    profiles(client, as_)
    client.post(
        "/internal/events",
        headers=as_.service(),
        json=challenge_event(
            "c-1", 1, allowed_districts=["萧山区", "滨江区"], required_qualifications=["专精特新小巨人"]
        ),
    )
    result = client.get("/challenges/c-1/matches").json()
    assert [p["id"] for p in result["providers"]] == [V2]
    assert result["excluded"] == 3
    assert any("满足资质要求" in r for r in result["providers"][0]["reasons"])


def test_recommendations_for_a_vendor(client: TestClient, as_: As) -> None:
    profiles(client, as_)
    published_demand(client, as_)
    published_demand(
        client,
        as_,
        title="基层医院影像AI辅助诊断",
        end_tags=["医学影像"],
        scenario_domain="医疗",
        district="钱塘区",
        pain_points="基层阅片能力不足",
        layer_tags=[],
    )
    client.post("/internal/events", headers=as_.service(), json=challenge_event("c-1", 1))
    client.post(
        "/internal/events",
        headers=as_.service(),
        json=challenge_event(
            "c-2", 1, title="限定滨江的工业视觉揭榜", end_tags=["工业视觉"], allowed_districts=["滨江区"]
        ),
    )
    client.post(
        "/internal/events",
        headers=as_.service(),
        json=challenge_event(
            "c-3", 1, title="已截止的揭榜", end_tags=["数字安防"], application_deadline="2026-01-01T00:00:00Z"
        ),
    )
    mine = client.get("/recommendations", headers=as_("vendor2")).json()
    ids = [i["id"] for i in mine["items"]]
    assert ids[0] == "c-1"
    assert "c-2" not in ids
    assert "c-3" not in ids
    assert mine["excluded"] == 1
    assert all(i["reasons"] for i in mine["items"])
    v4 = client.get("/recommendations", headers=as_("vendor4")).json()
    assert v4["items"][0]["title"] == "基层医院影像AI辅助诊断"


def test_recommendations_need_a_profile_and_a_vendor(client: TestClient, as_: As) -> None:
    assert client.get("/recommendations", headers=as_("vendor1")).status_code == 404
    assert client.get("/recommendations", headers=as_("ent1")).status_code == 403
    assert client.get("/recommendations").status_code == 401


def test_unpublished_demand_has_no_public_matches(client: TestClient, as_: As) -> None:
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()
    assert client.get(f"/demands/{demand['id']}/matches").status_code == 404
    assert client.get(f"/demands/{demand['id']}/matches", headers=as_("ent1")).status_code == 200
