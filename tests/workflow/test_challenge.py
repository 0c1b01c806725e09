from __future__ import annotations

from datetime import datetime, timedelta

from demo.accounts import ORG_BY_KEY
from tests.workflow.factories import Api


def test_draft_is_private_and_has_allowed_actions(api: Api) -> None:
    cid = api.draft()
    mine = api.ok(api.get(f"/challenges/{cid}", "ent1"))
    assert mine["status"] == "draft"
    assert mine["allowed_actions"] == ["cancel", "edit", "submit"]
    assert api.get(f"/challenges/{cid}", "ent2").status_code == 404
    assert api.get(f"/challenges/{cid}", "vendor1").status_code == 404
    assert api.get(f"/challenges/{cid}").status_code == 404
    assert api.get(f"/challenges/{cid}", "gov1").status_code == 200
    assert cid not in [c["id"] for c in api.ok(api.get("/challenges"))["items"]]


def test_illegal_action_names_status_and_allowed_actions(api: Api) -> None:
    cid = api.draft()
    r = api.act(cid, "approve_award", "gov1")
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["challenge_status"] == "draft"
    assert body["allowed_actions"] == []
    r = api.act(cid, "approve", "ent1")
    assert r.json()["allowed_actions"] == ["cancel", "edit", "submit"]


def test_submit_requires_weights_summing_to_100(api: Api) -> None:
    cid = api.draft(criteria=[{"id": "a", "name": "技术", "weight": 50}])
    r = api.act(cid, "submit", "ent1")
    assert r.status_code == 409
    assert "weights" in r.json()["detail"]


def test_if_match_required_and_stale_refused(api: Api) -> None:
    cid = api.draft()
    assert api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"}).status_code == 428
    assert api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"}, if_match='"7"').status_code == 412
    r = api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"}, if_match='"1"')
    assert api.ok(r)["version"] == 2
    assert r.headers["ETag"] == '"2"'
    assert api.patch(f"/challenges/{cid}", "ent2", {"title": "x y"}, if_match='"2"').status_code == 404
    assert api.act(cid, "submit", "ent1").status_code == 200
    r = api.client.post(f"/challenges/{cid}/actions/approve", headers=api.h("gov1", **{"If-Match": '"2"'}))
    assert r.status_code == 412


def test_if_match_takes_a_list_or_star_like_every_service(api: Api) -> None:
    """Decision 0087: workflow refused `*` and lists with 412, matching accepted them; both now read them alike."""
    cid = api.draft()
    missing = api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"})
    assert missing.status_code == 428
    assert missing.json()["current_version"] == 1
    stale = api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"}, if_match='"5", "6"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    assert api.ok(api.patch(f"/challenges/{cid}", "ent1", {"title": "新标题"}, if_match='"0", "1"'))["version"] == 2
    assert api.ok(api.patch(f"/challenges/{cid}", "ent1", {"title": "再改"}, if_match="*"))["version"] == 3
    assert api.ok(api.patch(f"/challenges/{cid}", "ent1", {"title": "又改"}, if_match='W/"3"'))["version"] == 4


def test_request_changes_needs_reason_and_returns_to_draft(api: Api) -> None:
    cid = api.draft()
    api.ok(api.act(cid, "submit", "ent1"))
    assert api.act(cid, "request_changes", "gov1").status_code == 409
    assert api.ok(api.act(cid, "request_changes", "gov1", reason="请补充验收方式"))["status"] == "draft"
    history = api.ok(api.get(f"/challenges/{cid}/transitions", "ent1"))
    assert [(t["from_status"], t["to_status"]) for t in history] == [
        ("draft", "pending_approval"),
        ("pending_approval", "draft"),
    ]
    assert history[1]["reason"] == "请补充验收方式"


def test_scheduled_publication_at_publish_at(api: Api) -> None:
    publish_at = api.clock.now() + timedelta(days=2)
    cid = api.draft(publish_at=publish_at.isoformat())
    api.ok(api.act(cid, "submit", "ent1"))
    assert api.ok(api.act(cid, "approve", "gov1"))["status"] == "pending_approval"
    assert api.act(cid, "approve", "gov2").status_code == 409
    api.tick()
    assert api.ok(api.get(f"/challenges/{cid}", "ent1"))["status"] == "pending_approval"
    api.clock.set(publish_at)
    assert api.tick() == 1
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "open"


def test_amendment_needs_reason_requires_reconfirmation_and_moves_deadline(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    deadline = datetime.fromisoformat(api.ok(api.get(f"/challenges/{cid}"))["application_deadline"])
    api.clock.set(deadline - timedelta(days=1))
    version = api.ok(api.get(f"/challenges/{cid}", "ent1"))["version"]
    r = api.patch(f"/challenges/{cid}", "ent1", {"summary": "补充：需支持 120 米/分钟"}, if_match=str(version))
    assert r.status_code == 422
    r = api.patch(
        f"/challenges/{cid}",
        "ent1",
        {"summary": "补充：需支持 120 米/分钟", "reason": "产线提速"},
        if_match=str(version),
    )
    body = api.ok(r)
    assert datetime.fromisoformat(body["application_deadline"]) >= api.clock.now() + timedelta(days=3)
    amendments = api.ok(api.get(f"/challenges/{cid}/amendments"))
    assert amendments[0]["reason"] == "产线提速"
    assert "summary" in amendments[0]["diff"]
    assert amendments[0]["diff"]["application_deadline"]["moved"]
    mine = api.ok(api.get("/applications?mine=true", "vendor1"))
    assert mine[0]["status"] == "needs_reconfirmation"
    assert any(n["kind"] == "challenge.amended" for n in api.ok(api.get("/notifications", "vendor1")))
    api.ok(api.post(f"/applications/{receipt['id']}/confirm", "vendor1"))
    assert api.ok(api.get("/applications?mine=true", "vendor1"))[0]["status"] == "submitted"


def test_unconfirmed_application_is_invalid_at_opening(api: Api) -> None:
    cid = api.open_challenge()
    api.apply(cid, "vendor1")
    api.apply(cid, "vendor3")
    version = api.ok(api.get(f"/challenges/{cid}", "ent1"))["version"]
    api.ok(api.patch(f"/challenges/{cid}", "ent1", {"summary": "变更", "reason": "变更说明"}, if_match=str(version)))
    mine = api.ok(api.get("/applications?mine=true", "vendor1"))
    api.ok(api.post(f"/applications/{mine[0]['id']}/confirm", "vendor1"))
    api.pass_deadline(cid)
    apps = api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))
    assert [a["org_name"] for a in apps] == [ORG_BY_KEY["vendor1"].name]
    assert api.ok(api.get("/applications?mine=true", "vendor3"))[0]["status"] == "invalid"


def test_cancellation_needs_gov_approval(api: Api) -> None:
    cid = api.open_challenge()
    assert api.act(cid, "approve_cancellation", "gov1").status_code == 409
    api.ok(api.act(cid, "cancel", "ent1", reason="需求变更", reason_code="demand_changed"))
    assert api.ok(api.get(f"/challenges/{cid}", "ent1"))["cancel_request"]["reason_code"] == "demand_changed"
    assert api.ok(api.act(cid, "approve_cancellation", "gov1"))["status"] == "cancelled"
    assert api.act(cid, "cancel", "ent1", reason="x").status_code == 409


def test_list_filters_by_visibility(api: Api) -> None:
    open_id = api.open_challenge()
    draft_id = api.draft(owner="ent2", title="城市道路违停视频识别")
    public = [c["id"] for c in api.ok(api.get("/challenges"))["items"]]
    assert open_id in public
    assert draft_id not in public
    assert draft_id in [c["id"] for c in api.ok(api.get("/challenges?mine=true", "ent2"))["items"]]
