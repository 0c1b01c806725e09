"""The review path of a scenario demand an enterprise posts: the reviewers' queue, approve or return
with a reason, the owner told and shown its demands in every status, the decisions kept."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from kit.clock import ManualClock
from tests.matching.conftest import As
from tests.matching.factories import demand_body


def post(client: TestClient, as_: As, title: str = "电池极片表面缺陷AI质检", **extra: object) -> str:
    r = client.post("/demands", json=demand_body(title=title, **extra), headers=as_("ent1"))
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "pending_review"
    return str(r.json()["id"])


def queue(client: TestClient, who: dict[str, str]) -> list[str]:
    r = client.get("/demands", params={"status": "pending_review"}, headers=who)
    assert r.status_code == 200, r.text
    return [d["id"] for d in r.json()]


def test_a_government_reviewer_sees_the_queue_and_publishes(client: TestClient, as_: As) -> None:
    demand = post(client, as_)
    assert demand in queue(client, as_("gov1"))
    assert demand in queue(client, as_("admin"))
    # Nobody else sees the queue: the public, vendors and other enterprises get published demands only.
    for who in ({}, as_("vendor1"), as_("ent2")):
        assert demand not in queue(client, who)
    # The reviewer reads the whole demand it is to decide on, contact included.
    seen = client.get(f"/demands/{demand}", headers=as_("gov1")).json()
    assert seen["contact_phone"] == "13812345678"
    assert seen["contact_masked"] is False

    r = client.post(f"/demands/{demand}/review", json={"approve": True, "note": "同意发布"}, headers=as_("gov1"))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "published"
    assert demand not in queue(client, as_("gov1"))
    public = client.get(f"/demands/{demand}")
    assert public.status_code == 200
    assert public.json()["status"] == "published"
    assert client.get("/search", params={"q": "极片"}).json()["hits"][0]["id"] == demand
    # A second decision on the same demand is refused.
    again = client.post(f"/demands/{demand}/review", json={"approve": False, "note": "x"}, headers=as_("gov2"))
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


def test_only_reviewers_decide(client: TestClient, as_: As) -> None:
    demand = post(client, as_)
    url = f"/demands/{demand}/review"
    assert client.post(url, json={"approve": True}).status_code == 401
    for user in ("ent1", "ent2", "vendor1", "expert1"):
        r = client.post(url, json={"approve": True}, headers=as_(user))
        assert r.status_code == 403, (user, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert client.get(f"/demands/{demand}").status_code == 404
    assert client.post("/demands/no-such-demand/review", json={"approve": True}, headers=as_("gov1")).status_code == 404


def test_returning_needs_a_reason_named_in_the_problem(client: TestClient, as_: As) -> None:
    demand = post(client, as_)
    url = f"/demands/{demand}/review"
    for body in ({"approve": False}, {"approve": False, "note": "   "}):
        r = client.post(url, json=body, headers=as_("gov1"))
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert any(e["loc"][-1] == "note" for e in r.json()["errors"]), r.json()
    unknown = client.post(url, json={"approve": True, "publish_now": True}, headers=as_("gov1"))
    assert unknown.status_code == 422
    # Nothing was decided by the refused requests.
    assert client.get(f"/demands/{demand}", headers=as_("ent1")).json()["status"] == "pending_review"
    assert client.get(f"/demands/{demand}/reviews", headers=as_("ent1")).json() == []


def test_returned_demand_reaches_its_owner_with_the_reason_and_comes_back(client: TestClient, as_: As) -> None:
    demand = post(client, as_)
    reason = "请补充预算依据与验收指标"
    r = client.post(f"/demands/{demand}/review", json={"approve": False, "note": reason}, headers=as_("gov1"))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "returned"
    assert client.get(f"/demands/{demand}").status_code == 404

    mine = client.get("/demands", params={"mine": True}, headers=as_("ent1")).json()
    row = next(d for d in mine if d["id"] == demand)
    assert row["status"] == "returned"
    assert row["review_note"] == reason
    assert all(d["id"] != demand for d in client.get("/demands", params={"mine": True}, headers=as_("ent2")).json())

    told = [n for n in client.get("/notifications", headers=as_("ent1")).json() if n["item_id"] == demand]
    assert [(n["kind"], n["body"], n["subscription_id"]) for n in told] == [("demand.returned", reason, None)]
    assert not [n for n in client.get("/notifications", headers=as_("ent2")).json() if n["item_id"] == demand]

    # The owner revises and resubmits; another enterprise cannot, nor can a demand not returned.
    revised = demand_body(budget_min=80, pain_points="人工目检漏检率高，验收以漏检率低于0.5%为准")
    assert client.put(f"/demands/{demand}", json=revised, headers=as_("ent2")).status_code == 404
    again = client.put(f"/demands/{demand}", json=revised, headers=as_("ent1"))
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "pending_review"
    assert again.json()["budget_min"] == 80
    assert client.put(f"/demands/{demand}", json=revised, headers=as_("ent1")).status_code == 409
    assert demand in queue(client, as_("gov2"))

    client.post(f"/demands/{demand}/review", json={"approve": True}, headers=as_("gov2"))
    history = client.get(f"/demands/{demand}/reviews", headers=as_("ent1")).json()
    assert [(h["decision"], h["reason"], h["actor_name"]) for h in history] == [
        ("returned", reason, "gov1"),
        ("approved", "", "gov2"),
    ]
    assert client.get(f"/demands/{demand}/reviews", headers=as_("vendor1")).status_code == 404
    kinds = [n["kind"] for n in client.get("/notifications", headers=as_("ent1")).json() if n["item_id"] == demand]
    assert sorted(kinds) == ["demand.approved", "demand.returned"]


def test_the_owner_sees_every_status_including_expired(client: TestClient, as_: As, clock: ManualClock) -> None:
    pending = post(client, as_, title="园区夜间周界入侵识别")
    returned = post(client, as_, title="城市道路违停视频识别")
    published = post(
        client, as_, title="仓储叉车防撞视觉预警", valid_until=(clock.now() + timedelta(days=40)).date().isoformat()
    )
    client.post(f"/demands/{returned}/review", json={"approve": False, "note": "场景不清"}, headers=as_("gov1"))
    client.post(f"/demands/{published}/review", json={"approve": True}, headers=as_("gov1"))

    def mine() -> dict[str, tuple[str, bool]]:
        rows = client.get("/demands", params={"mine": True}, headers=as_("ent1")).json()
        assert all(d["publisher_org_id"] == ORG_BY_KEY["ent1"].id for d in rows)
        return {d["id"]: (d["status"], d["expired"]) for d in rows}

    assert {k: v for k, v in mine().items() if k in (pending, returned, published)} == {
        pending: ("pending_review", False),
        returned: ("returned", False),
        published: ("published", False),
    }
    clock.advance(timedelta(days=41))
    assert mine()[published] == ("published", True)
    assert client.get(f"/demands/{published}").json()["expired"] is True
