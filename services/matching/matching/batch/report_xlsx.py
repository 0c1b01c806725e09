"""The import report as a workbook: the uploaded rows, and beside each its verdict and every problem."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from kit.xlsx_writer import fill_sheet, save
from matching.batch.importer import Parsed

ROW, VERDICT, PROBLEMS = "原文件行号", "校验结果", "问题说明"
_BAD = PatternFill("solid", fgColor="FFE1E1")


def build(parsed: Parsed) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "导入报告"
    width = len(parsed.header)
    records = [
        [
            row.row,
            *(row.cells + [""] * width)[:width],
            "有误" if row.errors else "通过",
            "\n".join(f"{i}. {e.message}" for i, e in enumerate(row.errors, start=1)),
        ]
        for row in parsed.rows
    ]
    fill_sheet(sheet, [ROW, *parsed.header, VERDICT, PROBLEMS], records)
    problems = get_column_letter(width + 3)
    sheet.column_dimensions[problems].width = 60
    for index, row in enumerate(parsed.rows, start=2):
        if row.errors:
            for c in sheet[index]:
                c.fill = _BAD
            sheet.cell(index, width + 3).alignment = Alignment(wrap_text=True, vertical="top")
    return save(book)
