"""The demands an admin sees, as a workbook: budgets in 万元 (as stored), times in Beijing time."""

from __future__ import annotations

from collections.abc import Iterable

from kit.xlsx_writer import workbook_bytes
from matching.models import Demand

STATUS_ZH = {"draft": "草稿", "pending_review": "待审核", "published": "已发布", "returned": "未通过"}
HEADER = (
    "编号",
    "需求名称",
    "需求类型",
    "应用场景",
    "七端",
    "所在区县",
    "发布单位",
    "单位类型",
    "状态",
    "预算下限（万元）",
    "预算上限（万元）",
    "有效期至",
    "创建时间（北京时间）",
    "发布时间（北京时间）",
)


def workbook(demands: Iterable[Demand]) -> bytes:
    return workbook_bytes(
        "场景需求",
        HEADER,
        (
            (
                d.code,
                d.title,
                d.demand_type,
                d.scenario_domain,
                "、".join(d.end_tags or []),
                d.district,
                d.publisher_name,
                d.publisher_kind,
                STATUS_ZH.get(d.status, d.status),
                d.budget_min,
                d.budget_max,
                d.valid_until,
                d.created_at,
                d.published_at,
            )
            for d in demands
        ),
    )
