from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import Workbook

from tests.matching.conftest import As
from tests.matching.factories import GOOD, HEADER, new_batch, upload, xlsx


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode(encoding)


def test_only_admin_creates_batches(client: TestClient, as_: As) -> None:
    assert client.post("/batches", json={"code": "x", "name": "第1批"}, headers=as_("ent1")).status_code == 403
    new_batch(client, as_)
    assert client.post("/batches", json={"code": "2026-3", "name": "重复"}, headers=as_("admin")).status_code == 409


def test_xlsx_dry_run_reports_and_imports_nothing(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    r = upload(client, as_, batch, "list.xlsx", xlsx(GOOD), dry_run=True)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["valid"] is True
    assert report["imported"] == 0
    assert report["total_rows"] == 2
    assert client.get(f"/batches/{batch}", headers=as_("admin")).json()["demand_count"] == 0


def test_xlsx_import_then_publish_makes_demands_public(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    assert upload(client, as_, batch, "list.xlsx", xlsx(GOOD)).json()["imported"] == 2
    assert client.get("/search", params={"kind": "demand"}).json()["total"] == 0
    assert client.get("/batches").json() == []
    published = client.post(f"/batches/{batch}/publish", headers=as_("admin"))
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    result = client.get("/search", params={"q": "客流", "kind": "demand"}).json()
    assert [h["title"] for h in result["hits"]] == ["地铁站客流视觉分析"]
    assert client.get("/batches").json()[0]["demand_count"] == 2
    assert client.post(f"/batches/{batch}/publish", headers=as_("admin")).status_code == 409
    assert upload(client, as_, batch, "list.xlsx", xlsx(GOOD)).status_code == 409


def test_bad_rows_are_named_by_row_and_field_and_nothing_is_imported(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    bad = [
        GOOD[0],
        ["2026-3-003", "", "应用场景", "交通", "数字安防", "某单位", "国有企业", "滨江区", "", "", "", "", "", ""],
        [
            "2026-3-004",
            "无人机巡检",
            "空中楼阁",
            "交通",
            "数字安防",
            "某单位",
            "国有企业",
            "朝阳区",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "2026-3-005",
            "预算倒挂",
            "应用场景",
            "交通",
            "量子通信",
            "某单位",
            "国有企业",
            "滨江区",
            "",
            "500",
            "100",
            "",
            "abc",
            "明年",
        ],
        [
            "2026-3-001",
            "编号重复",
            "应用场景",
            "交通",
            "数字安防",
            "某单位",
            "国有企业",
            "滨江区",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    r = upload(client, as_, batch, "list.csv", csv_bytes(bad))
    assert r.status_code == 422
    report = r.json()["report"]
    errors = {(e["row"], e["field"]) for e in report["errors"]}
    assert (3, "title") in errors
    assert (4, "demand_type") in errors
    assert (4, "district") in errors
    assert (5, "end_tags") in errors
    assert (5, "contact_phone") in errors
    assert (5, "valid_until") in errors
    assert (6, "code") in errors
    assert {e["column"] for e in report["errors"] if e["row"] == 4} >= {"需求类型", "所在区县"}
    assert report["imported"] == 0
    assert report["valid_rows"] == 1
    assert report["invalid_rows"] == 4
    assert client.get(f"/batches/{batch}", headers=as_("admin")).json()["demand_count"] == 0


def test_budget_upside_down_is_a_row_error(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    row = [*GOOD[0][:9], "500", "100", *GOOD[0][11:]]
    report = upload(client, as_, batch, "list.csv", csv_bytes([row]), dry_run=True).json()
    assert report["valid"] is False
    assert report["errors"][0]["row"] == 2
    assert report["errors"][0]["code"] == "budgetOrder"
    assert report["errors"][0]["column"] == "预算下限（万元）"
    assert report["errors"][0]["message"] == "预算下限高于预算上限"


def test_gbk_csv_is_read(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    report = upload(client, as_, batch, "list.csv", csv_bytes(GOOD, "gb18030"), dry_run=True).json()
    assert report["valid"] is True


def test_missing_columns_and_wrong_file_types_are_refused(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    r = client.post(
        f"/batches/{batch}/import", files={"file": ("x.csv", "需求名称\n测试\n".encode())}, headers=as_("admin")
    )
    assert r.status_code == 400
    assert "所在区县" in r.json()["missing_columns"]
    r = client.post(f"/batches/{batch}/import", files={"file": ("x.pdf", b"%PDF")}, headers=as_("admin"))
    assert r.status_code == 400
    r = client.post(f"/batches/{batch}/import", files={"file": ("x.xlsx", b"not a zip")}, headers=as_("admin"))
    assert r.status_code == 400


def test_unreadable_and_oversized_csv_are_refused(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    blank_lines = csv_bytes([]) + b"\n" * 10_001
    assert upload(client, as_, batch, "b.csv", blank_lines, dry_run=True).status_code == 400
    oversized_field = csv_bytes([]) + b'"' + b"x" * 200_000 + b'"\n'
    r = upload(client, as_, batch, "b.csv", oversized_field, dry_run=True)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"


def test_a_cell_in_the_last_column_does_not_make_every_row_16384_cells(client: TestClient, as_: As) -> None:
    """A 6.6 kB file declaring A1:XFD300 took seconds: the cost is bounded by the header's width."""
    from matching.batch.importer import read_table

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for i in range(300):
        sheet.append([f"2026-3-{i:03d}", f"{GOOD[0][1]}{i}", *GOOD[0][2:]])
        sheet.cell(row=i + 2, column=16384, value="x")
    out = io.BytesIO()
    book.save(out)
    content = out.getvalue()
    table = read_table("wide.xlsx", content)
    assert len(table) == 301
    assert max(len(row) for row in table) == len(HEADER)
    assert sum(len(row) for row in table) == 301 * len(HEADER)
    report = upload(client, as_, new_batch(client, as_), "wide.xlsx", content, dry_run=True).json()
    assert (report["valid"], report["total_rows"]) == (True, 300)
