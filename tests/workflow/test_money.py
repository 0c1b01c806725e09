"""Reward and application budgets are 万元 end to end; only OCDS, whose unit is the currency itself, gets 元."""

from __future__ import annotations

import csv
import io

from tests.workflow.factories import Api


def test_reward_round_trips_unchanged_through_detail_list_and_csv(api: Api) -> None:
    cid = api.open_challenge(title="金额单位核对榜单", reward_amount=250.5)
    assert api.ok(api.get(f"/challenges/{cid}"))["reward_amount"] == 250.5
    listed = {c["id"]: c for c in api.ok(api.get("/challenges"))["items"]}
    assert listed[cid]["reward_amount"] == 250.5
    rows = list(csv.reader(io.StringIO(api.client.get("/challenges.csv").content.decode("utf-8-sig"))))
    column = rows[0].index("榜单金额（万元） reward_wan")
    assert next(r for r in rows[1:] if r[0] == cid)[column] == "250.50"


def test_reward_update_keeps_the_value(api: Api) -> None:
    cid = api.draft(reward_amount=100)
    version = api.ok(api.get(f"/challenges/{cid}", "ent1"))["version"]
    patched = api.ok(api.patch(f"/challenges/{cid}", "ent1", {"reward_amount": 0.5}, if_match=f'"{version}"'))
    assert patched["reward_amount"] == 0.5
    assert api.ok(api.get(f"/challenges/{cid}", "ent1"))["reward_amount"] == 0.5


def test_reward_beyond_any_real_list_is_a_field_error(api: Api) -> None:
    r = api.post("/challenges", "ent1", json={"title": "过大金额", "reward_amount": 100_000_001})
    assert r.status_code == 422
    assert "reward_amount" in r.text


def test_ocds_gives_the_reward_in_yuan(api: Api) -> None:
    cid = api.open_challenge(reward_amount=250.5)
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    assert package["releases"][0]["tender"]["value"] == {"amount": 2_505_000.0, "currency": "CNY"}


def test_application_budget_round_trips_unchanged(api: Api) -> None:
    cid = api.open_challenge()
    budget = {"total": 180.25, "items": [{"item": "设备", "amount": 100.5}, {"item": "人员", "amount": 79.75}]}
    receipt = api.apply(cid, "vendor1", budget=budget)
    assert api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))["content"]["budget"] == budget
