"""Small typed builders of request bodies, and the steps several test modules share: a published demand,
a batch with an imported sheet, a search engine nobody answers on."""

from __future__ import annotations

import io
import socket
import uuid
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient
from openpyxl import Workbook

from matching.search.meili import MeiliBackend
from matching.search.schema import SCHEMA

if TYPE_CHECKING:
    from tests.matching.conftest import As


def provider_body(district: str = "滨江区", tags: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "district": district,
        "summary": "工业视觉缺陷检测与AI质检方案提供商",
        "capability_tags": tags if tags is not None else ["工业视觉", "感知智能"],
        "scenario_domains": ["工业"],
        "cases": [{"title": "锂电极片缺陷检测", "description": "检出率99.5%"}],
        "qualifications": [
            {
                "label": "高新技术企业",
                "level": "national",
                "certificate_no": "GR2024330001",
                "valid_until": "2027-12-31",
            }
        ],
    }
    body.update(extra)
    return body


def demand_body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "电池极片表面缺陷AI质检",
        "demand_type": "应用场景",
        "scenario_domain": "工业",
        "end_tags": ["工业视觉"],
        "layer_tags": ["感知智能"],
        "district": "萧山区",
        "publisher_kind": "民营企业",
        "pain_points": "人工目检漏检率高",
        "background": "产线速度提升后人工检测跟不上",
        "budget_min": 50,
        "budget_max": 200,
        "contact_name": "王敏",
        "contact_phone": "13812345678",
        "valid_until": "2027-06-30",
    }
    body.update(extra)
    return body


def interest_body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "proposal": "我们有锂电极片检测的量产案例",
        "contact_name": "李工",
        "contact_phone": "13900001111",
        "contact_email": "li.gong@vendor.example",
    }
    body.update(extra)
    return body


def product_body(**extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "高速线阵视觉检测设备",
        "category": "首台（套）",
        "summary": "用于锂电与光伏的在线缺陷检测",
        "end_tags": ["工业视觉"],
        "indicators": [{"name": "检测速度", "value": "120m/min"}],
        "recognitions": [
            {
                "scheme": "首台(套)",
                "level": "provincial",
                "edition_year": 2025,
                "certificate_no": "ZJ-2025-031",
                "recognised_on": "2025-06-01",
            }
        ],
    }
    body.update(extra)
    return body


def challenge_event(
    challenge_id: str,
    version: int,
    status: str = "open",
    type_: str = "challenge.published",
    event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    challenge: dict[str, Any] = {
        "id": challenge_id,
        "title": "揭榜挂帅：城市视频大模型事件识别",
        "summary": "基于视觉大模型的城市治理事件自动发现",
        "status": status,
        "mode": "single",
        "owner_org_id": "owner-org",
        "owner_org_name": "萧山城市运行管理服务有限公司",
        "reward_amount": 500,
        "funding_source": "市级财政",
        "layer_tags": ["认知智能"],
        "end_tags": ["数字安防"],
        "scenario_domain": "城市治理",
        "allowed_districts": [],
        "required_qualifications": [],
        "application_deadline": "2027-01-31T08:00:00Z",
        "published_at": "2026-11-20T02:00:00Z",
        "max_winners": 1,
        "winners": [],
    }
    challenge.update(extra)
    return {
        "id": event_id or str(uuid.uuid4()),
        "type": type_,
        "occurred_at": "2026-11-20T02:00:00Z",
        "challenge_id": challenge_id,
        "version": version,
        "challenge": challenge,
    }


def published_demand(client: TestClient, as_: As, **extra: object) -> str:
    r = client.post("/demands", json=demand_body(**extra), headers=as_("ent1"))
    assert r.status_code == 201, r.text
    demand = r.json()
    assert demand["status"] == "pending_review"
    ok = client.post(f"/demands/{demand['id']}/review", json={"approve": True}, headers=as_("admin"))
    assert ok.status_code == 200, ok.text
    return str(demand["id"])


HEADER = [
    "编号",
    "需求名称",
    "需求类型",
    "应用场景",
    "七端",
    "发布单位",
    "单位类型",
    "所在区县",
    "痛点问题",
    "预算下限（万元）",
    "预算上限（万元）",
    "联系人",
    "联系电话",
    "有效期至",
]


GOOD = [
    [
        "2026-3-001",
        "地铁站客流视觉分析",
        "应用场景",
        "交通",
        "数字安防",
        "杭州市地铁集团",
        "国有企业",
        "滨江区",
        "高峰客流预警滞后",
        "100",
        "300",
        "张工",
        "0571-88886666",
        "2027-06-30",
    ],
    [
        "2026-3-002",
        "养老院跌倒检测试点",
        "试点示范",
        "养老",
        "智能生活及办公",
        "上城区民政局",
        "政府部门",
        "上城区",
        "夜间看护人手不足",
        "20",
        "60",
        "李主任",
        "13900001111",
        "2027-03-31",
    ],
]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def new_batch(client: TestClient, as_: As, code: str = "2026-3") -> str:
    r = client.post("/batches", json={"code": code, "name": "2026年第3批"}, headers=as_("admin"))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def upload(client: TestClient, as_: As, batch_id: str, name: str, content: bytes, dry_run: bool = False) -> Any:
    return client.post(
        f"/batches/{batch_id}/import",
        params={"dry_run": dry_run},
        files={"file": (name, content)},
        headers=as_("admin"),
    )


def dead_engine() -> MeiliBackend:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return MeiliBackend(SCHEMA, f"http://127.0.0.1:{port}", None, timeout_s=1)
