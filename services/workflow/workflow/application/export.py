"""The opened applications a reviewer reads, as a workbook: budgets in 万元, times in Beijing time."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from kit.xlsx_writer import workbook_bytes
from workflow.application import schemas as s

# The application statuses as the screens name them (frontend locales, section `application`).
STATUS_ZH = {
    "submitted": "已提交",
    "needs_reconfirmation": "需重新确认",
    "withdrawn": "已撤回",
    "opened": "已开标",
    "eligible": "形式审查通过",
    "ineligible": "形式审查未通过",
    "fixup": "待补正",
    "recommended": "推荐中",
    "awarded": "揭榜成功",
    "not_awarded": "未入选",
    "invalid": "无效",
}
FLAG_ZH = {"missing_qualification": "缺少资质", "district_not_allowed": "区县不符"}
HEADER = (
    "回执编号",
    "申报单位",
    "状态",
    "所在区县",
    "联合体成员",
    "项目负责人",
    "联系电话",
    "项目预算（万元）",
    "附件数",
    "提交时间（北京时间）",
    "自动标记",
    "形式审查意见",
    "综合得分",
    "排名",
    "SHA-256",
)


def _wan(amount: Any) -> Decimal | None:
    """Application budgets are typed and stored in 万元 (decision 0070): the cell takes the value as it is."""
    return None if amount is None else Decimal(str(amount))


def _row(app: s.ApplicationOut) -> tuple[object, ...]:
    content = app.content or {}
    leader = content.get("project_leader", {})
    flags = "；".join(f"{FLAG_ZH.get(f.get('rule', ''), f.get('rule', ''))}：{f.get('detail', '')}" for f in app.flags)
    return (
        app.receipt_no,
        app.org_name,
        STATUS_ZH.get(app.status, app.status),
        content.get("lead", {}).get("district", ""),
        "、".join(m.get("org_name", "") for m in content.get("consortium", [])),
        leader.get("name", ""),
        leader.get("phone", ""),
        _wan(content.get("budget", {}).get("total")),
        len(app.documents),
        app.submitted_at,
        flags,
        app.qualification_reason,
        app.score,
        app.rank,
        app.sha256,
    )


def workbook(applications: Iterable[s.ApplicationOut]) -> bytes:
    return workbook_bytes("申报材料", HEADER, (_row(a) for a in applications))
