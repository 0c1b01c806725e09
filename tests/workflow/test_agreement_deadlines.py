"""What the scheduler does as an agreement's dates come (issue 17, items 1 and 2; decision 0105): it
reminds the parties that have not signed 3 and 1 working days before `sign_by`, lapses an agreement
still unsigned after that day (Beijing time), which forfeits the award; a government reviewer then
offers the award to the next ranked application or closes the challenge without a winner. Milestones
are reminded before their due date and flagged overdue once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from jsonschema import Draft4Validator

from kit.clock import SHANGHAI
from kit.workdays import WorkingDayCalendar
from tests.workflow.agreements import at, awarded, drafted, edit, sign, signing_due, titles, with_holidays
from tests.workflow.factories import V1, V2, Api, ocds_valid


def tick_at(api: Api, when: datetime, times: int = 2) -> None:
    api.clock.set(when)
    for _ in range(times):  # a second run finds nothing more to do
        api.tick()


def test_working_days_before_skips_the_days_off() -> None:
    cal = WorkingDayCalendar({date(2031, 5, 1): False, date(2031, 5, 2): False, date(2031, 4, 27): True})
    # Monday 5 May 2031: the Friday and Thursday before are days off, the weekend too.
    assert cal.working_days_before(date(2031, 5, 5), 1) == date(2031, 4, 30)
    assert cal.working_days_before(date(2031, 5, 5), 3) == date(2031, 4, 28)
    assert cal.working_days_before(date(2031, 4, 28), 1) == date(2031, 4, 27)  # a make-up Sunday counts


def test_the_unsigned_party_is_reminded_once_each_and_the_agreement_lapses_after_its_day(api: Api) -> None:
    cid, ag, deadline = signing_due(api)
    tick_at(api, at(deadline - timedelta(days=6)))
    assert titles(api, "ent1", "签订截止前") == []
    tick_at(api, at(deadline - timedelta(days=5)))
    assert titles(api, "ent1", "签订截止前") == ["任务书签订截止前 3 个工作日"]
    tick_at(api, at(deadline - timedelta(days=2)))  # a holiday: nothing new
    tick_at(api, at(deadline - timedelta(days=1)))
    assert sorted(titles(api, "ent1", "签订截止前")) == ["任务书签订截止前 1 个工作日", "任务书签订截止前 3 个工作日"]
    assert titles(api, "vendor1", "签订截止前") == []  # the winner has signed
    tick_at(api, datetime.combine(deadline, time(23, 59), tzinfo=SHANGHAI))
    assert api.ok(api.get(f"/agreements/{ag['id']}", "ent1"))["status"] == "signing"
    # After the day ends nobody signs, even before the scheduler has run.
    api.clock.set(datetime.combine(deadline + timedelta(days=1), time(0, 0, 1), tzinfo=SHANGHAI))
    late = api.post(f"/agreements/{ag['id']}/sign", "ent1", json={"content_sha256": ag["content_sha256"]})
    assert late.status_code == 409
    assert "deadline has passed" in late.json()["detail"]
    current = api.ok(api.get(f"/agreements/{ag['id']}", "ent1"))
    later = (deadline + timedelta(days=10)).isoformat()
    assert "deadline has passed" in edit(api, current, "ent1", sign_by=later).json()["detail"]
    api.tick()
    api.tick()
    lapsed = api.ok(api.get(f"/agreements/{ag['id']}", "gov1"))
    assert lapsed["status"] == "lapsed"
    assert deadline.isoformat() in lapsed["closed_reason"]
    assert sorted(lapsed["allowed_actions"]) == ["close", "offer_next"]
    assert all(s["voided_at"] is not None for s in lapsed["signatures"])
    for user in ("ent1", "vendor1"):
        assert titles(api, user, "已失效") == ["任务书未在截止日前签订，已失效"]
    assert api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"] == []
    app = api.ok(api.get(f"/applications/{ag['application_id']}", "vendor1"))
    assert app["status"] == "not_awarded"
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1"))]
    assert actions.count("agreement.lapse") == 1
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_a_reviewer_offers_the_forfeited_award_to_the_next_ranked_then_closes_the_challenge(
    api: Api,
    validator: Draft4Validator,
) -> None:
    cid, ag = drafted(api)
    api.ok(api.post(f"/agreements/{ag['id']}/refuse", "vendor1", json={"reason": "无法按期交付"}))
    assert api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"] == []
    decision = {"action": "offer_next", "reason": "按评审排名递补第二名"}
    for user in ("ent1", "vendor1"):
        refused = api.post(f"/agreements/{ag['id']}/decision", user, json=decision)
        assert refused.status_code == 409
        assert refused.json()["agreement_status"] == "cancelled"
    assert api.post(f"/agreements/{ag['id']}/decision", "vendor2", json=decision).status_code == 404
    bad = api.post(f"/agreements/{ag['id']}/decision", "gov1", json={"action": "award_anyone", "reason": "x"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "action"]
    done = api.ok(api.post(f"/agreements/{ag['id']}/decision", "gov1", json=decision))
    assert (done["status"], done["allowed_actions"]) == ("reoffered", [])
    again = api.post(f"/agreements/{ag['id']}/decision", "gov1", json=decision)
    assert again.status_code == 409
    winners = api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"]
    assert [(w["org_name"], w["rank"], w["status"]) for w in winners] == [(V2, 2, "approved")]
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    ocds_valid(validator, package)
    assert [a["suppliers"][0]["name"] for a in package["releases"][0]["awards"]] == [V2]
    assert titles(api, "vendor2", "递补揭榜") == [f"递补揭榜：{api.ok(api.get(f'/challenges/{cid}'))['title']}"]
    assert titles(api, "ent1", "递补揭榜单位") == [f"递补揭榜单位：{V2}"]
    # The owner drafts the next winner's agreement like any other; nobody ranks after it.
    second = [a for a in api.ok(api.post(f"/challenges/{cid}/agreements", "ent1")) if a["id"] != ag["id"]]
    assert [(a["winner_org_name"], a["status"]) for a in second] == [(V2, "draft")]
    api.ok(api.post(f"/agreements/{second[0]['id']}/refuse", "vendor2", json={"reason": "团队变动"}))
    nobody = api.post(f"/agreements/{second[0]['id']}/decision", "gov1", json=decision)
    assert nobody.status_code == 409
    assert "no eligible application ranks next" in nobody.json()["detail"]
    close = {"action": "close", "reason": "无可递补单位，流榜"}
    closed = api.ok(api.post(f"/agreements/{second[0]['id']}/decision", "gov1", json=close))
    assert closed["status"] == "closed"
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "unsuccessful"
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    ocds_valid(validator, package)
    assert package["releases"][0]["tender"]["status"] == "unsuccessful"
    assert titles(api, "vendor1", "榜单流榜（揭榜方未签订任务书）")
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1"))]
    assert actions[-1] == "transition.close_without_winner"
    assert {"agreement.refuse", "agreement.offer_next", "agreement.close"} <= set(actions)
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_a_decision_needs_a_forfeited_award(api: Api) -> None:
    _, ag = drafted(api)
    ag = sign(api, ag)
    refused = api.post(f"/agreements/{ag['id']}/decision", "gov1", json={"action": "close", "reason": "试图关闭"})
    assert refused.status_code == 409
    assert refused.json()["agreement_status"] == "signed"
    blank = api.post(f"/agreements/{ag['id']}/decision", "gov1", json={"action": "close", "reason": ""})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["loc"] == ["body", "reason"]


def test_milestones_are_reminded_before_their_date_and_flagged_overdue_once(api: Api) -> None:
    _, ag = drafted(api)
    due = datetime.fromisoformat(ag["updated_at"]).astimezone(SHANGHAI).date() + timedelta(days=12)
    with_holidays(api, due)
    content = ag["content"]
    milestones = [{**m, "due_on": due.isoformat()} for m in content["milestones"]]
    ag = sign(api, api.ok(edit(api, ag, "ent1", milestones=milestones)))
    assert ag["status"] == "signed"
    base = f"/agreements/{ag['id']}/milestones/final"
    report = {"summary": "提前完成全部交付"}
    api.ok(api.post(f"{base}/report", "vendor1", json=report))
    api.ok(api.post(f"{base}/assessment", "ent1", json={"outcome": "met"}))
    tick_at(api, at(due - timedelta(days=5)))
    tick_at(api, at(due - timedelta(days=1)))
    tick_at(api, at(due))
    for user in ("ent1", "vendor1"):
        assert sorted(titles(api, user, "到期前")) == [
            "里程碑「中期评估 Mid-term review」到期前 1 个工作日",
            "里程碑「中期评估 Mid-term review」到期前 3 个工作日",
        ]
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "vendor1"))
    assert [m["overdue_at"] for m in progress["milestones"]] == [None, None]
    tick_at(api, at(due + timedelta(days=1), hour=0), times=3)
    tick_at(api, at(due + timedelta(days=3)))
    for user in ("ent1", "vendor1"):
        assert titles(api, user, "已逾期") == ["里程碑「中期评估 Mid-term review」已逾期"]
    progress = api.ok(api.get(f"/agreements/{ag['id']}/progress", "ent1"))
    flagged = {m["key"]: (m["overdue"], m["overdue_at"] is not None) for m in progress["milestones"]}
    assert flagged == {"mid": (True, True), "final": (False, False)}
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{ag['challenge_id']}/audit", "gov1"))]
    assert actions.count("milestone.flag_overdue") == 1
    # The late milestone can still be reported and met; its tranche is released then.
    api.ok(api.post(f"/agreements/{ag['id']}/milestones/mid/report", "vendor1", json={"summary": "补交中期报告"}))
    progress = api.ok(api.post(f"/agreements/{ag['id']}/milestones/mid/assessment", "ent1", json={"outcome": "met"}))
    assert progress["released"] == progress["committed"] == 200
    assert V1 in {p["payee_name"] for p in progress["payments"]}


def test_with_another_winner_standing_closing_a_forfeited_award_keeps_the_challenge_awarded(api: Api) -> None:
    cid = awarded(api, mode="horse_race", max_winners=2)  # 赛马: two teams
    by_winner = {a["winner_org_name"]: a for a in api.ok(api.post(f"/challenges/{cid}/agreements", "ent1"))}
    assert set(by_winner) == {V1, V2}
    first = by_winner[V1]["id"]
    api.ok(api.post(f"/agreements/{first}/refuse", "vendor1", json={"reason": "不再参与"}))
    # The other winner holds an award: nobody ranks next, and closing this one leaves the challenge awarded.
    nobody = api.post(f"/agreements/{first}/decision", "gov1", json={"action": "offer_next", "reason": "递补"})
    assert nobody.status_code == 409
    api.ok(api.post(f"/agreements/{first}/decision", "gov1", json={"action": "close", "reason": "不递补"}))
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "awarded"
    assert [w["org_name"] for w in api.ok(api.get(f"/challenges/{cid}/publicity"))["winners"]] == [V2]
    assert api.ok(api.get(f"/agreements/{by_winner[V2]['id']}", "vendor2"))["status"] == "draft"
