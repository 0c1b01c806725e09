"""The kit's CSV writer, shared by every export."""

from __future__ import annotations

import csv
import io

import pytest

from kit.csv_writer import csv_lines, safe_cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(start: str) -> None:
    assert safe_cell(start + "cmd|' /C calc'!A0") == "'" + start + "cmd|' /C calc'!A0"


def test_other_cells_are_kept_and_none_is_empty() -> None:
    assert safe_cell("榜单 =1") == "榜单 =1"
    assert safe_cell(None) == ""
    assert safe_cell(12.5) == "12.5"


def test_lines_start_with_a_bom_and_read_back() -> None:
    text = "".join(csv_lines(["名称", "金额"], [["=1+1", "3"], ['普通, "引号"', ""]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))) == [
        ["名称", "金额"],
        ["'=1+1", "3"],
        ['普通, "引号"', ""],
    ]
