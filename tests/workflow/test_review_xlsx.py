"""The reviewer's .xlsx of the opened applications and of the ranking: sealed before the opening as the reads
they mirror are, budgets in 万元, each expert's scores beside the ranking and in full."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from kit.clock import to_shanghai
from tests.workflow.factories import Api

V1, V2 = ORG_BY_KEY["vendor1"].name, ORG_BY_KEY["vendor2"].name


def _book(api: Api, path: str, user: str) -> dict[str, list[list[object]]]:
    r = api.get(path, user)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _opened(api: Api) -> str:
    cid = api.open_challenge()
    api.apply(cid, "vendor1", budget={"total": 180.5, "items": [{"item": "设备", "amount": 180.5}]})
    api.apply(cid, "vendor2")
    api.pass_deadline(cid)
    return cid


def test_both_exports_are_refused_while_the_applications_are_sealed(api: Api) -> None:
    cid = api.open_challenge()
    api.apply(cid, "vendor1")
    for user in ("gov1", "ent1", "admin", "vendor1", "expert1"):
        assert api.get(f"/challenges/{cid}/applications.xlsx", user).status_code == 403, user
        assert api.get(f"/challenges/{cid}/ranking.xlsx", user).status_code == 403, user
    assert api.get(f"/challenges/{cid}/applications.xlsx", None).status_code == 401


def test_the_opened_applications_export_in_wan_with_beijing_times_and_is_audited(api: Api) -> None:
    cid = _opened(api)
    rows = _book(api, f"/challenges/{cid}/applications.xlsx", "gov1")["申报材料"]
    header = rows[0]
    assert "项目预算（万元）" in header
    assert "提交时间（北京时间）" in header
    by_org = {r[header.index("申报单位")]: r for r in rows[1:]}
    assert set(by_org) == {V1, V2}
    listed = {a["org_name"]: a for a in api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))}
    first = by_org[V1]
    assert first[header.index("项目预算（万元）")] == 180.5
    assert by_org[V2][header.index("项目预算（万元）")] == 180
    assert first[header.index("回执编号")] == listed[V1]["receipt_no"]
    assert first[header.index("SHA-256")] == listed[V1]["sha256"]
    assert first[header.index("状态")] == "已开标"
    assert first[header.index("项目负责人")] == "张工"
    assert first[header.index("附件数")] == 1
    submitted = to_shanghai(datetime.fromisoformat(listed[V1]["submitted_at"])).replace(tzinfo=None)
    cell = first[header.index("提交时间（北京时间）")]
    assert isinstance(cell, datetime)
    assert abs((cell - submitted).total_seconds()) < 1
    # The owner reads them too; another enterprise and a vendor do not.
    assert len(_book(api, f"/challenges/{cid}/applications.xlsx", "ent1")["申报材料"]) == 3
    for user in ("ent2", "vendor1", "vendor2"):
        assert api.get(f"/challenges/{cid}/applications.xlsx", user).status_code == 403, user
    # The export is a read of every application in it, recorded in the challenge's audit chain.
    reads = [e for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1")) if e["action"] == "applications.read"]
    assert any(set(e["data"]["application_ids"]) == {a["id"] for a in listed.values()} for e in reads)


def test_the_ranking_exports_each_experts_scores_for_a_reviewer_and_the_ranking_alone_for_the_owner(api: Api) -> None:
    cid = _opened(api)
    api.qualify_all(cid)
    assert api.ok(api.act(cid, "start_review", "gov1"))["status"] == "expert_review"
    # Scores only once every assignment is answered: before that the reviewer's export has no experts' columns.
    experts = ("expert1", "expert2")
    api.ok(api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": [USER_BY_NAME[e].id for e in experts]}))
    early = _book(api, f"/challenges/{cid}/ranking.xlsx", "gov1")
    assert list(early) == ["评审排名"]
    given = {"expert1": {V1: (90, 80), V2: (70, 60)}, "expert2": {V1: (80, 70), V2: (75, 65)}}
    for expert in experts:
        api.ok(api.post(f"/challenges/{cid}/coi", expert, json={"conflicts": []}))
        for a in api.ok(api.get("/assignments?mine=true", expert)):
            if a["challenge_id"] == cid:
                tech, team = given[expert][a["applicant_name"]]
                api.ok(
                    api.put(
                        f"/assignments/{a['id']}/scores",
                        expert,
                        json={"scores": {"tech": tech, "team": team}, "comment": f"{expert} 的意见"},
                    )
                )
    ranking = {r["org_name"]: r for r in api.ok(api.get(f"/challenges/{cid}/ranking", "gov1"))}
    book = _book(api, f"/challenges/{cid}/ranking.xlsx", "gov1")
    assert list(book) == ["评审排名", "专家评分明细"]
    rows = book["评审排名"]
    header = rows[0]
    names = {e: USER_BY_NAME[e].display_name for e in experts}
    assert {f"{names['expert1']} 得分", f"{names['expert2']} 得分", "极差", "回避数"} <= set(header)
    by_org = {r[header.index("申报单位")]: r for r in rows[1:]}
    assert [r[header.index("申报单位")] for r in rows[1:]] == [V1, V2]  # in ranking order
    top = by_org[V1]
    assert top[header.index("排名")] == ranking[V1]["rank"] == 1
    assert top[header.index("综合得分")] == ranking[V1]["score"]
    assert top[header.index(f"{names['expert1']} 得分")] == 86  # 90 × 0.6 + 80 × 0.4
    assert top[header.index(f"{names['expert2']} 得分")] == 76
    assert top[header.index("极差")] == 10
    assert top[header.index("回避数")] == 0
    detail = book["专家评分明细"]
    assert detail[0][:5] == ["申报单位", "专家", "状态", "技术方案（tech）", "团队能力（team）"]
    line = next(r for r in detail[1:] if r[0] == V1 and r[1] == names["expert1"])
    assert line[2:7] == ["已完成", 90, 80, 86, "expert1 的意见"]
    # The owner ranks but sees no expert's sheet (as GET …/ranking/scores refuses it); others are refused.
    owner = _book(api, f"/challenges/{cid}/ranking.xlsx", "ent1")
    assert list(owner) == ["评审排名"]
    assert not any("得分" in str(h) and h != "综合得分" for h in owner["评审排名"][0])
    for user in ("ent2", "vendor1", "expert1"):
        assert api.get(f"/challenges/{cid}/ranking.xlsx", user).status_code == 403, user
