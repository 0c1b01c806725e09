"""The public record of delivery (issue 17 item 5, decision 0112): the OCDS `contracts` releases, one
per change, the public delivery timeline, and the dashboard's delivery funnel."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from kit.clock import SHANGHAI
from tests.workflow.agreements import decide, drafted, judged, sign, submit
from tests.workflow.factories import Api, ocds_valid

CODELISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "ocds" / "1.1.5" / "codelists"


def _codes(name: str) -> set[str]:
    with (CODELISTS / name).open(encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def _later(api: Api) -> None:
    """Each step an hour after the last, as a project lives them."""
    api.clock.advance(timedelta(hours=1))


def _contract_releases(api: Api, validator: Draft4Validator, cid: str) -> list[dict[str, Any]]:
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    ocds_valid(validator, package)
    releases: list[dict[str, Any]] = package["releases"][1:]
    assert len({r["id"] for r in package["releases"]}) == len(package["releases"])
    for r in releases:
        (contract,) = r["contracts"]
        assert {m["type"] for m in contract["milestones"]} <= _codes("milestoneType.csv")
        assert {m["status"] for m in contract["milestones"]} <= _codes("milestoneStatus.csv")
        assert contract["status"] in _codes("contractStatus.csv")
        roles = {role for p in r["parties"] for role in p["roles"]}
        assert roles <= _codes("partyRole.csv")
    return releases


def _report(api: Api, ag: dict[str, Any], key: str, outcome: str, note: str = "") -> None:
    base = f"/agreements/{ag['id']}/milestones/{key}"
    _later(api)
    api.ok(api.post(f"{base}/report", "vendor1", json={"summary": "进展报告"}))
    _later(api)
    api.ok(api.post(f"{base}/assessment", "ent1", json={"outcome": outcome, "note": note}))


def _signed(api: Api) -> tuple[str, dict[str, Any]]:
    cid, ag = drafted(api)
    _later(api)
    return cid, sign(api, ag)


def _accept(api: Api, ag: dict[str, Any], outcome: str, **extra: Any) -> dict[str, Any]:
    _later(api)
    api.ok(submit(api, ag))
    judged(api, ag, achieved=outcome == "passed")
    _later(api)
    result: dict[str, Any] = api.ok(decide(api, ag, outcome, **extra))
    return result


def test_ocds_grows_one_release_per_change_through_rectification_to_acceptance(
    api: Api, validator: Draft4Validator
) -> None:
    cid, ag = drafted(api)
    # A draft, and an agreement up for signing, are the parties' business.
    assert len(api.ok(api.get(f"/challenges/{cid}/ocds"))["releases"]) == 1
    ag = api.ok(api.post(f"/agreements/{ag['id']}/propose", "ent1"))
    ag = api.ok(api.post(f"/agreements/{ag['id']}/sign", "vendor1", json={"content_sha256": ag["content_sha256"]}))
    assert _contract_releases(api, validator, cid) == []
    assert api.ok(api.get(f"/challenges/{cid}/delivery")) == []
    ag = api.ok(api.post(f"/agreements/{ag['id']}/sign", "ent1", json={"content_sha256": ag["content_sha256"]}))
    _report(api, ag, "mid", "partially_met", "检出率仅达 97%")
    _report(api, ag, "mid", "met")
    resubmit_by = (api.clock.now().astimezone(SHANGHAI).date() + timedelta(days=30)).isoformat()
    _accept(api, ag, "rectification", resubmit_by=resubmit_by)
    _accept(api, ag, "passed")

    releases = _contract_releases(api, validator, cid)
    assert [r["tag"] for r in releases] == [
        ["contract"],
        ["implementation"],  # 首笔款 on signing
        ["contractUpdate"],  # mid-term partially met
        ["contractUpdate"],  # mid-term met
        ["implementationUpdate"],  # 中期款
        ["contractUpdate"],  # rectification
        ["contractTermination"],  # acceptance passed
        ["implementationUpdate"],  # 验收款
    ]
    assert [r["date"] for r in releases] == sorted(r["date"] for r in releases)
    signing = releases[0]["contracts"][0]
    assert (signing["status"], signing["awardID"], signing["value"]) == (
        "active",
        ag["award_id"],
        {"amount": 2_000_000.0, "currency": "CNY"},
    )
    assert "implementation" not in signing
    assert signing["dateSigned"]
    assert [i["description"] for i in signing["items"]] == ag["content"]["deliverables"]
    partly = {m["id"]: m for m in releases[2]["contracts"][0]["milestones"]}[f"{ag['id']}-mid"]
    assert (partly["type"], partly["status"], partly["description"]) == ("reporting", "partiallyMet", "检出率仅达 97%")
    rectified = {m["type"]: m for m in releases[5]["contracts"][0]["milestones"] if m["type"] == "assessment"}
    assert rectified["assessment"]["status"] == "notMet"
    assert rectified["assessment"]["dueDate"].startswith(resubmit_by)
    # Transactions only for released tranches: one more with each tranche release, none otherwise.
    counts = [len(r["contracts"][0].get("implementation", {}).get("transactions", [])) for r in releases]
    assert counts == [0, 1, 1, 1, 2, 2, 2, 3]
    final = releases[-1]["contracts"][0]
    assert final["status"] == "terminated"
    statuses = {m["type"]: m["status"] for m in final["milestones"] if m["type"] in ("assessment", "delivery")}
    assert statuses == {"assessment": "met", "delivery": "met"}
    assert [m["status"] for m in final["milestones"] if m["type"] == "financing"] == ["met"] * 3
    transactions = final["implementation"]["transactions"]
    assert [t["value"]["amount"] for t in transactions] == [600_000.0, 800_000.0, 600_000.0]
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "ent1"))
    assert sum(t["value"]["amount"] for t in transactions) == progress["released"] * 10_000 == 2_000_000
    assert {t["payee"]["id"] for t in transactions} == {ag["winner_org_id"]}
    assert {t["payer"]["id"] for t in transactions} == {ag["owner_org_id"]}
    parties = {p["id"]: p["roles"] for p in releases[-1]["parties"]}
    assert "payee" in parties[ag["winner_org_id"]]
    assert "payer" in parties[ag["owner_org_id"]]
    # Nothing personal: no signer, assessor or expert names or ids anywhere in the contracts.
    text = str(releases)
    for sig in api.ok(api.get(f"/agreements/{ag['id']}", "ent1"))["signatures"]:
        assert sig["user_name"] not in text


def test_a_failed_acceptance_terminates_the_contract_with_the_last_tranche_withheld(
    api: Api, validator: Draft4Validator
) -> None:
    cid, ag = _signed(api)
    _report(api, ag, "mid", "met")
    _accept(api, ag, "failed")
    releases = _contract_releases(api, validator, cid)
    assert [r["tag"] for r in releases] == [
        ["contract"],
        ["implementation"],
        ["contractUpdate"],
        ["implementationUpdate"],
        ["contractTermination"],
    ]
    final = releases[-1]["contracts"][0]
    assert final["status"] == "terminated"
    financing = [m for m in final["milestones"] if m["type"] == "financing"]
    assert [m["status"] for m in financing] == ["met", "met", "notMet"]
    assert "withheld" in financing[-1]["description"]
    assert "验收结论：failed" in financing[-1]["description"]
    amounts = [t["value"]["amount"] for t in final["implementation"]["transactions"]]
    assert amounts == [600_000.0, 800_000.0]  # never the withheld 验收款
    assert {m["type"]: m["status"] for m in final["milestones"] if m["type"] == "delivery"} == {"delivery": "notMet"}

    (timeline,) = api.ok(api.get(f"/challenges/{cid}/delivery"))
    assert (timeline["status"], timeline["committed"], timeline["released"]) == ("failed", 200, 140)
    assert timeline["withheld"] == [{"title": "验收款", "amount": 60}]
    last = timeline["events"][-1]
    assert (last["kind"], last["outcome"], last["note"]) == ("acceptance_decided", "failed", "验收结论：failed")


def test_the_delivery_timeline_is_public_in_order_with_notes_amounts_and_the_new_date(api: Api) -> None:
    cid, ag = _signed(api)
    _report(api, ag, "mid", "partially_met", "缺少现场测试报告")
    _report(api, ag, "mid", "met")
    resubmit_by = (api.clock.now().astimezone(SHANGHAI).date() + timedelta(days=20)).isoformat()
    _accept(api, ag, "rectification", resubmit_by=resubmit_by)
    (timeline,) = api.ok(api.get(f"/challenges/{cid}/delivery"))  # anonymous, as the awarded challenge
    events = [(e["kind"], e["outcome"], e["title"], e["amount"]) for e in timeline["events"]]
    assert events == [
        ("signed", None, "", None),
        ("tranche_released", None, "首笔款", 60),
        ("milestone_assessed", "partially_met", "", None),
        ("milestone_assessed", "met", "", None),
        ("tranche_released", None, "中期款", 80),
        ("acceptance_decided", "rectification", "", None),
    ]
    assert timeline["events"][2]["note"] == "缺少现场测试报告"
    assert timeline["events"][2]["milestone_title"] == "中期评估 Mid-term review"
    assert timeline["events"][-1]["resubmit_by"] == resubmit_by
    assert (timeline["status"], timeline["released"], timeline["committed"]) == ("signed", 140, 200)
    final = next(m for m in timeline["milestones"] if m["acceptance"])
    assert (final["key"], final["due_on"]) == ("final", resubmit_by)
    assert timeline["winner_org_name"] == ag["winner_org_name"]
    assert "signatures" not in timeline
    assert "content" not in timeline


def test_the_delivery_of_an_unpublished_challenge_is_not_found(api: Api) -> None:
    cid = api.draft()
    assert api.get(f"/challenges/{cid}/delivery").status_code == 404
    assert api.get("/challenges/no-such-id/delivery").status_code == 404
    assert api.ok(api.get(f"/challenges/{cid}/delivery", "ent1")) == []


def test_the_delivery_funnel_counts_awards_signatures_and_funds_over_published_data(api: Api) -> None:
    empty = api.ok(api.get("/delivery/stats"))
    assert empty["funnel"] == {"awarded": 0, "signed": 0, "in_progress": 0, "accepted": 0, "failed": 0}
    _cid, ag = drafted(api)
    stats = api.ok(api.get("/delivery/stats"))
    assert stats["funnel"] == {"awarded": 1, "signed": 0, "in_progress": 0, "accepted": 0, "failed": 0}
    assert stats["funds"] == {"committed": 0, "released": 0}
    ag = sign(api, ag)
    stats = api.ok(api.get("/delivery/stats"))
    assert stats["funnel"] == {"awarded": 1, "signed": 1, "in_progress": 1, "accepted": 0, "failed": 0}
    assert stats["funds_by_end"] == {"工业视觉": {"committed": 200, "released": 60}}
    # The default challenge is open to four districts: it counts for the whole city.
    assert stats["funds_by_district"] == {"全市": {"committed": 200, "released": 60}}
    _report(api, ag, "mid", "met")
    _accept(api, ag, "passed")
    _cid2, ag2 = _signed(api)
    _report(api, ag2, "mid", "met")
    _accept(api, ag2, "failed")
    stats = api.ok(api.get("/delivery/stats"))
    assert stats["funnel"] == {"awarded": 2, "signed": 2, "in_progress": 0, "accepted": 1, "failed": 1}
    assert stats["funds"] == {"committed": 400, "released": 340}
    assert stats["funds_by_end"]["工业视觉"] == {"committed": 400, "released": 340}
