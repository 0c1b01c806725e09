"""The challenges a reviewer or admin lists, as a workbook: rewards in 万元, times in Beijing time."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kit.xlsx_writer import workbook_bytes
from workflow.models import Challenge
from workflow.opendata.csv_export import STATUS_ZH as PUBLIC_STATUS_ZH

STATUS_ZH = {"draft": "草稿", "pending_approval": "待审批", **PUBLIC_STATUS_ZH}
HEADER = (
    "编号",
    "榜单名称",
    "状态",
    "模式",
    "发榜单位",
    "奖励金额（万元）",
    "应用端",
    "场景",
    "揭榜截止（北京时间）",
    "发布时间（北京时间）",
    "创建时间（北京时间）",
)


def _wan(amount: Decimal | float | None) -> Decimal | None:
    """Rewards are stored in 万元 (decision 0070): the cell takes the value as it is."""
    return None if amount is None else Decimal(str(amount))


def workbook(challenges: Iterable[Challenge]) -> bytes:
    return workbook_bytes(
        "揭榜挂帅",
        HEADER,
        (
            (
                ch.id,
                ch.title,
                STATUS_ZH.get(ch.status, ch.status),
                "赛马制" if ch.mode == "horse_race" else "揭榜挂帅",
                ch.owner_org_name,
                _wan(ch.reward_amount),
                "、".join(ch.end_tags or []),
                ch.scenario_domain,
                ch.application_deadline,
                ch.published_at,
                ch.created_at,
            )
            for ch in challenges
        ),
    )
