"""Every amount field the two services put on the wire says its unit (万元) in the OpenAPI schema."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kit.money import WAN
from kit.settings import REPO_ROOT

# The committed specs; scripts/test.sh fails when they drift from the code.
SPECS = REPO_ROOT / "frontend" / "openapi"
AMOUNT = re.compile(r"budget_(min|max)|reward_amount|amount|price")


def _spec(service: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((SPECS / f"{service}.json").read_text(encoding="utf-8"))
    return spec


def _amount_fields(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in spec["components"]["schemas"].items():
        for prop, body in schema.get("properties", {}).items():
            if AMOUNT.fullmatch(prop) or (prop == "total" and name.startswith("Budget")):
                yield f"{name}.{prop}", body
    for path, item in spec["paths"].items():
        for op in item.values():
            for param in op.get("parameters", []) if isinstance(op, dict) else []:
                if AMOUNT.fullmatch(param["name"]):
                    yield f"{path}?{param['name']}", param


@pytest.mark.parametrize("service", ["matching", "workflow"])
def test_every_amount_field_states_wan(service: str) -> None:
    fields = dict(_amount_fields(_spec(service)))
    assert fields, "no amount fields found: the pattern no longer matches the schemas"
    missing = [where for where, body in fields.items() if WAN not in body.get("description", "")]
    assert not missing, missing


def test_the_known_amount_fields_are_all_covered() -> None:
    names: set[str] = set()
    for service in ("matching", "workflow"):
        names |= {where for where, _ in _amount_fields(_spec(service))}
    expected = {"Demand.budget_min", "DemandCreate.budget_max", "SearchHit.budget_max", "/search?budget_min"}
    expected |= {"Challenge.reward_amount", "ChallengeSummary.reward_amount", "BudgetItem.amount", "Budget.total"}
    assert expected <= names, expected - names
