"""Each year's arrangement as operated data: confirmed by an admin against its notice, estimates flagged
provisional, running 公示 periods recomputed on confirmation, readiness degraded when next year is due."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.workflow.factories import NEW_YEAR_2027, SOURCE_2027, Api

SOURCE_2026 = {"source_title": "国务院办公厅关于2026年部分节假日安排的通知", "source_date": "2025-11-04"}
SPRING_2026 = "date,kind,name\n" + "".join(f"2026-02-{d},holiday,春节\n" for d in range(15, 24))
SPRING_2026 += "2026-02-14,workday,春节调休上班\n2026-02-28,workday,春节调休上班\n"


def import_year(api: Api, year: int, fmt: str, content: str, source: dict[str, str]) -> Any:
    return api.post(f"/calendar/years/{year}/import", "admin", json={**source, "format": fmt, "content": content})


def confirm(api: Api, year: int) -> dict[str, Any]:
    body: dict[str, Any] = api.ok(api.post(f"/calendar/years/{year}/confirm", "admin"))
    return body


def start_publicity(api: Api, walk_from: datetime, approve_at: datetime, **overrides: Any) -> dict[str, Any]:
    """A challenge walked to its award approval from `walk_from`, approved (the 公示 starts) at `approve_at`."""
    api.clock.set(walk_from)
    cid = api.reviewed(vendors=("vendor1",), **overrides)
    api.ok(api.act(cid, "recommend", "gov1"))
    api.clock.set(approve_at)
    body: dict[str, Any] = api.ok(api.act(cid, "approve_award", "gov2"))
    assert body["status"] == "publicity"
    return body


def provisional_metric(api: Api) -> float:
    for line in api.client.get("/metrics").text.splitlines():
        if line.startswith("workflow_provisional_periods "):
            return float(line.split()[1])
    raise AssertionError("no workflow_provisional_periods metric")


SPRING_WALK, SPRING_APPROVE = datetime(2026, 1, 14, 2, tzinfo=UTC), datetime(2026, 2, 12, 2, tzinfo=UTC)


def test_a_publicity_across_a_confirmed_spring_festival_counts_its_makeup_saturday(api: Api) -> None:
    year = api.ok(import_year(api, 2026, "csv", SPRING_2026, SOURCE_2026))
    assert year["status"] == "draft"
    assert {d["day"]: d["kind"] for d in year["days"]}["2026-02-14"] == "makeup_workday"
    confirmed = confirm(api, 2026)["year"]
    assert confirmed["status"] == "confirmed"
    assert confirmed["source_title"] == SOURCE_2026["source_title"]
    # Approved Thursday 12 Feb 2026: 13 Feb (Fri), 14 Feb (Sat, 调休), then 24, 25, 26 Feb after the holiday.
    body = start_publicity(api, SPRING_WALK, SPRING_APPROVE)
    assert body["publicity_ends_at"].startswith("2026-02-26T16:00:00")
    assert body["publicity_ends_provisional"] is False
    notice = api.ok(api.get(f"/challenges/{body['id']}/publicity"))
    assert notice["publicity_ends_provisional"] is False
    assert provisional_metric(api) == 0


def test_the_same_publicity_in_an_unconfirmed_year_is_a_provisional_estimate(api: Api) -> None:
    preview = api.ok(api.get("/calendar/workdays", params={"start": SPRING_APPROVE.isoformat(), "working_days": 5}))
    assert preview["provisional"] is True
    assert preview["unconfirmed_years"] == [2026]
    body = start_publicity(api, SPRING_WALK, SPRING_APPROVE)
    assert body["publicity_ends_at"] == preview["ends_at"]  # the estimate the reviewer was shown
    assert body["publicity_ends_at"].startswith("2026-02-26T16:00:00")  # the library's data, as an estimate
    assert body["publicity_ends_provisional"] is True
    notice = api.ok(api.get(f"/challenges/{body['id']}/publicity"))
    assert notice["publicity_ends_provisional"] is True
    told = [n for n in api.ok(api.get("/notifications", "vendor1")) if n["kind"] == "award.publicity"]
    assert "暂定" in told[0]["body"]
    assert provisional_metric(api) == 1


def test_confirming_a_year_recomputes_running_periods_notifies_and_audits(api: Api) -> None:
    # 2026 confirmed from the library draft; 2027 still unknown, so the estimate counts 1 Jan 2027 (a Friday).
    assert api.ok(api.post("/calendar/years/2026/prefill", "admin"))["status"] == "draft"
    api.ok(api.put("/calendar/years/2026", "admin", json=SOURCE_2026))
    confirm(api, 2026)
    approve_at = datetime(2026, 12, 1, 2, tzinfo=UTC)
    body = start_publicity(api, datetime(2026, 11, 10, 2, tzinfo=UTC), approve_at, publicity_working_days=30)
    cid = body["id"]
    assert body["publicity_ends_provisional"] is True
    assert body["publicity_ends_at"].startswith("2027-01-12T16:00:00")
    assert provisional_metric(api) == 1

    api.ok(import_year(api, 2027, "json", json.dumps(NEW_YEAR_2027), SOURCE_2027))
    result = confirm(api, 2027)
    assert result["recomputed"] == [cid]
    after = api.ok(api.get(f"/challenges/{cid}"))
    assert after["publicity_ends_at"].startswith("2027-01-13T16:00:00")  # 1 Jan is a holiday: one day later
    assert after["publicity_ends_provisional"] is False
    assert provisional_metric(api) == 0
    told = [n for n in api.ok(api.get("/notifications", "vendor1")) if n["kind"] == "award.publicity_changed"]
    assert len(told) == 1
    assert "2027-01-13T16:00:00" in told[0]["body"]
    assert "暂定" not in told[0]["body"]
    entry = api.ok(api.get(f"/challenges/{cid}/audit"))[-1]
    assert entry["action"] == "publicity.recomputed"
    assert entry["data"]["ends_at_before"].startswith("2027-01-12T16:00:00")
    assert entry["data"]["ends_at"].startswith("2027-01-13T16:00:00")
    assert entry["data"]["reason"] == "calendar.confirmed:2027"
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True
    # Confirmed once; a correction is a day's edit, which counts the running periods again.
    assert api.post("/calendar/years/2027/confirm", "admin").status_code == 409
    api.ok(api.put("/calendar/overrides/2027-01-04", "admin", json={"is_workday": False, "note": "地方调整（测试）"}))
    assert api.ok(api.get(f"/challenges/{cid}"))["publicity_ends_at"].startswith("2027-01-14T16:00:00")


def test_readiness_degrades_from_1_november_until_next_year_is_confirmed(api: Api) -> None:
    api.clock.set(datetime(2026, 10, 31, 15, 59, tzinfo=UTC))  # 23:59 on 31 Oct in Shanghai
    ready = api.client.get("/readyz")
    assert ready.json()["status"] == "ready"
    api.clock.set(datetime(2026, 10, 31, 16, 0, tzinfo=UTC))  # 1 Nov has begun in Shanghai
    degraded = api.client.get("/readyz")
    assert degraded.status_code == 200
    assert degraded.json()["status"] == "degraded"
    assert "2027" in degraded.json()["checks"]["calendar"]
    assert degraded.json()["checks"]["database"] == "ok"
    api.ok(import_year(api, 2027, "json", '{"days": [{"date": "2027-01-01", "kind": "休"}]}', SOURCE_2027))
    assert api.client.get("/readyz").json()["status"] == "degraded"  # a draft is not a confirmation
    confirm(api, 2027)
    assert api.client.get("/readyz").json()["status"] == "ready"


def test_an_import_reports_every_bad_row_and_writes_nothing(api: Api) -> None:
    content = (
        "日期,类型,名称\n"
        "2027-02-06,holiday,春节\n"
        "2027-02-30,holiday,春节\n"
        "2026-12-31,holiday,元旦\n"
        "2027-02-07,off,春节\n"
        "2027-02-08,班,春节调休\n"
        "2027-02-06,休,春节\n"
    )
    r = import_year(api, 2027, "csv", content, SOURCE_2027)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [
        (3, "date"),
        (4, "date"),
        (5, "kind"),
        (6, "kind"),
        (7, "date"),
    ]
    assert "第 3 行" in problem["detail"]
    year = api.ok(api.get("/calendar/years/2027"))
    assert (year["status"], year["days"]) == ("unconfirmed", [])

    r = import_year(api, 2027, "json", '[{"date": "2027-01-01", "kind": "holiday", "extra": 1}, 5]', SOURCE_2027)
    assert r.status_code == 422
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(1, "extra"), (2, "row")]
    r = import_year(api, 2027, "json", "[{", SOURCE_2027)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "content"
    r = import_year(api, 2027, "csv", "day,what\n2027-01-01,holiday\n", SOURCE_2027)
    assert r.json()["errors"] == [{"row": 1, "field": "header", "message": r.json()["errors"][0]["message"]}]
    unknown = api.post(
        "/calendar/years/2027/import", "admin", json={**SOURCE_2027, "format": "csv", "content": "x", "y": 1}
    )
    assert unknown.status_code == 422
    assert api.ok(api.get("/calendar/years/2027"))["days"] == []


def test_a_year_is_confirmed_only_with_its_notice_and_its_days(api: Api) -> None:
    missing = api.post("/calendar/years/2027/confirm", "admin")
    assert missing.status_code == 422
    assert missing.json()["field"] == "source_title"
    api.ok(api.put("/calendar/years/2027", "admin", json=SOURCE_2027))
    empty = api.post("/calendar/years/2027/confirm", "admin")
    assert empty.status_code == 422
    assert empty.json()["field"] == "days"
    assert api.ok(api.post("/calendar/years/2027/prefill", "admin"))["days"] == []  # the library knows no 2027
    assert api.ok(api.post("/calendar/years/2026/prefill", "admin"))["library_known"] is True
    assert api.ok(api.get("/calendar/years/2026"))["status"] == "draft"  # library data never confirms
    for user in ("gov1", "vendor1"):
        assert api.post("/calendar/years/2026/confirm", user).status_code == 403
    assert api.get("/calendar/years/1999").status_code == 422
