"""Acceptance (验收, issue 17 item 4, decision 0106): the winner submits the final deliverables, an
expert panel (with the award review's COI declaration and recusal) judges each committed indicator,
and a government reviewer decides: passed, rectification (at most WORKFLOW_MAX_RECTIFICATIONS), failed."""

from __future__ import annotations

from datetime import timedelta

from demo.accounts import USER_BY_NAME
from kit.clock import SHANGHAI
from tests.workflow.agreements import METRIC, decide, evidence, in_progress, judged, signed, submit, titles
from tests.workflow.factories import Api


def test_a_panel_judges_every_indicator_and_a_pass_completes_with_the_last_tranche(api: Api) -> None:
    early = signed(api)
    refused = submit(api, early)
    assert refused.status_code == 409
    assert "every milestone before the acceptance must be met" in refused.json()["detail"]
    ag = in_progress(api)
    base = f"/agreements/{ag['id']}/acceptance"
    bad = {"summary": "结题", "deliverables": ["x"], "documents": [evidence("a.exe", "MZ", "application/x-msdownload")]}
    assert api.post(base, "vendor1", json=bad).status_code == 422
    assert api.ok(api.get(base, "vendor1"))["rounds"] == []
    assert api.post(base, "ent1", json=bad | {"documents": []}).status_code == 409  # only the winner submits
    state = api.ok(submit(api, ag))
    assert (state["status"], len(state["rounds"])) == ("acceptance", 1)
    assert titles(api, "ent1", "验收材料已提交") == ["验收材料已提交，待组织验收"]
    assert "every acceptance expert" in decide(api, ag, "passed").json()["detail"]
    ids = {"user_ids": [USER_BY_NAME["expert1"].id, USER_BY_NAME["expert2"].id]}
    assert api.post(f"{base}/experts", "ent1", json=ids).status_code == 403
    api.ok(api.post(f"{base}/experts", "gov1", json=ids))
    verdicts = {"verdicts": [{"metric": METRIC, "achieved": True, "note": "复测 99.8%"}]}
    unsigned = api.put(f"{base}/scores", "expert1", json=verdicts)
    assert (unsigned.status_code, unsigned.json()["type"].rsplit("/", 1)[1]) == (409, "coi-required")
    recused = api.ok(api.post(f"{base}/coi", "expert1", json={"conflict": "曾任揭榜方技术顾问"}))
    assert api.put(f"{base}/scores", "expert1", json=verdicts).status_code == 409  # a recused expert cannot score
    assert api.post(f"{base}/coi", "expert4", json={}).status_code == 404  # not on the panel: nothing to see
    api.ok(api.post(f"{base}/coi", "expert2", json={}))
    wrong = api.put(f"{base}/scores", "expert2", json={"verdicts": [{"metric": "其他", "achieved": True}]})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["loc"] == ["body", "verdicts"]
    state = api.ok(api.put(f"{base}/scores", "expert2", json=verdicts))
    reviews = {r["expert_id"]: r for r in api.ok(api.get(base, "gov1"))["rounds"][0]["reviews"]}
    assert reviews[USER_BY_NAME["expert1"].id]["status"] == "recused"
    assert reviews[USER_BY_NAME["expert1"].id]["recusal_reason"] == "曾任揭榜方技术顾问"
    own = [r for r in recused["rounds"][0]["reviews"] if r["expert_id"]]  # an expert sees only their own id
    assert [(r["expert_id"], r["status"]) for r in own] == [(USER_BY_NAME["expert1"].id, "recused")]
    assert reviews[USER_BY_NAME["expert2"].id]["verdicts"][0]["achieved"] is True
    assert {r["expert_id"] for r in api.ok(api.get(base, "vendor1"))["rounds"][0]["reviews"]} == {""}
    document = api.get(f"{base}/documents/0", "expert2")
    assert (document.status_code, document.content) == (200, b"%PDF final report")
    assert document.headers["x-content-sha256"] == state["rounds"][0]["documents"][0]["sha256"]
    assert api.post(f"{base}/decision", "vendor1", json={"outcome": "passed", "reason": "自评"}).status_code == 409
    done = api.ok(decide(api, ag, "passed"))
    assert (done["status"], done["rounds"][0]["outcome"], done["withheld"]) == ("completed", "passed", [])
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "vendor1"))
    assert [m["status"] for m in progress["milestones"]] == ["met", "met"]
    assert progress["released"] == progress["committed"] == 200
    assert titles(api, "vendor1", "验收结果") == ["验收结果：通过"]
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit"))]
    assert actions[-3:] == ["agreement.pass_acceptance", "milestone.accept", "tranche.released"]
    assert {"acceptance.experts_assigned", "acceptance.coi_signed", "acceptance.scored"} <= set(actions)
    assert api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit/verify"))["valid"] is True


def test_rectifications_are_limited_and_a_failure_withholds_the_last_tranche_with_its_reason(api: Api) -> None:
    ag = in_progress(api)
    api.ok(submit(api, ag))
    judged(api, ag, achieved=False)
    tomorrow = (api.clock.now().astimezone(SHANGHAI).date() + timedelta(days=1)).isoformat()
    undated = decide(api, ag, "rectification")
    assert undated.status_code == 422
    assert undated.json()["errors"][0]["loc"] == ["body", "resubmit_by"]
    for n in (1, 2):
        back = api.ok(decide(api, ag, "rectification", resubmit_by=tomorrow))
        assert (back["status"], back["rectifications_left"]) == ("signed", 2 - n)
        assert back["rounds"][-1]["resubmit_by"] == tomorrow
        again = api.ok(submit(api, ag))
        assert (again["status"], len(again["rounds"])) == ("acceptance", n + 1)
        judged(api, ag, achieved=False)
    spent = decide(api, ag, "rectification", resubmit_by=tomorrow)
    assert spent.status_code == 409
    assert "no rectification is left" in spent.json()["detail"]
    failed = api.ok(decide(api, ag, "failed"))
    assert failed["status"] == "failed"
    assert [(w["title"], w["amount"]) for w in failed["withheld"]] == [("验收款", 60)]
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "ent1"))
    assert (progress["released"], progress["milestones"][1]["status"]) == (140, "scheduled")
    # The reason is public: the challenge's audit chain carries it and the withheld tranche.
    log = api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit"))
    fail = next(e for e in log if e["action"] == "agreement.fail_acceptance")
    assert fail["data"]["reason"] == "验收结论：failed"
    assert [e["data"]["title"] for e in log if e["action"] == "tranche.withheld"] == ["验收款"]
    assert api.ok(api.get(f"/agreements/{ag['id']}", "gov1"))["closed_reason"] == "验收结论：failed"
    assert decide(api, ag, "passed").status_code == 409
