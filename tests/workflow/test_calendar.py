"""The admin-editable working-day overrides, and that the 公示 period counts with them."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.workflow.factories import Api


def preview(api: Api, start: str, days: int) -> str:
    body = api.ok(api.get("/calendar/workdays", params={"start": start, "working_days": days}))
    return str(body["ends_at"])


def test_admin_overrides_move_a_working_day_period(api: Api) -> None:
    start = "2031-05-09T02:00:00+00:00"  # Friday 9 May 2031, 10:00 in Shanghai; a year chinese_calendar does not know
    before = preview(api, start, 1)
    assert before.startswith("2031-05-12T16:00:00")  # end of Monday 12 May, Shanghai
    put = api.put("/calendar/overrides/2031-05-12", "admin", json={"is_workday": False, "note": "地方性调整（测试）"})
    assert put.status_code == 200, put.text
    assert preview(api, start, 1).startswith("2031-05-13T16:00:00")
    listed = api.ok(api.get("/calendar/overrides"))
    assert [(o["day"], o["is_workday"]) for o in listed] == [("2031-05-12", False)]
    assert api.client.delete("/calendar/overrides/2031-05-12", headers=api.h("admin")).status_code == 204
    assert preview(api, start, 1) == before


def test_only_admins_edit_the_calendar(api: Api) -> None:
    body = {"is_workday": True, "note": "调休"}
    assert api.put("/calendar/overrides/2031-05-10", None, json=body).status_code == 401
    for user in ("gov1", "ent1", "vendor1"):
        assert api.put("/calendar/overrides/2031-05-10", user, json=body).status_code == 403
    missing = api.client.delete("/calendar/overrides/2031-05-10", headers=api.h("admin"))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_a_saturday_made_a_working_day_counts(api: Api) -> None:
    start = datetime(2031, 5, 9, 2, tzinfo=UTC).isoformat()
    assert (
        api.put("/calendar/overrides/2031-05-10", "admin", json={"is_workday": True, "note": "调休上班"}).status_code
        == 200
    )
    assert preview(api, start, 1).startswith("2031-05-10T16:00:00")  # Saturday 10 May now counts


def test_the_years_show_when_the_coming_year_has_no_holidays(api: Api) -> None:
    last = max(api.ok(api.get("/calendar/years"))["published"])
    api.clock.set(datetime(last, 6, 1, 2, tzinfo=UTC))  # the coming year's notice is not out yet
    years = api.ok(api.get("/calendar/years"))
    assert years["coming_year"] == last + 1
    assert years["coming_year_covered"] is False
    body = {"is_workday": False, "note": "国办发明电〔2026〕7号 元旦"}
    assert api.put(f"/calendar/overrides/{last + 1}-01-01", "admin", json=body).status_code == 200
    years = api.ok(api.get("/calendar/years"))
    assert years["overridden"] == [last + 1]
    assert years["coming_year_covered"] is True


def test_an_override_without_its_source_notice_is_refused_naming_the_field(api: Api) -> None:
    response = api.put("/calendar/overrides/2027-01-01", "admin", json={"is_workday": False, "note": ""})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "note" in response.json()["detail"]
    bad_day = api.put("/calendar/overrides/2027-02-30", "admin", json={"is_workday": False, "note": "通知"})
    assert bad_day.status_code == 422
    assert api.ok(api.get("/calendar/overrides")) == []
