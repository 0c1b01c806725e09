"""Published challenges as CSV for the city's open-data portal (public fields only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from kit.clock import to_shanghai
from kit.csv_writer import csv_lines
from workflow.models import Challenge

STATUS_ZH = {
    "open": "揭榜中",
    "opening": "开标中",
    "qualification": "形式审查",
    "expert_review": "专家评审",
    "award_approval": "结果审批",
    "publicity": "公示中",
    "awarded": "已揭榜",
    "unsuccessful": "流标",
    "cancelled": "已撤销",
}
HEADER = [
    "编号 id",
    "榜单名称 title",
    "状态 status",
    "模式 mode",
    "发榜单位 owner",
    "榜单金额（万元） reward_wan",
    "应用端 end_tags",
    "场景 scenario_domain",
    "揭榜截止（北京时间） deadline",
    "发布时间（北京时间） published",
]


def _time(value: datetime | None) -> str:
    return to_shanghai(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def rows(challenges: Iterable[Challenge]) -> Iterator[str]:
    """CSV lines through the kit's writer (UTF-8 with a BOM, formula-like cells neutralised)."""
    return csv_lines(
        HEADER,
        (
            [
                ch.id,
                ch.title,
                STATUS_ZH.get(ch.status, ch.status),
                "赛马制" if ch.mode == "horse_race" else "揭榜挂帅",
                ch.owner_org_name,
                f"{ch.reward_amount:.2f}" if ch.reward_amount is not None else "",
                "、".join(ch.end_tags or []),
                ch.scenario_domain,
                _time(ch.application_deadline),
                _time(ch.published_at),
            ]
            for ch in challenges
        ),
    )
