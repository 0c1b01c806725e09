from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import load_workbook

from kit.xlsx_writer import workbook_bytes


def test_cells_are_formula_safe_without_control_characters_and_times_are_beijing() -> None:
    content = workbook_bytes(
        "表",
        ("名称", "金额（万元）", "时间（北京时间）"),
        [("=SUM(A1)\x01\x1f", Decimal("12.5"), datetime(2026, 1, 1, 16, tzinfo=UTC))],
    )
    row = next(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert row == ("'=SUM(A1)", 12.5, datetime(2026, 1, 2, 0, 0))
