"""Spreadsheets as offices use them: the import template, .xls files, every error of a row, and .xlsx exports."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

import xlwt
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from kit.clock import to_shanghai
from matching.batch.importer import COLUMNS, REQUIRED
from tests.matching.conftest import As
from tests.matching.factories import GOOD, HEADER, new_batch, upload, xlsx

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _template(client: TestClient) -> Any:
    response = client.get("/batches/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def xls(rows: list[list[Any]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("需求清单")
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_has_the_importers_headers_dropdowns_an_example_and_notes(client: TestClient) -> None:
    book = load_workbook(io.BytesIO(_template(client)))
    assert book.sheetnames[:2] == ["需求清单", "说明"]
    sheet = book["需求清单"]
    header = [str(c.value) for c in sheet[1]]
    assert all(h in COLUMNS for h in header)
    assert {COLUMNS[h] for h in header} >= set(REQUIRED)
    assert "预算下限（万元）" in header
    example = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert example["所在区县"] == "滨江区"
    assert sheet.max_row == 2
    lists = book["代码表"]
    codelists = client.get("/codelists").json()
    by_column: dict[str, list[str]] = {}
    for rule in sheet.data_validations.dataValidation:
        column = header[column_index_from_string(str(rule.sqref).split(":")[0].rstrip("0123456789")) - 1]
        ref = str(rule.formula1).split("!")[1].replace("$", "")
        by_column[column] = [str(c.value) for row in lists[ref] for c in row]
        assert rule.type == "list"
    assert by_column["所在区县"] == [d["code"] for d in codelists["districts"]]
    assert by_column["七端"] == [d["code"] for d in codelists["seven_ends"]]
    assert by_column["需求类型"] == [d["code"] for d in codelists["demand_types"]]
    notes = [list(r) for r in book["说明"].iter_rows(values_only=True)]
    assert notes[0][:2] == ["列名", "是否必填"]
    assert {n[0] for n in notes[1:] if n and n[0]} >= set(header)
    assert next(n for n in notes if n[0] == "需求名称")[1] == "必填"


def test_the_templates_example_row_imports_cleanly(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    report = upload(client, as_, batch, "template.xlsx", _template(client)).json()
    assert report["valid"] is True, report["errors"]
    assert report["imported"] == 1


def test_an_xls_file_imports_with_the_same_report_as_the_xlsx(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    bad = [*GOOD[1][:7], "西湖", *GOOD[1][8:]]
    rows = [GOOD[0], bad]
    from_xlsx = upload(client, as_, batch, "list.xlsx", xlsx(rows), dry_run=True).json()
    from_xls = upload(client, as_, batch, "list.xls", xls(rows), dry_run=True).json()
    assert from_xls == from_xlsx
    assert from_xls["valid_rows"] == 1
    assert [e["code"] for e in from_xls["errors"]] == ["notInCodeList"]
    done = upload(client, as_, batch, "list.xls", xls(GOOD)).json()
    assert done["imported"] == 2


def test_files_of_another_kind_or_damaged_are_refused_with_a_problem(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    for name, content in (("list.xls", b"not really a workbook"), ("list.xls", xlsx(GOOD)), ("list.ods", b"x")):
        response = upload(client, as_, batch, name, content, dry_run=True)
        assert response.status_code == 400, (name, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert ".xls" in response.json()["detail"]


def test_a_row_with_three_errors_reports_all_three_in_chinese(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    row = list(GOOD[0])
    row[HEADER.index("需求名称")] = ""
    row[HEADER.index("所在区县")] = "西湖"
    row[HEADER.index("联系电话")] = "call me"
    report = upload(client, as_, batch, "list.xlsx", xlsx([row, GOOD[1]]), dry_run=True).json()
    errors = [e for e in report["errors"] if e["row"] == 2]
    assert [(e["column"], e["code"]) for e in errors] == [
        ("需求名称", "required"),
        ("所在区县", "notInCodeList"),
        ("联系电话", "badFormat"),
    ]
    assert [e["message"] for e in errors] == [
        "“需求名称”为必填项",
        "“所在区县”的取值不在代码表中",
        "“联系电话”的格式不正确",
    ]
    for e in report["errors"]:
        assert CHINESE.search(e["message"])
        assert "error" not in e["message"].lower()
        assert "must be" not in e["message"]


def test_the_report_downloads_as_xlsx_with_the_errors_beside_the_rows(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    bad = list(GOOD[1])
    bad[HEADER.index("需求类型")] = "采购?"
    bad[HEADER.index("有效期至")] = "明年"
    response = client.post(
        f"/batches/{batch}/import/report.xlsx",
        files={"file": ("list.xlsx", xlsx([GOOD[0], bad]))},
        headers=as_("admin"),
    )
    assert response.status_code == 200, response.text
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == ["原文件行号", *HEADER, "校验结果", "问题说明"]
    assert rows[1][0] == 2
    assert rows[1][1:3] == GOOD[0][:2]
    assert rows[1][-2:] == ["通过", None]
    assert rows[2][0] == 3
    assert rows[2][-2] == "有误"
    assert rows[2][-1] == "1. “需求类型”的取值不在代码表中\n2. “有效期至”应为有效日期"
    listed = client.get("/demands", params={"batch_id": batch}, headers=as_("admin")).json()
    assert listed == []


def test_the_admin_exports_demands_as_xlsx_with_wan_and_beijing_times(client: TestClient, as_: As) -> None:
    batch = new_batch(client, as_)
    upload(client, as_, batch, "list.xlsx", xlsx(GOOD))
    assert client.get("/demands.xlsx", headers=as_("ent1")).status_code == 403
    response = client.get("/demands.xlsx", params={"batch_id": batch}, headers=as_("admin"))
    assert response.status_code == 200
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert set(by_code) == {"2026-3-001", "2026-3-002"}
    first = by_code["2026-3-001"]
    assert first["状态"] == "草稿"
    assert first["预算下限（万元）"] == 100
    assert first["预算上限（万元）"] == 300
    created = client.get("/demands", params={"batch_id": batch}, headers=as_("admin")).json()[0]["created_at"]
    beijing = to_shanghai(datetime.fromisoformat(created)).replace(tzinfo=None, second=0, microsecond=0)
    assert isinstance(first["创建时间（北京时间）"], datetime)
    assert first["创建时间（北京时间）"].replace(second=0, microsecond=0) == beijing
