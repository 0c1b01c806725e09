"""Lifecycles as data: a table of rules and one writer of an entity's `status`.

A rule is a row: the action, the states it may start from, the state it leads to (None: an action
that changes no status), which kind of actor may take it, whether it needs a reason, a guard over
*facts* and the effects it has besides moving the status. `Lifecycle.transition()` is the only
code that assigns the status: it refuses with 409 naming the allowed actions, moves the status,
has the service record the step (its transition history, its audit line) and then runs the rule's
effects in the order the rule names them (docs/decisions/0090-rules-with-effects.md).

Facts are plain values read by guards. `LazyFacts` computes each one on first use from the one
table of fact functions a service keeps, so an action pays only for the facts its guards read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

from kit.errors import Conflict

Facts = Mapping[str, Any]
Guard = Callable[[Facts], str | None]

E = TypeVar("E")  # the entity whose status the lifecycle writes (it has a `status: str`)
C = TypeVar("C")  # what effects need from the caller (the service's context)


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (with the roles and organisation of their token) or the scheduler."""

    id: str
    kind: str = "user"
    roles: frozenset[str] = field(default_factory=frozenset)
    org_id: str | None = None
    name: str = ""

    @property
    def label(self) -> str:
        return "system:scheduler" if self.kind == "system" else f"user:{self.id}"


SYSTEM = Actor(id="scheduler", kind="system")


def fact(name: str, message: str) -> Guard:
    """Passes when the fact is truthy."""
    return lambda facts: None if facts.get(name) else message


def all_of(*guards: Guard) -> Guard:
    """The first refusal of `guards`, in order."""

    def check(facts: Facts) -> str | None:
        return next((r for g in guards if (r := g(facts)) is not None), None)

    return check


@dataclass(frozen=True)
class Step(Generic[E, C]):
    """One application of a rule, as the recorder and the effects see it."""

    ctx: C
    entity: E
    rule: Rule[E, C]
    actor: Actor
    now: datetime
    from_status: str
    reason: str = ""
    facts: Facts = field(default_factory=dict)
    args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        return self.rule.action

    @property
    def to_status(self) -> str:
        return self.rule.target or self.from_status

    def history(self) -> dict[str, Any]:
        """What a transition history row records of the step: action, from, to, actor, reason, time."""
        return {
            "action": self.action,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "actor": self.actor.label,
            "reason": self.reason,
            "at": self.now,
        }


Effect = Callable[[Step[E, C]], None]


@dataclass(frozen=True)
class Rule(Generic[E, C]):
    action: str
    sources: frozenset[str]
    target: str | None  # None: an action that changes no status
    actor: str  # a kind the lifecycle's `may_act` understands ("owner", "gov", "system", …)
    needs_reason: bool = False
    guard: Guard | None = None
    public: bool = True  # offered to callers (allowed_actions, the action endpoint)
    effects: tuple[Effect[E, C], ...] = ()
    # A cheap check on the row alone, so allowed_actions does not offer dead buttons.
    offered: Callable[[E, Actor], bool] | None = None
    audited: bool = True  # False: a status-less rule whose effects write their own audit line


def rule(
    action: str,
    sources: Iterable[str],
    target: str | None,
    actor: str,
    *,
    effects: Sequence[Effect[E, C]] = (),
    **kw: Any,
) -> Rule[E, C]:
    return Rule(action, frozenset(sources), target, actor, effects=tuple(effects), **kw)


class IllegalAction(Conflict):
    code = "illegal-action"
    title = "This action is not allowed now"


class LazyFacts(Mapping[str, Any]):
    """Facts computed on first read by `providers[name](source)`, each at most once."""

    def __init__(self, providers: Mapping[str, Callable[[Any], Any]], source: Any, **given: Any) -> None:
        self._providers = providers
        self._source = source
        self._values: dict[str, Any] = dict(given)

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            if name not in self._providers:
                raise KeyError(name)
            self._values[name] = self._providers[name](self._source)
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter({*self._providers, *self._values})

    def __len__(self) -> int:
        return len({*self._providers, *self._values})


class Lifecycle(Generic[E, C]):
    """The rules of one entity and its one writer of status."""

    def __init__(
        self,
        entity: str,
        states: Iterable[str],
        rules: Sequence[Rule[E, C]],
        *,
        may_act: Callable[[Rule[E, C], E, Actor], bool],
        record: Callable[[Step[E, C]], None],
        extra_actions: Callable[[E, Actor], Iterable[str]] | None = None,
    ) -> None:
        self.entity = entity
        self.states = tuple(states)
        self.rules = tuple(rules)
        self.may_act = may_act
        self.record = record
        self.extra_actions = extra_actions
        unknown = {s for r in self.rules for s in (*r.sources, r.target) if s is not None} - set(self.states)
        if unknown:
            raise ValueError(f"{entity} rules name unknown states: {sorted(unknown)}")
        self.actions = sorted({r.action for r in self.rules})

    @staticmethod
    def status(entity: E) -> str:
        return str(getattr(entity, "status"))  # noqa: B009

    def pairs(self) -> set[tuple[str, str]]:
        """Every (from, to) a transition may record."""
        return {(src, r.target) for r in self.rules if r.target for src in r.sources}

    def allowed_actions(self, entity: E, actor: Actor | None) -> list[str]:
        if actor is None:
            return []
        status = self.status(entity)
        names = {
            r.action
            for r in self.rules
            if r.public
            and status in r.sources
            and self.may_act(r, entity, actor)
            and (r.offered is None or r.offered(entity, actor))
        }
        if self.extra_actions is not None:
            names.update(self.extra_actions(entity, actor))
        return sorted(names)

    def refusal(self, entity: E, action: str, actor: Actor | None, detail: str) -> IllegalAction:
        extra: dict[str, Any] = {
            f"{self.entity}_status": self.status(entity),
            "action": action,
            "allowed_actions": self.allowed_actions(entity, actor),
        }
        return IllegalAction(detail, **extra)

    def candidates(self, entity: E, action: str, actor: Actor, *, public_only: bool = False) -> list[Rule[E, C]]:
        status = self.status(entity)
        found = [
            r
            for r in self.rules
            if r.action == action
            and (r.public or not public_only)
            and status in r.sources
            and self.may_act(r, entity, actor)
        ]
        if not found:
            raise self.refusal(entity, action, actor, f"'{action}' is not allowed while the {self.entity} is {status}")
        return found

    def decide(
        self,
        entity: E,
        action: str,
        actor: Actor,
        *,
        reason: str = "",
        facts: Facts | None = None,
        public_only: bool = False,
    ) -> Rule[E, C]:
        """The rule that applies, or IllegalAction: source state and actor, reason, then the guards.

        Several rules may share an action and a source (approve now / approve for later): the
        first whose guard passes applies; when none does, the first one's refusal is reported."""
        found = self.candidates(entity, action, actor, public_only=public_only)
        if found[0].needs_reason and not reason.strip():
            raise self.refusal(entity, action, actor, f"'{action}' needs a reason")
        given = facts if facts is not None else {}
        refusals = []
        for candidate in found:
            blocked = candidate.guard(given) if candidate.guard is not None else None
            if blocked is None:
                return candidate
            refusals.append(blocked)
        raise self.refusal(entity, action, actor, f"'{action}' refused: {refusals[0]}")

    def transition(
        self,
        ctx: C,
        entity: E,
        action: str,
        actor: Actor,
        now: datetime,
        *,
        reason: str = "",
        facts: Facts | None = None,
        args: Mapping[str, Any] | None = None,
        public_only: bool = False,
    ) -> Step[E, C]:
        """The only writer of the entity's status: decide, move, record, then the rule's effects."""
        chosen = self.decide(entity, action, actor, reason=reason, facts=facts, public_only=public_only)
        step: Step[E, C] = Step(
            ctx=ctx,
            entity=entity,
            rule=chosen,
            actor=actor,
            now=now,
            from_status=self.status(entity),
            reason=reason,
            facts=facts if facts is not None else {},
            args=args or {},
        )
        if chosen.target is not None:
            cast(Any, entity).status = chosen.target  # the one assignment of a status
        self.record(step)
        for effect in chosen.effects:
            effect(step)
        return step
