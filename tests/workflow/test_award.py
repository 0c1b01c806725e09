from __future__ import annotations

from datetime import datetime, timedelta

from tests.workflow.factories import V1, V2, V3, Api


def test_draft_to_awarded_with_three_roles(api: Api) -> None:
    cid = api.reviewed()
    ranking = api.ok(api.get(f"/challenges/{cid}/ranking", "gov1"))
    assert [r["org_name"] for r in ranking] == [V1, V2, V3]
    assert ranking[0]["score"] == 86.0
    assert api.ok(api.act(cid, "recommend", "gov1"))["status"] == "award_approval"
    assert not {"approve_award", "reject_award"} & set(api.ok(api.get(f"/challenges/{cid}", "gov1"))["allowed_actions"])
    assert {"approve_award", "reject_award"} <= set(api.ok(api.get(f"/challenges/{cid}", "gov2"))["allowed_actions"])
    refused = api.act(cid, "approve_award", "gov1")
    assert refused.status_code == 409
    assert "recommended" in refused.json()["detail"]
    assert "approve_award" not in refused.json()["allowed_actions"]
    body = api.ok(api.act(cid, "approve_award", "gov2"))
    assert body["status"] == "publicity"
    ends = datetime.fromisoformat(body["publicity_ends_at"])
    assert ends - api.clock.now() >= timedelta(days=5)
    notice = api.ok(api.get(f"/challenges/{cid}/publicity"))
    assert [w["org_name"] for w in notice["winners"]] == [V1]
    assert notice["results"] == []
    api.tick()
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "publicity"
    api.end_publicity(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "awarded"
    results = api.ok(api.get(f"/challenges/{cid}/publicity"))["results"]
    assert [(r["org_name"], r["status"]) for r in results] == [
        (V1, "awarded"),
        (V2, "not_awarded"),
        (V3, "not_awarded"),
    ]
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True
    kinds = {n["kind"] for n in api.ok(api.get("/notifications", "vendor2"))}
    assert {"application.received", "award.publicity", "award.final"} <= kinds


def test_reject_award_returns_to_review(api: Api) -> None:
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    assert api.act(cid, "reject_award", "gov2").status_code == 409
    assert api.ok(api.act(cid, "reject_award", "gov2", reason="评分依据不足"))["status"] == "expert_review"
    assert api.ok(api.act(cid, "recommend", "gov2"))["status"] == "award_approval"
    assert api.ok(api.act(cid, "approve_award", "gov1"))["status"] == "publicity"


def test_horse_race_to_two_winners(api: Api) -> None:
    cid = api.reviewed(mode="horse_race", max_winners=2)
    r = api.act(cid, "recommend", "gov1", application_ids=[])
    assert r.status_code == 409
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    api.end_publicity(cid)
    notice = api.ok(api.get(f"/challenges/{cid}/publicity"))
    assert notice["status"] == "awarded"
    assert [w["org_name"] for w in notice["winners"]] == [V1, V2]


def test_recommend_more_than_max_winners_refused(api: Api) -> None:
    cid = api.reviewed()
    ids = [r["application_id"] for r in api.ok(api.get(f"/challenges/{cid}/ranking", "gov1"))]
    assert api.act(cid, "recommend", "gov1", application_ids=ids[:2]).status_code == 409
    assert api.ok(api.act(cid, "recommend", "gov1", application_ids=[ids[1]]))["status"] == "award_approval"


def test_unsuccessful_when_too_few_applications(api: Api) -> None:
    cid = api.open_challenge(min_applications=2)
    api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "unsuccessful"
    assert any(n["kind"] == "challenge.unsuccessful" for n in api.ok(api.get("/notifications", "vendor1")))


def test_upheld_objection_sends_back_to_review(api: Api) -> None:
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    winner = api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"][0]
    assert (
        api.post(
            f"/challenges/{cid}/objections", "vendor4", json={"grounds": "我方未参与但认为评审有误，请复核。"}
        ).status_code
        == 403
    )
    objection = api.ok(
        api.post(
            f"/challenges/{cid}/objections",
            "vendor2",
            json={"application_id": winner["application_id"], "grounds": "中标单位资质证书已过期，不符合揭榜条件。"},
        ),
        201,
    )
    api.end_publicity(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "publicity"  # held by the open objection
    public = api.ok(api.get(f"/challenges/{cid}/objections"))
    assert public == []
    decided = api.ok(
        api.post(
            f"/objections/{objection['id']}/decision",
            "gov1",
            json={"outcome": "upheld", "answer": "经核实资质过期，异议成立。"},
        )
    )
    assert decided["status"] == "upheld"
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "expert_review"
    assert api.ok(api.get(f"/challenges/{cid}/objections"))[0]["answer"] == "经核实资质过期，异议成立。"
    assert api.ok(api.get(f"/challenges/{cid}/objections"))[0]["filer_name"] is None
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    assert [w["org_name"] for w in api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"]] == [V2]
    api.end_publicity(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "awarded"


def test_rejected_objection_releases_the_hold(api: Api) -> None:
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    objection = api.ok(
        api.post(f"/challenges/{cid}/objections", "vendor3", json={"grounds": "评分过程不透明，请公开评分细则。"}), 201
    )
    api.end_publicity(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "publicity"
    api.ok(
        api.post(
            f"/objections/{objection['id']}/decision",
            "gov2",
            json={"outcome": "rejected", "answer": "评分细则已随榜单公开，异议不成立。"},
        )
    )
    api.tick()
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "awarded"
    assert any(n["kind"] == "objection.decided" for n in api.ok(api.get("/notifications", "vendor3")))
