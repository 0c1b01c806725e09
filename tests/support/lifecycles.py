"""The table-driven checks every lifecycle's rules pass (kit.rules), shared by each service's
test_lifecycle: every (state, action, actor kind) is a rule or answers 409 naming the allowed actions,
a rule that needs a reason refuses without one, every guard refuses when no fact holds, and every
state is a rule's target or the one rows are created in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from kit.rules import Actor, IllegalAction, Lifecycle, Rule


class EveryFactHolds(dict[str, Any]):
    """Every guard passes: `missing` is empty, every other fact true."""

    def get(self, name: str, default: Any = None) -> Any:
        return [] if name == "missing" else True


@dataclass(frozen=True)
class Entity:
    lifecycle: Lifecycle[Any, Any]
    make: Callable[[str], Any]  # a row in the given status
    actors: dict[str, Actor]  # rule actor kind -> an actor of that kind; "outsider" matches none
    initial: str | tuple[str, ...]  # the status (or statuses) rows are created in
    follower: Actor | None = None  # who takes a step that "follows" from another entity's rule
    unreached: tuple[str, ...] = ()  # states the schema allows that no code creates or enters (named, not hidden)

    def actor_for(self, kind: str) -> Actor:
        if kind in self.actors:
            return self.actors[kind]
        assert self.follower is not None, f"no actor for {kind}"
        return self.follower


def cases(entities: Mapping[str, Entity]) -> list[tuple[str, str, str]]:
    """Every (entity, status, action) of the tables."""
    return [
        (name, status, action)
        for name, entity in entities.items()
        for status in entity.lifecycle.states
        for action in entity.lifecycle.actions
    ]


def _expected(rules: list[Rule[Any, Any]], kind: str) -> Rule[Any, Any] | None:
    """The rule an actor of `kind` gets: its own kind's, or one that follows from another entity's step."""
    return next((r for r in rules if r.actor in (kind, "follows")), None)


def check_every_pair(name: str, e: Entity, status: str, action: str) -> None:
    rules = [r for r in e.lifecycle.rules if r.action == action and status in r.sources]
    for kind, actor in e.actors.items():
        row = e.make(status)
        expected = _expected(rules, kind)
        if expected is None:
            with pytest.raises(IllegalAction) as info:
                e.lifecycle.decide(row, action, actor, reason="因为", facts=EveryFactHolds())
            assert info.value.extra[f"{name}_status"] == status
            assert info.value.extra["allowed_actions"] == e.lifecycle.allowed_actions(row, actor)
            continue
        chosen = e.lifecycle.decide(row, action, actor, reason="因为", facts=EveryFactHolds())
        assert chosen.target == expected.target
        if expected.public and expected.actor == kind and expected.offered is None:
            assert action in e.lifecycle.allowed_actions(row, actor)


def check_reasons(e: Entity) -> None:
    for r in (r for r in e.lifecycle.rules if r.needs_reason):
        source = sorted(r.sources)[0]
        with pytest.raises(IllegalAction, match="needs a reason"):
            e.lifecycle.decide(e.make(source), r.action, e.actor_for(r.actor), reason=" ", facts=EveryFactHolds())


def check_guards(e: Entity) -> None:
    for r in (r for r in e.lifecycle.rules if r.guard is not None):
        source = sorted(r.sources)[0]
        with pytest.raises(IllegalAction, match="refused"):
            e.lifecycle.decide(e.make(source), r.action, e.actor_for(r.actor), reason="因为", facts={"missing": ["x"]})


def check_reachable(e: Entity) -> None:
    """No dead state in a table: each is a rule's target, or the state rows are created in."""
    targets = {r.target for r in e.lifecycle.rules if r.target is not None}
    initial = {e.initial} if isinstance(e.initial, str) else set(e.initial)
    assert set(e.lifecycle.states) == targets | initial | set(e.unreached)


def table_tests(entities: Mapping[str, Entity]) -> tuple[Callable[..., None], ...]:
    """The four table-driven tests over `entities`, for a test module to bind at its top level:
    `test_every_pair, test_reasons, test_guards, test_reachable = table_tests(ENTITIES)`."""

    @pytest.mark.parametrize(("entity", "status", "action"), cases(entities))
    def every_pair(entity: str, status: str, action: str) -> None:
        check_every_pair(entity, entities[entity], status, action)

    @pytest.mark.parametrize("entity", entities)
    def reasons(entity: str) -> None:
        """A rule that needs a reason refuses without one."""
        check_reasons(entities[entity])

    @pytest.mark.parametrize("entity", entities)
    def guards(entity: str) -> None:
        """Every guard refuses when no fact holds."""
        check_guards(entities[entity])

    @pytest.mark.parametrize("entity", entities)
    def reachable(entity: str) -> None:
        check_reachable(entities[entity])

    return every_pair, reasons, guards, reachable
