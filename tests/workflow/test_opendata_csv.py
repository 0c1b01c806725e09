"""The open-data CSV of published challenges: public fields only, readable by anyone."""

from __future__ import annotations

import csv
import io

from tests.workflow.factories import Api


def test_published_challenges_only_and_no_sealed_or_private_data(api: Api) -> None:
    open_id = api.open_challenge(title="开放数据测试榜单")
    draft_id = api.draft(title="尚未发布的草稿榜单")
    receipt = api.apply(open_id, "vendor1", plan="仅本单位可见的方案")
    response = api.client.get("/challenges.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0].startswith("编号")
    ids = [r[0] for r in rows[1:]]
    assert open_id in ids
    assert draft_id not in ids
    row = rows[1 + ids.index(open_id)]
    assert row[1] == "开放数据测试榜单"
    assert row[2] == "揭榜中"
    assert "仅本单位可见的方案" not in response.text
    assert receipt["sha256"] not in response.text


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(api: Api) -> None:
    titles = ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    ids = [api.open_challenge(title=title) for title in titles]
    rows = list(csv.reader(io.StringIO(api.client.get("/challenges.csv").content.decode("utf-8-sig"), newline="")))
    by_id = {r[0]: r for r in rows[1:]}
    for cid, title in zip(ids, titles, strict=True):
        assert by_id[cid][1] == "'" + title
