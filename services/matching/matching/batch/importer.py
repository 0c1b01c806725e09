"""Reading a batch spreadsheet (.xlsx, .xls or .csv) into validated rows, with a report naming row and field."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

import xlrd
from openpyxl import load_workbook
from pydantic import ValidationError

from kit.errors import BadRequest
from matching.batch.messages import code_of, message
from matching.demand.schemas import DemandCreate

# Column header (as the city's lists print them) -> field; English field names are accepted too.
COLUMNS: dict[str, str] = {
    "编号": "code",
    "需求编号": "code",
    "需求名称": "title",
    "需求类型": "demand_type",
    "应用场景": "scenario_domain",
    "场景领域": "scenario_domain",
    "所属层级": "layer_tags",
    "技术方向": "layer_tags",
    "七端": "end_tags",
    "产业端": "end_tags",
    "发布单位": "publisher_name",
    "单位类型": "publisher_kind",
    "所在区县": "district",
    "区县": "district",
    "需求背景": "background",
    "痛点问题": "pain_points",
    "能力要求": "required_capabilities",
    "技术指标": "technical_indicators",
    "开放数据": "data_offered",
    "开放场地": "sites_offered",
    "资质要求": "required_qualifications",
    "预算下限（万元）": "budget_min",
    "预算下限(万元)": "budget_min",
    "预算上限（万元）": "budget_max",
    "预算上限(万元)": "budget_max",
    "合作方式": "cooperation_mode",
    "实施周期": "timeline",
    "联系人": "contact_name",
    "联系电话": "contact_phone",
    "有效期至": "valid_until",
}
FIELD_LABELS = {v: k for k, v in reversed(list(COLUMNS.items()))}
LIST_FIELDS = {"layer_tags", "end_tags", "required_qualifications"}
REQUIRED = ("title", "demand_type", "scenario_domain", "publisher_name", "district")
_SPLIT = re.compile(r"[、,，;；/|]+")
MAX_ROWS = 2000
MAX_LINES = MAX_ROWS * 5  # header, notes and formatted blank lines included
# Columns read from a spreadsheet, whatever range it declares: a list has about thirty. A sheet whose
# dimension says A1:XFD300 (one cell in the last column) would otherwise be read as 16,384 cells a row.
MAX_COLUMNS = 64
_ORDER = {f: i for i, f in enumerate(DemandCreate.model_fields)}


@dataclass
class RowError:
    row: int
    field: str
    column: str
    code: str
    message: str

    @classmethod
    def of(cls, row: int, field: str, code: str) -> RowError:
        column = FIELD_LABELS.get(field, field)
        return cls(row, field, column, code, message(code, column))


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    cells: list[Any] = field(default_factory=list)
    demand: DemandCreate | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Parsed:
    header: list[str]
    rows: list[ParsedRow]


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return str(value).strip()


def read_table(filename: str, content: bytes) -> list[list[Any]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif name.endswith(".xls"):
        rows = _read_xls(content)
    elif name.endswith(".csv"):
        rows = _read_csv(content)
    else:
        raise BadRequest("Upload a .xlsx, .xls or .csv file")
    if len(rows) > MAX_LINES:
        raise BadRequest(f"The file has more than {MAX_LINES} lines; at most {MAX_ROWS} demands per import")
    return _within_header(rows)


def _read_xlsx(content: bytes) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise BadRequest(f"Not a readable .xlsx file: {type(exc).__name__}") from exc
    if not book.worksheets:
        raise BadRequest("The .xlsx file has no worksheet")
    # A few megabytes of zip can hold millions of rows: stop reading past what an import may hold.
    lines = islice(book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS), MAX_LINES + 1)
    rows = [[_cell(v) for v in row] for row in lines]
    book.close()
    return rows


def _read_xls(content: bytes) -> list[list[Any]]:
    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
        sheet = book.sheet_by_index(0)
        rows = [
            [_xls_cell(book, sheet.cell(r, c)) for c in range(min(sheet.row_len(r), MAX_COLUMNS))]
            for r in range(min(sheet.nrows, MAX_LINES + 1))
        ]
    except Exception as exc:  # xlrd raises many kinds on a damaged (or disguised) file
        raise BadRequest(f"Not a readable .xls file: {type(exc).__name__}") from exc
    return rows


def _xls_cell(book: Any, cell: Any) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell(xlrd.xldate_as_datetime(cell.value, book.datemode))
    return _cell(cell.value)


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadRequest("The .csv file is neither UTF-8 nor GB18030")
    try:
        return [[c.strip() for c in row] for row in islice(csv.reader(io.StringIO(text)), MAX_LINES + 1)]
    except csv.Error as exc:
        raise BadRequest(f"Not a readable .csv file: {exc}") from exc


def _within_header(rows: list[list[Any]]) -> list[list[Any]]:
    """Every row cut to the header's used width (the first non-empty row): cells without a header are not read."""
    header = next((r for r in rows if any(str(c).strip() for c in r)), [])
    width = max((i + 1 for i, c in enumerate(header) if str(c).strip()), default=0)
    return [row[:width] for row in rows]


def parse(filename: str, content: bytes) -> Parsed:
    table = list(read_table(filename, content))
    header_at = next((i for i, r in enumerate(table) if any(str(c).strip() for c in r)), None)
    if header_at is None:
        raise BadRequest("The file is empty")
    header = [str(c).strip() for c in table[header_at]]
    fields = [COLUMNS.get(h, h if h in DemandCreate.model_fields else "") for h in header]
    missing = [FIELD_LABELS.get(f, f) for f in REQUIRED if f not in fields]
    if missing:
        raise BadRequest(f"Missing columns: {'、'.join(missing)}", missing_columns=missing)
    out: list[ParsedRow] = []
    for offset, raw in enumerate(table[header_at + 1 :], start=header_at + 2):
        if not any(str(c).strip() for c in raw):
            continue
        values: dict[str, Any] = {}
        for f, cell in zip(fields, raw, strict=False):
            if not f or f == "batch_id":
                continue
            text = str(cell).strip()
            if f in LIST_FIELDS:
                values[f] = [t.strip() for t in _SPLIT.split(text) if t.strip()]
            elif text != "":
                values[f] = text
        out.append(ParsedRow(offset, values, list(raw)))
    if len(out) > MAX_ROWS:
        raise BadRequest(f"At most {MAX_ROWS} rows per import")
    return Parsed(header, out)


def validate(rows: list[ParsedRow]) -> None:
    """Every problem of every row, not only the first: a filled-in list is corrected in one pass."""
    for row in rows:
        try:
            row.demand = DemandCreate.model_validate(row.values)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
                code = code_of(err, loc[0] if loc else "row")
                # The one rule across fields (the budget's order) is told at its first column.
                row.errors.append(RowError.of(row.row, loc[0] if loc else "budget_min", code))
        told = {e.field for e in row.errors}
        row.errors.extend(
            RowError.of(row.row, f, "required") for f in REQUIRED if f not in told and not row.values.get(f)
        )
        row.errors.sort(key=lambda e: _ORDER.get(e.field, len(_ORDER)))
