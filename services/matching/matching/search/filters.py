"""The filter tree every search request carries; adapters translate it, nobody writes engine strings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Scalar = str | int | float | bool


@dataclass(frozen=True)
class Eq:
    field: str
    value: Scalar


@dataclass(frozen=True)
class In:
    field: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class Range:
    field: str
    gte: float | None = None
    lte: float | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Filter, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Filter, ...]


@dataclass(frozen=True)
class Not:
    item: Filter


Filter = Eq | In | Range | And | Or | Not


def all_of(*items: Filter | None) -> Filter | None:
    kept = tuple(i for i in items if i is not None)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else And(kept)


def fields_of(node: Filter) -> set[str]:
    if isinstance(node, Eq | In | Range):
        return {node.field}
    if isinstance(node, Not):
        return fields_of(node.item)
    return set().union(*(fields_of(i) for i in node.items)) if node.items else set()


def _values(doc: Mapping[str, Any], field: str) -> list[Any]:
    value = doc.get(field)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def matches(doc: Mapping[str, Any], node: Filter | None) -> bool:
    """The reference semantics, in Python: subscriptions and the contract suite use it."""
    if node is None:
        return True
    if isinstance(node, Eq):
        return any(_same(v, node.value) for v in _values(doc, node.field))
    if isinstance(node, In):
        return any(_same(v, w) for v in _values(doc, node.field) for w in node.values)
    if isinstance(node, Range):
        nums = [v for v in _values(doc, node.field) if isinstance(v, int | float) and not isinstance(v, bool)]
        return any((node.gte is None or v >= node.gte) and (node.lte is None or v <= node.lte) for v in nums)
    if isinstance(node, And):
        return all(matches(doc, i) for i in node.items)
    if isinstance(node, Or):
        return any(matches(doc, i) for i in node.items)
    return not matches(doc, node.item)


def _same(a: Any, b: Scalar) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return str(a) == str(b)


def check_fields(node: Filter | None, allowed: Sequence[str]) -> None:
    if node is None:
        return
    unknown = fields_of(node) - set(allowed)
    if unknown:
        raise ValueError(f"not filterable: {', '.join(sorted(unknown))}")
