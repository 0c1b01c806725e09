"""The ranking as a workbook: one sheet of the ranking with each expert's total, one of every sheet in full."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openpyxl import Workbook

from kit.xlsx_writer import fill_sheet, save
from workflow.application.export import STATUS_ZH
from workflow.models import Challenge
from workflow.review import schemas as s

SHEET_STATUS_ZH = {"assigned": "待评分", "completed": "已完成", "recused": "已回避"}


def _spread(totals: list[float]) -> float | None:
    return max(totals) - min(totals) if totals else None


def workbook(
    ch: Challenge,
    ranking: Sequence[s.RankingRow],
    sheets: Sequence[s.ExpertScore] | None,
    name_of: Callable[[str], str],
) -> bytes:
    """`sheets` is None for a reader who may not see the experts' scores (the owner): the ranking alone."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "评审排名"
    experts = list(dict.fromkeys(x.expert_id for x in sheets or []))
    by = {(x.application_id, x.expert_id): x for x in sheets or []}
    header = ["排名", "申报单位", "综合得分", "有效评审数", "状态"]
    if sheets is not None:
        header += [f"{name_of(e)} 得分" for e in experts] + ["极差", "回避数"]

    def line(row: s.RankingRow) -> list[object]:
        cells: list[object] = [row.rank, row.org_name, row.score, row.reviews, STATUS_ZH.get(row.status, row.status)]
        if sheets is None:
            return cells
        mine = [by.get((row.application_id, e)) for e in experts]
        for sheet in mine:
            if sheet is None:
                cells.append(None)
            elif sheet.status == "completed":
                cells.append(sheet.total)
            else:
                cells.append(SHEET_STATUS_ZH[sheet.status])
        totals = [x.total for x in mine if x is not None and x.status == "completed" and x.total is not None]
        cells += [_spread(totals), sum(1 for x in mine if x is not None and x.status == "recused")]
        return cells

    fill_sheet(first, header, (line(r) for r in ranking))
    if sheets is not None:
        criteria = [(str(c["id"]), str(c.get("name", c["id"]))) for c in ch.criteria or []]
        org_of = {r.application_id: r.org_name for r in ranking}
        detail = book.create_sheet("专家评分明细")
        fill_sheet(
            detail,
            [
                "申报单位",
                "专家",
                "状态",
                *(f"{name}（{cid}）" for cid, name in criteria),
                "合计",
                "评审意见",
                "回避理由",
            ],
            (
                [
                    org_of.get(x.application_id, x.application_id),
                    name_of(x.expert_id),
                    SHEET_STATUS_ZH[x.status],
                    *(x.scores.get(cid) for cid, _ in criteria),
                    x.total,
                    x.comment,
                    x.recusal_reason,
                ]
                for x in sheets
            ),
        )
    return save(book)
