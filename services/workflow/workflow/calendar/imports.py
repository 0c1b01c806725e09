"""A year's arrangement read from CSV or JSON text, every row checked before anything is written."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from workflow.calendar.schemas import ImportRowError

KINDS = {"holiday": False, "休": False, "workday": True, "班": True}
HEADERS = {"date": "date", "日期": "date", "kind": "kind", "类型": "kind", "name": "name", "名称": "name"}


@dataclass(frozen=True)
class ImportedDay:
    day: date
    is_workday: bool
    name: str


class ImportInvalid(Exception):
    def __init__(self, errors: list[ImportRowError]) -> None:
        super().__init__(f"{len(errors)} invalid rows")
        self.errors = errors


def _rows_from_csv(content: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    lines = [(reader.line_num, row) for row in reader]
    lines = [(n, row) for n, row in lines if any(cell.strip() for cell in row)]
    if not lines:
        raise ImportInvalid([ImportRowError(row=1, field="header", message="文件为空。 The file is empty.")])
    header_line, header = lines[0]
    keys = [HEADERS.get(cell.strip().lower()) for cell in header]
    if "date" not in keys or "kind" not in keys:
        raise ImportInvalid(
            [
                ImportRowError(
                    row=header_line,
                    field="header",
                    message="表头须含 date、kind（或 日期、类型）列。 The header needs date and kind columns.",
                )
            ]
        )
    out = []
    for n, row in lines[1:]:
        out.append((n, {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(keys) if k}))
    return out


def _rows_from_json(content: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ImportInvalid(
            [ImportRowError(row=exc.lineno, field="content", message=f"JSON 无法解析。 Not valid JSON: {exc.msg}")]
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("days"), list):
        data = data["days"]
    if not isinstance(data, list):
        raise ImportInvalid(
            [ImportRowError(row=1, field="content", message="须为对象数组。 Expected a list of day objects.")]
        )
    return [(i, item if isinstance(item, dict) else {"_not_object": item}) for i, item in enumerate(data, start=1)]


def _check(
    year: int, n: int, raw: dict[str, Any], seen: dict[date, int]
) -> tuple[ImportedDay | None, list[ImportRowError]]:
    errors: list[ImportRowError] = []
    if "_not_object" in raw:
        return None, [ImportRowError(row=n, field="row", message="每行须为对象。 Each row must be an object.")]
    unknown = sorted(set(raw) - {"date", "kind", "name"})
    if unknown:
        errors.append(ImportRowError(row=n, field=unknown[0], message=f"未知字段。 Unknown field {unknown[0]}."))
    day: date | None = None
    text = raw.get("date")
    try:
        day = date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(
            ImportRowError(row=n, field="date", message=f"日期须为 YYYY-MM-DD：{text!r}。 Date must be YYYY-MM-DD.")
        )
    elif day.year != year:
        errors.append(ImportRowError(row=n, field="date", message=f"{day} 不在 {year} 年。 Not in {year}."))
    elif day in seen:
        errors.append(
            ImportRowError(row=n, field="date", message=f"{day} 与第 {seen[day]} 行重复。 Repeats row {seen[day]}.")
        )
    kind = raw.get("kind")
    is_workday = KINDS.get(kind.strip().lower()) if isinstance(kind, str) else None
    if is_workday is None:
        errors.append(
            ImportRowError(row=n, field="kind", message=f"类型须为 holiday/休 或 workday/班：{kind!r}。 Unknown kind.")
        )
    elif is_workday and day is not None and day.weekday() < 5:
        errors.append(
            ImportRowError(
                row=n,
                field="kind",
                message=f"{day} 是工作日，调休上班日应为周六或周日。 A make-up working day falls on a weekend.",
            )
        )
    name = raw.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        errors.append(ImportRowError(row=n, field="name", message="名称须为不超过 200 字的文本。 Name too long."))
    if errors or day is None or is_workday is None:
        return None, errors
    seen[day] = n
    return ImportedDay(day, is_workday, name.strip()), []


def parse(year: int, fmt: str, content: str) -> list[ImportedDay]:
    """Every day of the file, or ImportInvalid with every bad row (nothing is written then)."""
    rows = _rows_from_csv(content) if fmt == "csv" else _rows_from_json(content)
    days: list[ImportedDay] = []
    errors: list[ImportRowError] = []
    seen: dict[date, int] = {}
    for n, raw in rows:
        day, problems = _check(year, n, raw, seen)
        errors.extend(problems)
        if day is not None:
            days.append(day)
    if not rows:
        errors.append(ImportRowError(row=1, field="content", message="没有任何日期。 No days in the file."))
    if errors:
        raise ImportInvalid(errors)
    return days
