"""The one .xlsx writer of every list export: a bold header, Beijing times, no cell run as a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kit.clock import to_shanghai
from kit.csv_writer import safe_cell

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}}
}
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def cell(value: object) -> object:
    """Numbers stay numbers; a time becomes Beijing wall time (Excel has no zones); text is made formula-safe."""
    if isinstance(value, datetime):
        return to_shanghai(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | date):
        return value
    # Control characters (a pasted title may hold one) are not allowed in the file format at all.
    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))


def fill_sheet(sheet: Worksheet, header: Sequence[str], records: Iterable[Sequence[object]]) -> None:
    sheet.append(list(header))
    for c in sheet[1]:
        c.font = Font(bold=True)
    for record in records:
        sheet.append([cell(v) for v in record])
    for column in sheet.iter_cols(min_row=2):
        for c in column:
            if isinstance(c.value, datetime):
                c.number_format = TIME_FORMAT
            elif isinstance(c.value, date):
                c.number_format = "yyyy-mm-dd"
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(title) * 2 + 2))
    sheet.freeze_panes = "A2"


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_bytes(title: str, header: Sequence[str], records: Iterable[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    fill_sheet(sheet, header, records)
    return save(book)


def xlsx_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
