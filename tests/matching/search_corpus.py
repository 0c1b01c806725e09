"""A small hand-written corpus for the search contract suite."""

from __future__ import annotations

from typing import Any


def _doc(id: str, kind: str, title: str, summary: str = "", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": id, "kind": kind, "title": title, "summary": summary, "body": extra.pop("body", ""),
        "tags_text": " ".join(extra.get("end_tags", []) + extra.get("layer_tags", [])), "org_name": "",
        "visibility": "public", "readers": [], "status": "published", "layer_tags": [], "end_tags": [],
        "district": None, "verified": False,
    }
    doc.update(extra)
    doc["_digest"] = f"d-{id}"
    return doc


CORPUS: list[dict[str, Any]] = [
    _doc("p1", "provider", "杭州澄光视觉科技有限公司", "专注工业视觉与AI质检的专精特新企业", district="滨江区",
         layer_tags=["技术层"], end_tags=["工业视觉"], qualification_labels=["专精特新中小企业", "高新技术企业"],
         verified=True, updated_at=100),
    _doc("p2", "provider", "杭州湘湖智感科技有限公司", "城市治理数字安防解决方案，视频结构化 camera 接入",
         district="萧山区", end_tags=["数字安防"], qualification_labels=["高新技术企业"], updated_at=200),
    _doc("p3", "provider", "杭州钱塘医影智能有限公司", "医学影像人工智能辅助诊断", district="钱塘区",
         end_tags=["医学影像"], qualification_labels=["专精特新小巨人"], verified=True, updated_at=300),
    _doc("p4", "provider", "杭州良渚芯视半导体有限公司", "智能芯片与图像传感器 lidar 方案", district="余杭区",
         layer_tags=["基础层"], end_tags=["自动驾驶"], qualification_labels=["创新型中小企业"], updated_at=400),
    _doc("p5", "provider", "杭州西湖虚拟现实研究院", "虚拟现实及元宇宙内容生产 metaverse", district="西湖区",
         end_tags=["虚拟现实及元宇宙"], updated_at=500),
    _doc("r1", "product", "高速线阵机器视觉检测设备", "首台（套）认定的缺陷 inspection 系统", district="滨江区",
         end_tags=["工业视觉"], recognition_schemes=["首台套"], recognition_levels=["provincial"], category="首台套",
         owner_org_id="org-p1", updated_at=110),
    _doc("r2", "product", "医学影像云平台软件", "首版次软件，支持 CT 与 MRI 影像 AI 分析", district="钱塘区",
         end_tags=["医学影像"], recognition_schemes=["首版次"], recognition_levels=["city"], category="首版次",
         owner_org_id="org-p3", updated_at=310),
    _doc("r3", "product", "红外热成像 thermal 相机", "特殊成像 infrared 测温", district="余杭区",
         end_tags=["特殊成像"], category="普通产品", owner_org_id="org-p4", updated_at=410),
    _doc("r4", "product", "YOLO 边缘推理盒子", "轻量 yolo 模型部署", district="滨江区", end_tags=["工业视觉"],
         category="普通产品", owner_org_id="org-p1", updated_at=120),
    _doc("d1", "demand", "产线AI质检场景需求", "需要对电池极片进行缺陷检测", district="萧山区",
         end_tags=["工业视觉"], scenario_domain="工业", demand_type="应用场景", budget_min=50, budget_max=200,
         deadline=1_800_000_000, published_at=1_700_000_000, batch_id="b1", status="published"),
    _doc("d2", "demand", "城市道路违停智能识别", "基于视频的城市治理事件发现", district="滨江区",
         end_tags=["数字安防"], scenario_domain="城市治理", demand_type="应用场景", budget_min=100, budget_max=300,
         deadline=1_790_000_000, published_at=1_700_100_000, batch_id="b1"),
    _doc("d3", "demand", "基层医院影像辅助诊断", "人工智能阅片，医疗影像质控", district="钱塘区",
         end_tags=["医学影像"], scenario_domain="医疗", demand_type="试点示范", budget_min=20, budget_max=80,
         deadline=1_810_000_000, published_at=1_700_200_000, batch_id="b2"),
    _doc("d4", "demand", "园区无人驾驶接驳车试点", "低速自动驾驶 lidar 感知", district="余杭区",
         end_tags=["自动驾驶"], scenario_domain="交通", demand_type="试点示范", budget_min=300, budget_max=1000,
         deadline=1_820_000_000, published_at=1_700_300_000, batch_id="b2"),
    _doc("d5", "demand", "养老机构跌倒检测", "智慧养老 camera 看护 detection", district="上城区",
         end_tags=["智能生活及办公"], scenario_domain="养老", demand_type="应用场景", budget_min=10, budget_max=30,
         deadline=1_795_000_000, published_at=1_700_400_000, batch_id="b2"),
    _doc("c1", "challenge", "揭榜挂帅：工业视觉高精度测量", "亚微米级机器视觉测量算法", district="滨江区",
         end_tags=["工业视觉"], status="open", mode="single", budget_max=500, deadline=1_805_000_000,
         published_at=1_700_500_000),
    _doc("c2", "challenge", "赛马制：城市级视频大模型", "AI 视频理解与事件检测", district="萧山区",
         end_tags=["数字安防"], status="awarded", mode="horse_race", budget_max=2000, deadline=1_760_000_000,
         published_at=1_690_000_000),
    _doc("x1", "demand", "内部待审核的机器视觉需求", "仅发布单位可见 secretword", district="滨江区",
         end_tags=["工业视觉"], visibility="restricted", readers=["org-ent1"], status="pending_review",
         budget_max=100, published_at=1_700_600_000),
]
