"""The task agreement (任务书) after the award: drafted from the challenge and the winner's
application, signed by both parties on one exact version, voided by any edit (issue 17, item 1)."""

from __future__ import annotations

from tests.workflow.agreements import drafted, edit, evidence, sign, signed
from tests.workflow.factories import V1, Api


def test_the_owner_drafts_an_agreement_prefilled_from_the_challenge_and_the_winners_commitments(api: Api) -> None:
    cid, ag = drafted(api)
    assert (ag["status"], ag["version"], ag["winner_org_name"]) == ("draft", 1, V1)
    content = ag["content"]
    assert content["indicators"] == [
        {"metric": "缺陷检出率", "target": "99.7%", "unit": "%", "verification": "现场测试"}
    ]
    assert content["deliverables"] == ["检测系统一套", "技术文档"]
    assert [(t["amount"], t["milestone"]) for t in content["tranches"]] == [(60, None), (80, "mid"), (60, "final")]
    assert ag["tranche_total"] == ag["reward_amount"] == 200
    assert set(ag["allowed_actions"]) == {"edit", "propose"}
    winner = api.ok(api.get(f"/agreements/{ag['id']}", "vendor1"))
    assert set(winner["allowed_actions"]) == {"edit", "refuse"}
    # Drafting again adds nothing; the losing vendor and outsiders see nothing.
    assert [a["id"] for a in api.ok(api.post(f"/challenges/{cid}/agreements", "ent1"))] == [ag["id"]]
    assert api.ok(api.get(f"/challenges/{cid}/agreements", "vendor2")) == []
    assert api.get(f"/agreements/{ag['id']}", "vendor2").status_code == 404
    assert api.ok(api.get(f"/agreements/{ag['id']}", "gov1"))["allowed_actions"] == []
    assert [a["id"] for a in api.ok(api.get("/agreements", "vendor1"))] == [ag["id"]]


def test_both_parties_sign_the_same_version_and_the_chain_records_each_step(api: Api) -> None:
    cid, ag = drafted(api)
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    assert ag["status"] == "signing"
    sign = {"content_sha256": ag["content_sha256"]}
    after_vendor = api.ok(api.post(f"/agreements/{ag['id']}/sign", "vendor1", json=sign))
    assert after_vendor["status"] == "signing"
    assert "sign" not in after_vendor["allowed_actions"]
    again = api.post(f"/agreements/{ag['id']}/sign", "vendor1", json=sign)
    assert again.status_code == 409
    assert "already signed" in again.json()["detail"]
    signed = api.ok(api.post(f"/agreements/{ag['id']}/sign", "ent1", json=sign))
    assert signed["status"] == "signed"
    assert sorted((s["party"], s["content_sha256"], s["voided_at"]) for s in signed["signatures"]) == [
        ("owner", ag["content_sha256"], None),
        ("winner", ag["content_sha256"], None),
    ]
    assert signed["allowed_actions"] == []
    assert edit(api, signed, "ent1").status_code == 409
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1"))]
    tail = actions[-6:]
    assert tail == [
        "agreement.drafted",
        "agreement.propose",
        "agreement.sign",
        "agreement.sign",
        "agreement.complete",
        "tranche.released",
    ]
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True
    titles = [n["title"] for n in api.ok(api.get("/notifications", "vendor1"))]
    assert "任务书待签订" in titles
    assert "任务书已签订" in titles


def test_an_edit_voids_every_signature_and_a_signature_on_the_old_text_is_refused(api: Api) -> None:
    _, ag = drafted(api)
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    old_hash = ag["content_sha256"]
    api.ok(api.post(f"/agreements/{ag['id']}/sign", "vendor1", json={"content_sha256": old_hash}))
    current = api.ok(api.get(f"/agreements/{ag['id']}", "ent1"))
    response = edit(api, current, "ent1", deliverables=["检测系统一套", "技术文档", "操作培训"])
    assert response.status_code == 200, response.text
    edited = response.json()
    assert (edited["status"], edited["version"]) == ("draft", current["version"] + 1)
    assert edited["content_sha256"] != old_hash
    assert [s["voided_at"] is not None for s in edited["signatures"]] == [True]
    api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    stale = api.post(f"/agreements/{ag['id']}/sign", "ent1", json={"content_sha256": old_hash})
    assert stale.status_code == 409
    assert stale.json()["content_sha256"] == edited["content_sha256"]
    for user in ("ent1", "vendor1"):
        api.ok(api.post(f"/agreements/{ag['id']}/sign", user, json={"content_sha256": edited["content_sha256"]}))
    final = api.ok(api.get(f"/agreements/{ag['id']}", "gov1"))
    assert final["status"] == "signed"
    live = [s for s in final["signatures"] if s["voided_at"] is None]
    assert {(s["party"], s["version"]) for s in live} == {("owner", edited["version"]), ("winner", edited["version"])}


def test_nobody_signs_or_refuses_for_another_party(api: Api) -> None:
    _, ag = drafted(api)
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    sign = {"content_sha256": ag["content_sha256"]}
    assert api.post(f"/agreements/{ag['id']}/sign", "vendor2", json=sign).status_code == 404
    refused = api.post(f"/agreements/{ag['id']}/sign", "gov1", json=sign)
    assert refused.status_code == 409
    assert refused.json()["agreement_status"] == "signing"
    owner_refuses = api.post(f"/agreements/{ag['id']}/refuse", "ent1", json={"reason": "不签"})
    assert owner_refuses.status_code == 409
    assert api.post(f"/agreements/{ag['id']}/propose", "vendor1").status_code == 409


def test_the_winner_refuses_with_a_reason_and_the_owner_is_told(api: Api) -> None:
    _, ag = drafted(api)
    assert api.post(f"/agreements/{ag['id']}/refuse", "vendor1", json={"reason": ""}).status_code == 422
    done = api.ok(api.post(f"/agreements/{ag['id']}/refuse", "vendor1", json={"reason": "交付周期无法满足"}))
    assert (done["status"], done["allowed_actions"]) == ("cancelled", [])
    notices = api.ok(api.get("/notifications", "ent1"))
    assert any(n["title"] == "揭榜方拒绝签订任务书" and "交付周期无法满足" in n["body"] for n in notices)


def test_bad_agreements_are_refused_naming_the_field(api: Api) -> None:
    cid, ag = drafted(api)
    tranches = [{**t, "amount": 150} for t in ag["content"]["tranches"]]
    too_much = edit(api, ag, "ent1", tranches=tranches)
    assert too_much.status_code == 422
    assert too_much.json()["errors"][0]["loc"] == ["body", "tranches"]
    assert "450" in too_much.json()["detail"]
    orphan = [{**ag["content"]["tranches"][0], "milestone": "nowhere"}]
    assert edit(api, ag, "ent1", tranches=orphan).status_code == 422
    unknown = edit(api, ag, "ent1", penalty="10%")
    assert unknown.status_code == 422
    assert "penalty" in unknown.json()["detail"]
    missing = api.client.put(f"/agreements/{ag['id']}", headers=api.h("ent1"), json=ag["content"])
    assert missing.status_code == 428
    stale = api.client.put(f"/agreements/{ag['id']}", headers=api.h("ent1", **{"If-Match": '"99"'}), json=ag["content"])
    assert stale.status_code == 412
    assert api.ok(api.get(f"/agreements/{ag['id']}", "ent1"))["version"] == 1
    assert api.post(f"/challenges/{cid}/agreements", "vendor1").status_code == 404


def test_no_agreement_before_the_award_is_final(api: Api) -> None:
    cid = api.open_challenge()
    refused = api.post(f"/challenges/{cid}/agreements", "ent1")
    assert refused.status_code == 409
    assert refused.json()["challenge_status"] == "open"


def test_signing_schedules_the_milestones_and_releases_the_first_tranche(api: Api) -> None:
    ag = signed(api)
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "vendor1"))
    assert [(m["key"], m["status"], m["allowed_actions"]) for m in progress["milestones"]] == [
        ("mid", "scheduled", ["report"]),
        ("final", "scheduled", ["report"]),
    ]
    assert [(p["title"], p["amount"], p["payer_name"], p["payee_name"]) for p in progress["payments"]] == [
        ("首笔款", 60, ag["owner_org_name"], V1)
    ]
    assert (progress["released"], progress["committed"]) == (60, 200)
    audit = [e["action"] for e in api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit", "gov1"))]
    assert audit[-1] == "tranche.released"


def test_a_milestone_releases_its_tranche_only_once_it_is_met(api: Api) -> None:
    ag = signed(api)
    base = f"/agreements/{ag['id']}/milestones/mid"
    first = {"summary": "完成样机与产线联调", "documents": [evidence("中期报告.pdf", "%PDF first report")]}
    progress = api.ok(api.post(f"{base}/report", "vendor1", json=first))
    mid = progress["milestones"][0]
    assert (mid["status"], mid["reports"], mid["documents"][0]["name"]) == ("reported", 1, "中期报告.pdf")
    assert api.post(f"{base}/assessment", "ent1", json={"outcome": "partially_met"}).status_code == 409
    partial = {"outcome": "partially_met", "note": "检出率 99.1%，未达 99.7%"}
    progress = api.ok(api.post(f"{base}/assessment", "ent1", json=partial))
    assert progress["milestones"][0]["status"] == "partially_met"
    assert progress["milestones"][0]["assessment_note"] == "检出率 99.1%，未达 99.7%"
    assert [p["title"] for p in progress["payments"]] == ["首笔款"]
    second = {"summary": "优化算法后复测", "documents": [evidence("复测报告.pdf", "%PDF second report")]}
    progress = api.ok(api.post(f"{base}/report", "vendor1", json=second))
    assert (progress["milestones"][0]["status"], progress["milestones"][0]["reports"]) == ("reported", 2)
    document = api.get(f"{base}/documents/0", "ent1")
    assert document.status_code == 200
    assert document.content == b"%PDF second report"
    assert document.headers["x-content-sha256"] == progress["milestones"][0]["documents"][0]["sha256"]
    # Only the owner assesses, only the winner reports, nobody else sees anything.
    assert api.post(f"{base}/assessment", "vendor1", json={"outcome": "met"}).status_code == 409
    assert api.post(f"{base}/report", "ent1", json=second).status_code == 409
    assert api.post(f"{base}/assessment", "vendor2", json={"outcome": "met"}).status_code == 404
    assert api.get(f"/agreements/{ag['id']}/progress", "vendor2").status_code == 404
    progress = api.ok(api.post(f"{base}/assessment", "ent1", json={"outcome": "met"}))
    assert [(p["title"], p["amount"], p["milestone"]) for p in progress["payments"]] == [
        ("首笔款", 60, None),
        ("中期款", 80, "mid"),
    ]
    assert progress["released"] == 140
    assert api.post(f"{base}/assessment", "ent1", json={"outcome": "met"}).status_code == 409
    assert api.post(f"{base}/report", "vendor1", json=second).status_code == 409
    notices = [n["title"] for n in api.ok(api.get("/notifications", "vendor1"))]
    assert "中期款拨付指令已下达" in notices
    assert api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit/verify"))["valid"] is True


def test_no_milestone_before_signing_and_bad_evidence_stores_nothing(api: Api) -> None:
    _, ag = drafted(api)
    early = api.post(f"/agreements/{ag['id']}/milestones/mid/report", "vendor1", json={"summary": "提前"})
    assert early.status_code == 409
    assert early.json()["agreement_status"] == "draft"
    ag = sign(api, ag)
    bad = {"summary": "报告", "documents": [evidence("run.exe", "MZ", content_type="application/x-msdownload")]}
    refused = api.post(f"/agreements/{ag['id']}/milestones/mid/report", "vendor1", json=bad)
    assert refused.status_code == 422
    mid = api.ok(api.get(f"/agreements/{ag['id']}/progress", "vendor1"))["milestones"][0]
    assert (mid["status"], mid["reports"], mid["documents"]) == ("scheduled", 0, [])
    assert (
        api.post(f"/agreements/{ag['id']}/milestones/nowhere/report", "vendor1", json={"summary": "x"}).status_code
        == 404
    )
