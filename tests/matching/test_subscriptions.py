from __future__ import annotations

from fastapi.testclient import TestClient

from tests.matching.conftest import As
from tests.matching.factories import challenge_event, product_body, published_demand


def test_saved_search_notifies_on_new_matching_items(client: TestClient, as_: As) -> None:
    sub = client.post(
        "/subscriptions",
        json={"name": "工业视觉需求", "q": "缺陷", "kind": "demand", "filters": {"end_tag": ["工业视觉"]}},
        headers=as_("vendor1"),
    )
    assert sub.status_code == 201, sub.text
    published_demand(client, as_)
    published_demand(client, as_, title="城市违停识别", end_tags=["数字安防"], pain_points="巡查难")
    notes = client.get("/notifications", headers=as_("vendor1")).json()
    assert [n["title"] for n in notes] == ["电池极片表面缺陷AI质检"]
    assert client.get("/notifications", headers=as_("vendor2")).json() == []
    assert client.post(f"/notifications/{notes[0]['id']}/read", headers=as_("vendor2")).status_code == 404
    assert client.post(f"/notifications/{notes[0]['id']}/read", headers=as_("vendor1")).status_code == 204
    assert client.get("/notifications", params={"unread": True}, headers=as_("vendor1")).json() == []


def test_challenges_and_products_notify_once(client: TestClient, as_: As) -> None:
    client.post("/subscriptions", json={"name": "大模型", "q": "大模型"}, headers=as_("vendor2"))
    client.post("/subscriptions", json={"name": "检测设备", "q": "检测设备", "kind": "product"}, headers=as_("vendor2"))
    for version in (1, 2):
        client.post("/internal/events", headers=as_.service(), json=challenge_event("c-1", version))
    client.post("/products", json=product_body(name="视觉检测设备"), headers=as_("vendor1"))
    titles = sorted(n["title"] for n in client.get("/notifications", headers=as_("vendor2")).json())
    assert titles == ["揭榜挂帅：城市视频大模型事件识别", "视觉检测设备"]


def test_subscriptions_are_per_organisation(client: TestClient, as_: As) -> None:
    sub = client.post("/subscriptions", json={"name": "全部"}, headers=as_("vendor1")).json()
    assert [s["id"] for s in client.get("/subscriptions", headers=as_("vendor1")).json()] == [sub["id"]]
    assert client.get("/subscriptions", headers=as_("vendor2")).json() == []
    assert client.delete(f"/subscriptions/{sub['id']}", headers=as_("vendor2")).status_code == 404
    assert client.delete(f"/subscriptions/{sub['id']}", headers=as_("vendor1")).status_code == 204
    bad = client.post("/subscriptions", json={"name": "x", "filters": {"secret": ["1"]}}, headers=as_("vendor1"))
    assert bad.status_code == 422


def test_filters_are_bounded(client: TestClient, as_: As) -> None:
    many = {"name": "多", "filters": {"district": [f"区{i}" for i in range(51)]}}
    assert client.post("/subscriptions", json=many, headers=as_("vendor1")).status_code == 422
    nan = {"name": "坏", "filters": {"budget_min": ["nan"]}}
    assert client.post("/subscriptions", json=nan, headers=as_("vendor1")).status_code == 422


def test_a_saved_search_that_no_longer_parses_does_not_stop_publishing(client: TestClient, as_: As) -> None:
    from matching.models import Subscription

    r = client.post("/subscriptions", json={"name": "旧", "q": ""}, headers=as_("vendor1"))
    with client.app.state.sessionmaker.begin() as session:  # type: ignore[attr-defined]
        session.get(Subscription, r.json()["id"]).filters = {"budget_min": ["inf"]}  # saved by an older release
    published_demand(client, as_)
    assert client.get("/notifications", headers=as_("vendor1")).json() == []
