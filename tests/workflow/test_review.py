from __future__ import annotations

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from tests.workflow.factories import Api


def _experts_appointed(api: Api) -> str:
    """In review with expert1 and expert4 (affiliated with vendor2) appointed, no conflicts declared yet."""
    cid = api.in_review(("vendor1", "vendor2"))
    ids = [USER_BY_NAME[e].id for e in ("expert1", "expert4")]
    api.ok(api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": ids}))
    return cid


def test_coi_before_reading_and_affiliated_expert_recused(api: Api) -> None:
    cid = _experts_appointed(api)
    assert api.get(f"/challenges/{cid}/applications", "expert1").status_code == 403
    first = api.ok(api.get("/assignments?mine=true", "expert1"))[0]
    assert (
        api.put(f"/assignments/{first['id']}/scores", "expert1", json={"scores": {"tech": 80, "team": 80}}).status_code
        == 403
    )
    api.ok(api.post(f"/challenges/{cid}/coi", "expert4", json={"conflicts": []}))
    rows = {a["applicant_name"]: a for a in api.ok(api.get("/assignments?mine=true", "expert4"))}
    assert rows[ORG_BY_KEY["vendor2"].name]["status"] == "recused"
    assert rows[ORG_BY_KEY["vendor1"].name]["status"] == "assigned"
    visible = api.ok(api.get(f"/challenges/{cid}/applications", "expert4"))
    assert [a["org_name"] for a in visible] == [ORG_BY_KEY["vendor1"].name]
    recused = rows[ORG_BY_KEY["vendor2"].name]
    assert api.get(f"/applications/{recused['application_id']}", "expert4").status_code == 404
    assert (
        api.put(
            f"/assignments/{recused['id']}/scores", "expert4", json={"scores": {"tech": 80, "team": 80}}
        ).status_code
        == 403
    )


def test_declared_conflict_recuses(api: Api) -> None:
    cid = _experts_appointed(api)
    target = api.ok(api.get("/assignments?mine=true", "expert1"))[0]
    api.ok(
        api.post(
            f"/challenges/{cid}/coi",
            "expert1",
            json={"conflicts": [{"application_id": target["application_id"], "reason": "曾任该单位顾问"}]},
        )
    )
    row = next(a for a in api.ok(api.get("/assignments?mine=true", "expert1")) if a["id"] == target["id"])
    assert row["status"] == "recused"
    assert row["recusal_reason"] == "曾任该单位顾问"


def test_scores_in_range_comment_below_threshold_and_no_advance_until_done(api: Api) -> None:
    cid = _experts_appointed(api)
    api.ok(api.post(f"/challenges/{cid}/coi", "expert1", json={"conflicts": []}))
    api.ok(api.post(f"/challenges/{cid}/coi", "expert4", json={"conflicts": []}))
    a, b = api.ok(api.get("/assignments?mine=true", "expert1"))
    assert (
        api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": {"tech": 120, "team": 80}}).status_code
        == 422
    )
    assert api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": {"tech": 80}}).status_code == 422
    assert (
        api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": {"tech": 30, "team": 30}}).status_code
        == 422
    )
    api.ok(
        api.put(
            f"/assignments/{a['id']}/scores",
            "expert1",
            json={"scores": {"tech": 30, "team": 30}, "comment": "方案不完整"},
        )
    )
    assert api.act(cid, "recommend", "gov1").status_code == 409
    api.ok(api.put(f"/assignments/{b['id']}/scores", "expert1", json={"scores": {"tech": 90, "team": 90}}))
    e4 = [x for x in api.ok(api.get("/assignments?mine=true", "expert4")) if x["status"] == "assigned"]
    assert api.act(cid, "recommend", "gov1").status_code == 409
    api.ok(api.post(f"/assignments/{e4[0]['id']}/recuse", "expert4", json={"reason": "时间冲突"}))
    assert api.ok(api.act(cid, "recommend", "gov1"))["status"] == "award_approval"
    assert api.get("/assignments?mine=true", "vendor1").status_code == 403


def test_tie_break_prefers_heavier_criterion_then_earlier_submission(api: Api) -> None:
    from datetime import timedelta

    cid = api.open_challenge()
    for v in ("vendor1", "vendor2", "vendor3"):
        api.apply(cid, v)
        api.clock.advance(timedelta(seconds=1))
    api.pass_deadline(cid)
    api.qualify_all(cid)
    api.ok(api.act(cid, "start_review", "gov1"))
    names = {k: ORG_BY_KEY[k].name for k in ("vendor1", "vendor2", "vendor3")}
    # 60*tech + 40*team: vendor1 = 60*0.7+40*0.85 = 76; vendor2 = 60*0.8+40*0.7 = 76; vendor3 same as vendor1
    api.review(
        cid,
        ("expert1",),
        {
            names["vendor1"]: {"tech": 70, "team": 85},
            names["vendor2"]: {"tech": 80, "team": 70},
            names["vendor3"]: {"tech": 70, "team": 85},
        },
    )
    order = [r["org_name"] for r in api.ok(api.get(f"/challenges/{cid}/ranking", "gov1"))]
    assert order == [names["vendor2"], names["vendor1"], names["vendor3"]]


def test_only_active_experts_from_the_accounts_directory_join_the_panel(api: Api) -> None:
    """A vendor's id or an unknown one on the panel held assignments nobody could complete, for ever."""
    cid = _experts_appointed(api)
    before = api.ok(api.get(f"/challenges/{cid}/experts", "gov1"))
    for bad in (USER_BY_NAME["vendor1"].id, USER_BY_NAME["gov2"].id, "no-such-user"):
        refused = api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": [USER_BY_NAME["expert2"].id, bad]})
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert (refused.json()["field"], refused.json()["user_id"]) == ("user_ids.1", bad)
    assert api.ok(api.get(f"/challenges/{cid}/experts", "gov1")) == before
    assert api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": [""]}).status_code == 422
    assert api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": ["../admin"]}).status_code == 422
    panel = api.ok(api.get(f"/challenges/{cid}/experts", "gov1"))
    assert {m["user_id"]: m["status"] for m in panel} == {
        USER_BY_NAME["expert1"].id: "pending",
        USER_BY_NAME["expert4"].id: "pending",
    }
    refused = api.post(f"/challenges/{cid}/coi", "vendor1", json={"conflicts": []})
    assert refused.status_code == 403
    api.ok(api.post(f"/challenges/{cid}/coi", "expert1", json={"conflicts": []}))
    status = {m["user_id"]: m["status"] for m in api.ok(api.get(f"/challenges/{cid}/experts", "gov1"))}
    assert status[USER_BY_NAME["expert1"].id] == "confirmed"


def test_a_member_who_has_not_scored_is_removed_or_replaced_with_a_reason(api: Api) -> None:
    cid = _experts_appointed(api)
    e1, e2, e4 = (USER_BY_NAME[e].id for e in ("expert1", "expert2", "expert4"))
    api.ok(api.post(f"/challenges/{cid}/coi", "expert1", json={"conflicts": []}))
    for a in api.ok(api.get("/assignments?mine=true", "expert1")):
        api.ok(api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": {"tech": 80, "team": 80}}))
    # expert4 never answers: the review is held until they are replaced
    assert api.act(cid, "recommend", "gov1").status_code == 409
    body = {"reason": "长期未响应评审邀请", "replacement_user_id": e2}
    no_reason = api.client.request("DELETE", f"/challenges/{cid}/experts/{e4}", headers=api.h("gov1"), json={})
    assert no_reason.status_code == 422
    not_expert = {"reason": "替换", "replacement_user_id": USER_BY_NAME["vendor3"].id}
    refused = api.client.request("DELETE", f"/challenges/{cid}/experts/{e4}", headers=api.h("gov1"), json=not_expert)
    assert (refused.status_code, refused.json()["field"]) == (422, "replacement_user_id")
    assert (
        api.client.request("DELETE", f"/challenges/{cid}/experts/{e4}", headers=api.h("ent1"), json=body).status_code
        == 403
    )
    panel = api.client.request("DELETE", f"/challenges/{cid}/experts/{e4}", headers=api.h("gov1"), json=body)
    assert panel.status_code == 200, panel.text
    assert {m["user_id"] for m in panel.json()} == {e1, e2}
    assert api.ok(api.get("/assignments?mine=true", "expert4")) == []
    # one who has scored stays
    scored = api.client.request(
        "DELETE", f"/challenges/{cid}/experts/{e1}", headers=api.h("gov1"), json={"reason": "调整"}
    )
    assert scored.status_code == 409
    gone = api.client.request(
        "DELETE", f"/challenges/{cid}/experts/{e4}", headers=api.h("gov1"), json={"reason": "再删"}
    )
    assert gone.status_code == 404
    replaced = [e for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1")) if e["action"] == "expert.replaced"]
    assert [(e["data"]["user_id"], e["data"]["reason"], e["data"]["replacement_user_id"]) for e in replaced] == [
        (e4, "长期未响应评审邀请", e2)
    ]
    api.ok(api.post(f"/challenges/{cid}/coi", "expert2", json={"conflicts": []}))
    for a in api.ok(api.get("/assignments?mine=true", "expert2")):
        api.ok(api.put(f"/assignments/{a['id']}/scores", "expert2", json={"scores": {"tech": 70, "team": 70}}))
    assert api.ok(api.act(cid, "recommend", "gov1"))["status"] == "award_approval"


def test_the_service_refuses_a_coi_from_a_token_without_the_expert_role(api: Api) -> None:
    import pytest

    from kit.errors import Forbidden
    from kit.tokens import Principal
    from workflow.context import Context
    from workflow.review import schemas
    from workflow.review.service import declare

    cid = _experts_appointed(api)
    state = api.app.state
    gov = Principal(kind="user", subject=USER_BY_NAME["expert1"].id, roles=frozenset({"gov_reviewer"}))
    with state.sessionmaker() as session, session.begin():
        ctx = Context(session=session, clock=state.clock, settings=state.settings, sealer=state.sealer)
        with pytest.raises(Forbidden):
            declare(ctx, gov, cid, schemas.CoiDeclaration(conflicts=[]))


def test_an_out_of_range_score_names_both_bounds_even_when_the_criterion_left_them_default(api: Api) -> None:
    criteria = [{"id": "tech", "name": "技术方案", "weight": 60}, {"id": "team", "name": "团队能力", "weight": 40}]
    cid = api.open_challenge(criteria=criteria)
    api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    api.qualify_all(cid)
    api.ok(api.act(cid, "start_review", "gov1"))
    api.ok(api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": [USER_BY_NAME["expert1"].id]}))
    api.ok(api.post(f"/challenges/{cid}/coi", "expert1", json={"conflicts": []}))
    (a,) = api.ok(api.get("/assignments?mine=true", "expert1"))
    refused = api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": {"tech": 120, "team": 80}})
    assert refused.status_code == 422
    problem = refused.json()
    assert "None" not in problem["detail"]
    assert "0–100" in problem["detail"]
    assert (problem["field"], problem["minimum"], problem["maximum"]) == ("scores.tech", 0, 100)


def test_an_expert_is_recused_where_their_organisation_is_a_consortium_member_named_only_by_name(api: Api) -> None:
    """expert4 (湘湖智感) scored 100/100 an application listing 杭州湘湖智感科技有限公司 as a consortium member."""
    cid = api.open_challenge()
    by_name = [{"org_name": "湘湖智感（萧山）", "role": "算法"}]
    by_code = [{"org_name": "良渚芯视", "credit_code": ORG_BY_KEY["vendor3"].credit_code, "role": "芯片"}]
    named = api.apply(cid, "vendor1", consortium=by_name)
    coded = api.apply(cid, "vendor4", consortium=by_code)
    api.pass_deadline(cid)
    api.qualify_all(cid)
    api.ok(api.act(cid, "start_review", "gov1"))
    ids = [USER_BY_NAME[e].id for e in ("expert1", "expert4")]
    api.ok(api.post(f"/challenges/{cid}/experts", "gov1", json={"user_ids": ids}))
    api.ok(api.post(f"/challenges/{cid}/coi", "expert4", json={"conflicts": []}))
    rows = {a["application_id"]: a for a in api.ok(api.get("/assignments?mine=true", "expert4"))}
    assert rows[named["id"]]["status"] == "recused"
    assert "湘湖智感" in rows[named["id"]]["recusal_reason"]
    assert rows[coded["id"]]["status"] == "assigned"
    refused = api.put(
        f"/assignments/{rows[named['id']]['id']}/scores", "expert4", json={"scores": {"tech": 100, "team": 100}}
    )
    assert refused.status_code == 403
    # the member named by name alone is flagged for the reviewers; the one with a credit code is not
    flags = api.ok(api.get(f"/applications/{named['id']}", "gov1"))["flags"]
    assert {"rule": "consortium_member_unresolved", "detail": "湘湖智感（萧山）"} in flags
    assert not [
        f for f in api.ok(api.get(f"/applications/{coded['id']}", "gov1"))["flags"] if "consortium" in f["rule"]
    ]


def test_core_names_ignore_region_legal_form_brackets_and_width() -> None:
    from workflow.review.affiliation import core_name

    same = ["湘湖智感", "杭州湘湖智感科技有限公司", "杭州市 湘湖智感科技有限公司（萧山）", "湘湖智感科技股份有限公司"]
    assert {core_name(n) for n in same} == {"湘湖智感"}
    assert core_name("杭州澄光视觉科技有限公司") != core_name("杭州湘湖智感科技有限公司")
    assert core_name("ＡＢＣ Vision Co., Ltd.") == core_name("abcvisioncoltd")


def test_each_experts_sheet_is_shown_to_reviewers_once_every_assignment_is_answered(api: Api) -> None:
    cid = _experts_appointed(api)
    e1, e4 = USER_BY_NAME["expert1"].id, USER_BY_NAME["expert4"].id
    for expert in ("expert1", "expert4"):
        api.ok(api.post(f"/challenges/{cid}/coi", expert, json={"conflicts": []}))
    sheets = {"tech": 90.0, "team": 70.0}
    for a in api.ok(api.get("/assignments?mine=true", "expert1")):
        api.ok(api.put(f"/assignments/{a['id']}/scores", "expert1", json={"scores": sheets}))
    path = f"/challenges/{cid}/ranking/scores"
    assert api.get(path, "gov1").status_code == 403  # expert4 has not answered yet
    open_one = next(x for x in api.ok(api.get("/assignments?mine=true", "expert4")) if x["status"] == "assigned")
    recused = next(x for x in api.ok(api.get("/assignments?mine=true", "expert4")) if x["status"] == "recused")
    api.ok(api.put(f"/assignments/{open_one['id']}/scores", "expert4", json={"scores": {"tech": 60, "team": 60}}))
    for user in ("ent1", "expert1", "vendor1", None):
        assert api.get(path, user).status_code in (401, 403), user
    rows = {(r["application_id"], r["expert_id"]): r for r in api.ok(api.get(path, "gov2"))}
    assert len(rows) == 4
    scored = rows[(open_one["application_id"], e4)]
    assert (scored["status"], scored["scores"], scored["total"]) == ("completed", {"tech": 60.0, "team": 60.0}, 60.0)
    assert rows[(open_one["application_id"], e1)]["scores"] == sheets
    skipped = rows[(recused["application_id"], e4)]
    assert (skipped["status"], skipped["total"], skipped["scores"]) == ("recused", None, {})
    assert skipped["recusal_reason"]
