"""The reviewer's and admin's .xlsx of challenges: every status they see, rewards in 万元, Beijing times."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from kit.clock import to_shanghai
from tests.workflow.factories import Api


def _sheet(api: Api, user: str | None, **params: str) -> list[list[object]]:
    response = api.get("/challenges.xlsx", user, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_a_reviewer_exports_every_challenge_with_reward_in_wan_and_beijing_times(api: Api) -> None:
    open_id = api.open_challenge(title="导出测试榜单")
    draft_id = api.draft(title="导出测试草稿")
    rows = _sheet(api, "gov1")
    header = rows[0]
    assert "奖励金额（万元）" in header
    assert "揭榜截止（北京时间）" in header
    by_id = {r[0]: r for r in rows[1:]}
    assert {open_id, draft_id} <= set(by_id)
    row = by_id[open_id]
    assert row[header.index("榜单名称")] == "导出测试榜单"
    assert row[header.index("状态")] == "揭榜中"
    assert by_id[draft_id][header.index("状态")] == "草稿"
    assert row[header.index("奖励金额（万元）")] == 200
    deadline = api.ok(api.get(f"/challenges/{open_id}", "gov1"))["application_deadline"]
    beijing = to_shanghai(datetime.fromisoformat(deadline)).replace(tzinfo=None, second=0, microsecond=0)
    cell = row[header.index("揭榜截止（北京时间）")]
    assert isinstance(cell, datetime)
    assert cell.replace(second=0, microsecond=0) == beijing


def test_the_export_follows_the_status_filter_and_who_may_read(api: Api) -> None:
    open_id = api.open_challenge()
    draft_id = api.draft()
    assert [r[0] for r in _sheet(api, "gov1", status="open")[1:]] == [open_id]
    public = {r[0] for r in _sheet(api, "vendor1")[1:]}
    assert open_id in public
    assert draft_id not in public
    assert api.get("/challenges.xlsx", None).status_code == 401
