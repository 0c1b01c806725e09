"""The code lists, deals by Beijing-time month, and the published demands as open-data CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from kit.clock import ManualClock
from matching import vocabulary
from tests.matching.conftest import As
from tests.matching.factories import demand_body, interest_body, published_demand


def test_code_lists_are_public_and_hold_the_vocabulary(client: TestClient) -> None:
    r = client.get("/codelists")
    assert r.status_code == 200
    lists = r.json()
    assert [x["code"] for x in lists["layers"]] == ["基础层", "技术层", "应用层"]
    assert lists["layers"][0]["label_en"] == "Foundation layer"
    assert [x["code"] for x in lists["seven_ends"]] == list(vocabulary.SEVEN_ENDS)
    by_group = {x["code"]: x["group"] for x in lists["layer_items"]}
    assert by_group["感知智能"] == "技术层"
    assert by_group["智能芯片"] == "基础层"
    assert len(lists["layer_items"]) == sum(len(v) for v in vocabulary.LAYERS.values())
    assert [x["code"] for x in lists["future_fields"]] == list(vocabulary.FUTURE_FIELDS)
    districts = {x["code"]: x["group"] for x in lists["districts"]}
    assert districts["滨江区"] == "核心区"
    assert districts["西湖区"] is None
    assert [x["label_zh"] for x in lists["qualification_levels"]] == ["国家级", "省级", "市级"]
    assert [x["code"] for x in lists["demand_types"]] == list(vocabulary.DEMAND_TYPES)
    assert [x["code"] for x in lists["cooperation_modes"]] == list(vocabulary.COOPERATION_MODES)
    assert [x["code"] for x in lists["recognition_schemes"]] == ["首台套", "首版次"]
    for items in lists.values():
        assert items
        assert all(set(x) == {"code", "label_zh", "label_en", "group"} for x in items)
    assert client.post("/codelists").status_code == 405


def _deal(client: TestClient, as_: As, vendor: str, demand: str) -> None:
    interest = client.post(
        f"/demands/{demand}/interests", json=interest_body(proposal="我们有成熟的检测方案"), headers=as_(vendor)
    ).json()
    r = client.post(f"/interests/{interest['id']}/decision", json={"decision": "deal"}, headers=as_("ent1"))
    assert r.status_code == 200, r.text


def test_deals_by_month_count_beijing_months_of_the_deal(client: TestClient, as_: As, clock: ManualClock) -> None:
    assert client.get("/stats").json()["deals_by_month"] == {}
    first = published_demand(client, as_)
    second = published_demand(client, as_, title="城市违停识别", end_tags=["数字安防"])
    _deal(client, as_, "vendor1", first)  # 2026-11-23 10:00 Beijing
    # 30 November 17:00 UTC is already 1 December in Beijing.
    clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    _deal(client, as_, "vendor2", first)
    _deal(client, as_, "vendor1", second)
    # Declined interests are not deals.
    interest = client.post(
        f"/demands/{second}/interests", json=interest_body(proposal="我们提供另一套方案"), headers=as_("vendor2")
    )
    body = {"decision": "declined", "reason": "预算不符"}
    client.post(f"/interests/{interest.json()['id']}/decision", json=body, headers=as_("ent1"))
    stats = client.get("/stats").json()
    assert stats["deals_by_month"] == {"2026-11": 1, "2026-12": 2}
    assert list(stats["deals_by_month"]) == ["2026-11", "2026-12"]
    assert stats["totals"]["deals"] == 3
    assert stats["deals_by_end"] == {"工业视觉": 2, "数字安防": 1}


def test_demands_csv_is_published_only_without_contacts(client: TestClient, as_: As) -> None:
    published_demand(client, as_, contact_name="张三", contact_phone="13800000000", valid_until="2027-06-30")
    published_demand(client, as_, title="=HYPERLINK(1)", budget_min=None, budget_max=300)
    client.post("/demands", json=demand_body(title="未审核的需求"), headers=as_("ent1"))
    r = client.get("/demands.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="demands.csv"'
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "编号",
        "标题",
        "需求类型",
        "应用场景",
        "七端",
        "所在区县",
        "发布单位",
        "预算（万元）",
        "有效期至",
    ]
    assert len(rows) == 3
    titles = {row[1]: row for row in rows[1:]}
    assert "未审核的需求" not in titles
    assert "'=HYPERLINK(1)" in titles
    assert titles["'=HYPERLINK(1)"][7] == "≤300"
    first = next(row for row in rows[1:] if row[1] != "'=HYPERLINK(1)")
    assert first[4] == "工业视觉"
    assert first[5] == "萧山区"
    assert first[7] == "50-200"
    assert first[8] == "2027-06-30"
    assert "张三" not in r.text
    assert "13800000000" not in r.text


def test_demands_csv_with_no_demands_is_just_the_header(client: TestClient) -> None:
    r = client.get("/demands.csv")
    assert r.content.decode("utf-8-sig").splitlines() == [
        "编号,标题,需求类型,应用场景,七端,所在区县,发布单位,预算（万元）,有效期至"
    ]
