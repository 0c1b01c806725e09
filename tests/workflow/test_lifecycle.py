"""Table-driven: for every entity with a status, every (status, action, actor) either is a rule or answers 409."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from kit.rules import SYSTEM, Actor, IllegalAction, Lifecycle
from workflow.challenge.lifecycle import LIFECYCLE as CHALLENGES
from workflow.models import Challenge

OWNER = Actor(id="u-ent", roles=frozenset({"enterprise"}), org_id="org-1")
GOV = Actor(id="u-gov", roles=frozenset({"gov_reviewer"}), org_id="gov")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
NOW = datetime(2026, 1, 5, tzinfo=UTC)


class EveryFactHolds(dict[str, Any]):
    """Every guard passes: `missing` is empty, every other fact true."""

    def get(self, name: str, default: Any = None) -> Any:
        return [] if name == "missing" else True


@dataclass(frozen=True)
class Entity:
    lifecycle: Lifecycle[Any, Any]
    make: Callable[[str], Any]
    actors: dict[str, Actor]  # rule actor kind -> an actor of that kind; "outsider" matches none


ENTITIES = {
    "challenge": Entity(
        CHALLENGES,
        lambda status: Challenge(id="c", status=status, version=1, owner_org_id="org-1"),
        {"owner": OWNER, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
    ),
}
CASES = [
    (name, status, action)
    for name, entity in ENTITIES.items()
    for status in entity.lifecycle.states
    for action in entity.lifecycle.actions
]


@pytest.mark.parametrize(("entity", "status", "action"), CASES)
def test_every_pair(entity: str, status: str, action: str) -> None:
    e = ENTITIES[entity]
    rules = [r for r in e.lifecycle.rules if r.action == action and status in r.sources]
    for kind, actor in e.actors.items():
        row = e.make(status)
        expected = next((r for r in rules if r.actor == kind), None)
        if expected is None:
            with pytest.raises(IllegalAction) as info:
                e.lifecycle.decide(row, action, actor, reason="因为", facts=EveryFactHolds())
            assert info.value.extra[f"{entity}_status"] == status
            assert info.value.extra["allowed_actions"] == e.lifecycle.allowed_actions(row, actor)
            continue
        chosen = e.lifecycle.decide(row, action, actor, reason="因为", facts=EveryFactHolds())
        assert chosen.target == expected.target


@pytest.mark.parametrize("entity", ENTITIES)
def test_a_rule_that_needs_a_reason_refuses_without_one(entity: str) -> None:
    e = ENTITIES[entity]
    for r in (r for r in e.lifecycle.rules if r.needs_reason):
        source = sorted(r.sources)[0]
        with pytest.raises(IllegalAction, match="needs a reason"):
            e.lifecycle.decide(e.make(source), r.action, e.actors[r.actor], reason=" ", facts=EveryFactHolds())


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_guard_refuses_when_no_fact_holds(entity: str) -> None:
    e = ENTITIES[entity]
    for r in (r for r in e.lifecycle.rules if r.guard is not None):
        source = sorted(r.sources)[0]
        with pytest.raises(IllegalAction, match="refused"):
            e.lifecycle.decide(e.make(source), r.action, e.actors[r.actor], reason="因为", facts={"missing": ["x"]})


def test_guard_reason_is_reported() -> None:
    ch = Challenge(id="c", status="award_approval", version=1, owner_org_id="org-1")
    with pytest.raises(IllegalAction) as info:
        CHALLENGES.decide(ch, "approve_award", GOV, facts={"different_reviewer": False})
    assert "recommended" in str(info.value)
    assert info.value.extra["allowed_actions"] == CHALLENGES.allowed_actions(ch, GOV)


def test_approval_with_a_future_publish_at_approves_without_opening() -> None:
    ch = Challenge(id="c", status="pending_approval", version=1, owner_org_id="org-1")
    facts = {"missing": [], "not_approved": True, "publish_now": False, "publish_later": True}
    assert CHALLENGES.decide(ch, "approve", GOV, facts=facts).target is None
    assert CHALLENGES.decide(ch, "approve", GOV, facts={**facts, "publish_now": True}).target == "open"
