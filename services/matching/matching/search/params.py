"""From query parameters (API and saved searches) to a filter tree: the one place that knows the facets."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Literal

from kit.clock import SHANGHAI
from kit.errors import UnprocessableContent
from matching.search.filters import Eq, Filter, In, Range, all_of
from matching.search.schema import SCHEMA
from matching.search.schemas import HIT_STATUSES

# Query parameter -> indexed keyword attribute.
FACET_PARAMS: dict[str, str] = {
    "kind": "kind",
    "status": "status",
    "district": "district",
    "layer_tag": "layer_tags",
    "end_tag": "end_tags",
    "tag": "capability_tags",
    "scenario_domain": "scenario_domain",
    "qualification": "qualification_labels",
    "recognition_scheme": "recognition_schemes",
    "recognition_level": "recognition_levels",
    "verified": "verified",
    "demand_type": "demand_type",
    "category": "category",
    "mode": "mode",
    "batch_id": "batch_id",
}
RANGE_PARAMS = ("budget_min", "budget_max", "deadline_from", "deadline_to")
DEFAULT_FACETS = (
    "kind",
    "end_tags",
    "capability_tags",
    "layer_tags",
    "district",
    "qualification_labels",
    "recognition_schemes",
    "status",
    "scenario_domain",
    "verified",
)


def _day_epoch(value: str, end: bool) -> float:
    try:
        day = date.fromisoformat(value[:10])
    except ValueError as exc:
        raise UnprocessableContent(f"not a date: {value}") from exc
    moment = datetime.combine(day, time(23, 59, 59) if end else time(0, 0), SHANGHAI)
    return moment.timestamp()


def _number(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise UnprocessableContent(f"{name}: not a number: {value}") from exc
    if not math.isfinite(number):
        raise UnprocessableContent(f"{name}: not a finite number: {value}")
    return number


def _first(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = [v for v in params.get(name, []) if v]
    return values[0] if values else ""


def _known_statuses(values: Sequence[str]) -> None:
    """`status` is an enum (OpenAPI names its values): an unknown one is refused naming the field, as
    a status filter FastAPI validates is, instead of matching nothing."""
    unknown = [v for v in values if v not in HIT_STATUSES]
    if unknown:
        raise UnprocessableContent(
            f"status: 未知的状态 {', '.join(unknown)}。 Unknown status; one of {', '.join(HIT_STATUSES)}.",
            field="status",
            allowed=list(HIT_STATUSES),
        )


def build_filter(params: Mapping[str, Sequence[str]]) -> Filter | None:
    parts: list[Filter | None] = []
    for param, attr in FACET_PARAMS.items():
        values = [v for v in params.get(param, []) if v != ""]
        if not values:
            continue
        if param == "status":
            _known_statuses(values)
        if attr == "verified":
            parts.append(Eq(attr, values[0].lower() in ("1", "true", "yes")))
        elif len(values) == 1:
            parts.append(Eq(attr, values[0]))
        else:
            parts.append(In(attr, tuple(values)))
    # Budget in 万元: an item qualifies when its budget range reaches into the asked range.
    bmin, bmax = _first(params, "budget_min"), _first(params, "budget_max")
    if bmin:
        parts.append(Range("budget_max", gte=_number("budget_min", bmin)))
    if bmax:
        parts.append(Range("budget_min", lte=_number("budget_max", bmax)))
    dfrom, dto = _first(params, "deadline_from"), _first(params, "deadline_to")
    if dfrom or dto:
        parts.append(
            Range(
                "deadline", gte=_day_epoch(dfrom, False) if dfrom else None, lte=_day_epoch(dto, True) if dto else None
            )
        )
    return all_of(*parts)


def parse_sort(value: str | None) -> tuple[str, Literal["asc", "desc"]] | None:
    if not value:
        return None
    field, _, direction = value.partition(":")
    direction = direction or "desc"
    if field not in SCHEMA.sortable or direction not in ("asc", "desc"):
        raise UnprocessableContent(f"sort must be one of {', '.join(SCHEMA.sortable)} with :asc or :desc")
    return field, "asc" if direction == "asc" else "desc"
