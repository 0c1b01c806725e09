"""The transition history of a service's lifecycles and the administrative acts they are.

Every service keeps a `status_transitions` table (`TransitionColumns` mixed into its own model):
one row per step that moves a status, written by `recorder`, the `record` of its lifecycles
(kit.rules). Workflow's rows also name their challenge (workflow/history.py); the gateway's and
matching's use these columns as they are (docs/decisions/0096-gateway-and-matching-lifecycles.md).

`audited` is the effect that appends a rule's administrative act to the service's chain
(kit.audit.AdminLog), so that an act's audit line is named on its rule, not by its route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from kit.audit import AdminLog
from kit.clock import Clock
from kit.rules import Actor, Effect, Lifecycle, Rule, Step
from kit.tokens import Principal
from kit.types import UtcDateTime, new_id

E = TypeVar("E")


@dataclass(frozen=True)
class Acting:
    """What the gateway's and matching's effects need: the caller's session, who acts and the clock."""

    session: Session
    principal: Principal | None
    clock: Clock


def actor(principal: Principal) -> Actor:
    """The lifecycle's view of a caller."""
    return Actor(id=principal.subject, roles=principal.roles, org_id=principal.org_id, name=principal.username)


def transition(
    lifecycle: Lifecycle[E, Acting],
    session: Session,
    principal: Principal,
    entity: E,
    action: str,
    clock: Clock,
    *,
    reason: str = "",
) -> Step[E, Acting]:
    """`principal` takes `action` on `entity` through its lifecycle's one writer."""
    ctx = Acting(session, principal, clock)
    return lifecycle.transition(ctx, entity, action, actor(principal), clock.now(), reason=reason)


def administrators(rule: Rule[Any, Any], _: Any, actor: Actor) -> bool:
    """`may_act` of a lifecycle whose every rule is an administrator's ("admin")."""
    return rule.actor == "admin" and "admin" in actor.roles


class StepColumns:
    """What a history row records of a step (`kit.rules.Step.history`), mixed into a declarative model."""

    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class TransitionColumns(StepColumns):
    """The columns of a service's transition history (mixed into its own declarative model)."""

    __tablename__ = "status_transitions"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (Index("ix_status_transitions_entity", "entity", "entity_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))


def recorder(model: type[Any], entity: str) -> Callable[[Step[Any, Acting]], None]:
    """Writes a `model` row for every step that moves the status: who, from, to, why and when."""

    def record(step: Step[Any, Acting]) -> None:
        if step.rule.target is None:
            return
        step.ctx.session.add(model(entity=entity, entity_id=step.entity.id, **step.history()))

    return record


def audited(
    log: AdminLog,
    name: str,
    *,
    data: Callable[[Step[Any, Acting]], dict[str, Any]] | None = None,
    when: Callable[[Step[Any, Acting]], bool] | None = None,
) -> Effect[Any, Acting]:
    """Appends the act `name` ("organisation.verified") on its target ("organisation:<id>") to `log`,
    with the step's reason; `when`: only for the steps it passes."""
    kind = name.split(".", 1)[0]

    def effect(step: Step[Any, Acting]) -> None:
        if when is not None and not when(step):
            return
        extra = data(step) if data is not None else None
        target = f"{kind}:{step.entity.id}"
        log.record(step.ctx.session, step.ctx.principal, name, target, now=step.now, reason=step.reason, data=extra)

    return effect


def moved_from(step: Step[Any, Acting]) -> dict[str, Any]:
    """The audit data of an act that may start from several states: the one it left."""
    return {"from": step.from_status}
