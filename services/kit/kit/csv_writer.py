"""The one CSV writer of every export: UTF-8 with a BOM, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff"
# Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with these; a tab or carriage
# return first hides the sign from a reader but not from the spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text; one that would be read as a formula is prefixed with an apostrophe (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Sequence[str], records: Iterable[Sequence[object]]) -> Iterator[str]:
    """The header then one line per record, each yielded as it is written (a BOM first, for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    first = True
    for record in _chain(header, records):
        writer.writerow([safe_cell(value) for value in record])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        yield (BOM + text) if first else text
        first = False


def _chain(header: Sequence[str], records: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    yield header
    yield from records
