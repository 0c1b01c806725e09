from __future__ import annotations

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from tests.matching.conftest import As
from tests.matching.factories import demand_body, interest_body, published_demand


def test_submitted_demand_is_private_until_approved(client: TestClient, as_: As) -> None:
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()
    assert client.get(f"/demands/{demand['id']}").status_code == 404
    assert client.get(f"/demands/{demand['id']}", headers=as_("ent1")).status_code == 200
    assert client.get("/search", params={"q": "极片"}).json()["total"] == 0
    client.post(f"/demands/{demand['id']}/review", json={"approve": True}, headers=as_("admin"))
    assert client.get(f"/demands/{demand['id']}").status_code == 200
    assert client.get("/search", params={"q": "极片"}).json()["hits"][0]["id"] == demand["id"]


def test_returning_needs_a_reason(client: TestClient, as_: As) -> None:
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()
    url = f"/demands/{demand['id']}/review"
    assert client.post(url, json={"approve": False}, headers=as_("admin")).status_code == 422
    assert (
        client.post(url, json={"approve": False, "note": "信息不全"}, headers=as_("admin")).json()["status"]
        == "returned"
    )


def test_vendors_cannot_post_demands(client: TestClient, as_: As) -> None:
    assert client.post("/demands", json=demand_body(), headers=as_("vendor1")).status_code == 403


def test_contact_is_masked_for_the_public(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_)
    public = client.get(f"/demands/{demand_id}").json()
    assert public["contact_phone"] == "138****5678"
    assert public["contact_name"] == "王*"
    assert public["contact_masked"] is True
    own = client.get(f"/demands/{demand_id}", headers=as_("ent1")).json()
    assert own["contact_phone"] == "13812345678"


def test_similar_items_before_posting(client: TestClient, as_: As) -> None:
    first = published_demand(client, as_)
    published_demand(
        client,
        as_,
        title="城市道路违停视频识别",
        end_tags=["数字安防"],
        scenario_domain="城市治理",
        pain_points="违停发现靠人工巡查",
    )
    similar = client.post("/demands/similar", json={"title": "锂电池极片缺陷AI检测"}).json()
    assert similar[0]["id"] == first
    assert all(s["title"] != "城市道路违停视频识别" for s in similar)
    assert client.get(f"/demands/{first}/similar").json() == []


def test_interest_flow_deal_and_decline(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_)
    url = f"/demands/{demand_id}/interests"
    one = client.post(url, json=interest_body(proposal="我们有锂电极片检测的量产案例"), headers=as_("vendor1"))
    assert one.status_code == 201, one.text
    assert client.post(url, json=interest_body(proposal="再来一次的意向"), headers=as_("vendor1")).status_code == 409
    two = client.post(url, json=interest_body(proposal="提供线阵相机方案"), headers=as_("vendor2")).json()
    assert client.post(url, json=interest_body(proposal="企业不能表达意向"), headers=as_("ent2")).status_code == 403
    assert len(client.get(url, headers=as_("ent1")).json()) == 2
    assert [i["vendor_org_id"] for i in client.get(url, headers=as_("vendor2")).json()] == [ORG_BY_KEY["vendor2"].id]
    decide = f"/interests/{one.json()['id']}/decision"
    assert client.post(decide, json={"decision": "deal"}, headers=as_("vendor1")).status_code == 403
    assert client.post(decide, json={"decision": "deal"}, headers=as_("ent2")).status_code == 404
    assert client.post(decide, json={"decision": "deal"}, headers=as_("ent1")).json()["status"] == "deal"
    assert client.post(decide, json={"decision": "declined", "reason": "x"}, headers=as_("ent1")).status_code == 409
    no_reason = client.post(f"/interests/{two['id']}/decision", json={"decision": "declined"}, headers=as_("ent1"))
    assert no_reason.status_code == 422
    declined = client.post(
        f"/interests/{two['id']}/decision", json={"decision": "declined", "reason": "预算不符"}, headers=as_("ent1")
    )
    assert declined.json()["decision_reason"] == "预算不符"
    assert [i["status"] for i in client.get("/interests", headers=as_("vendor1")).json()] == ["deal"]
    stats = client.get("/stats").json()
    assert stats["interests_by_status"] == {"deal": 1, "declined": 1}
    assert stats["deals_by_end"] == {"工业视觉": 1}
    assert stats["demands_by_district"] == {"萧山区": 1}


def test_no_interest_in_unpublished_demands(client: TestClient, as_: As) -> None:
    demand = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()
    r = client.post(
        f"/demands/{demand['id']}/interests", json=interest_body(proposal="抢先表达意向"), headers=as_("vendor1")
    )
    assert r.status_code == 404


def test_listing_by_status_and_ownership(client: TestClient, as_: As) -> None:
    pending = client.post("/demands", json=demand_body(), headers=as_("ent1")).json()
    published_demand(client, as_, title="城市违停识别", end_tags=["数字安防"])
    assert [d["title"] for d in client.get("/demands").json()] == ["城市违停识别"]
    queue = client.get("/demands", params={"status": "pending_review"}, headers=as_("admin")).json()
    assert [d["id"] for d in queue] == [pending["id"]]
    assert client.get("/demands", params={"status": "pending_review"}).json() == []
    assert len(client.get("/demands", params={"mine": True}, headers=as_("ent1")).json()) == 2
    assert client.get("/demands", params={"mine": True}, headers=as_("ent2")).json() == []


def test_an_interest_brings_the_vendors_contact_to_the_publisher(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_)
    url = f"/demands/{demand_id}/interests"
    r = client.post(url, json=interest_body(contact_email=""), headers=as_("vendor1"))
    assert r.status_code == 201, r.text
    seen = client.get(url, headers=as_("ent1")).json()
    assert [(i["vendor_name"], i["contact_name"], i["contact_phone"], i["contact_email"]) for i in seen] == [
        (ORG_BY_KEY["vendor1"].name, "李工", "13900001111", "")
    ]
    # Another enterprise learns nothing of it.
    assert client.get(url, headers=as_("ent2")).json() == []


def test_an_interest_without_a_way_to_reach_the_vendor_is_refused(client: TestClient, as_: As) -> None:
    demand_id = published_demand(client, as_)
    url = f"/demands/{demand_id}/interests"
    cases = {
        "contact_name": interest_body(contact_name="  "),
        "contact_email": interest_body(contact_phone="", contact_email=""),
        "contact_phone": interest_body(contact_phone="call me"),
    }
    for field, body in cases.items():
        r = client.post(url, json=body, headers=as_("vendor1"))
        assert r.status_code == 422, (field, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert field in r.text, (field, r.text)
    missing = {k: v for k, v in interest_body().items() if k != "contact_name"}
    assert "contact_name" in client.post(url, json=missing, headers=as_("vendor1")).text
    assert client.get(url, headers=as_("ent1")).json() == []
