"""Table-driven: for every entity with a status, every (status, action, actor) either is a rule or answers 409."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kit.rules import SYSTEM, Actor, IllegalAction, Lifecycle
from workflow.agreement.lifecycle import LIFECYCLE as AGREEMENTS
from workflow.agreement.milestones import LIFECYCLE as MILESTONES
from workflow.application.lifecycle import LIFECYCLE as APPLICATIONS
from workflow.award.lifecycle import LIFECYCLE as AWARDS
from workflow.challenge.lifecycle import LIFECYCLE as CHALLENGES
from workflow.models import Agreement, AgreementMilestone, Application, Assignment, Award, Challenge, Objection
from workflow.objection.lifecycle import LIFECYCLE as OBJECTIONS
from workflow.review.lifecycle import LIFECYCLE as ASSIGNMENTS

OWNER = Actor(id="u-ent", roles=frozenset({"enterprise"}), org_id="org-1")
GOV = Actor(id="u-gov", roles=frozenset({"gov_reviewer"}), org_id="gov")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
OTHER_VENDOR = Actor(id="u-w", roles=frozenset({"vendor"}), org_id="org-2")
EXPERT = Actor(id="u-exp", roles=frozenset({"expert"}), org_id="org-9")
OTHER_EXPERT = Actor(id="u-exp2", roles=frozenset({"expert"}), org_id="org-9")
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

    def actor_for(self, kind: str) -> Actor:
        return self.actors.get(kind, GOV)  # "follows": whoever took the challenge step


def _expected(rules: list[Any], kind: str) -> Any:
    """The rule an actor of `kind` gets: its own kind's, or one that follows from a challenge step."""
    return next((r for r in rules if r.actor in (kind, "follows")), None)


ENTITIES = {
    "challenge": Entity(
        CHALLENGES,
        lambda status: Challenge(id="c", status=status, version=1, owner_org_id="org-1"),
        {"owner": OWNER, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
    ),
    "application": Entity(
        APPLICATIONS,
        lambda status: Application(id="a", challenge_id="c", status=status, org_id="org-1", submitted_at=NOW),
        {"applicant": VENDOR, "gov": GOV, "system": SYSTEM, "outsider": OTHER_VENDOR},
    ),
    "award": Entity(
        AWARDS,
        lambda status: Award(id="w", challenge_id="c", status=status, recommended_by="u-gov2"),
        {"gov": GOV, "system": SYSTEM, "outsider": VENDOR},
    ),
    "objection": Entity(
        OBJECTIONS,
        lambda status: Objection(id="o", challenge_id="c", status=status, filed_by="u-v"),
        {"gov": GOV, "system": SYSTEM, "outsider": VENDOR},
    ),
    "assignment": Entity(
        ASSIGNMENTS,
        lambda status: Assignment(id="x", challenge_id="c", status=status, expert_id="u-exp"),
        {"expert": EXPERT, "gov": GOV, "system": SYSTEM, "outsider": OTHER_EXPERT},
    ),
    # The owner is org-1's enterprise user, the winner org-2's vendor; org-1's vendor is neither.
    "agreement": Entity(
        AGREEMENTS,
        lambda status: Agreement(id="g", challenge_id="c", status=status, owner_org_id="org-1", winner_org_id="org-2"),
        {"owner": OWNER, "winner": OTHER_VENDOR, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
    ),
    "milestone": Entity(
        MILESTONES,
        lambda status: AgreementMilestone(
            id="m", challenge_id="c", status=status, owner_org_id="org-1", winner_org_id="org-2"
        ),
        {"owner": OWNER, "winner": OTHER_VENDOR, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
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
        expected = _expected(rules, kind)
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
            e.lifecycle.decide(e.make(source), r.action, e.actor_for(r.actor), reason=" ", facts=EveryFactHolds())


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_guard_refuses_when_no_fact_holds(entity: str) -> None:
    e = ENTITIES[entity]
    for r in (r for r in e.lifecycle.rules if r.guard is not None):
        source = sorted(r.sources)[0]
        with pytest.raises(IllegalAction, match="refused"):
            e.lifecycle.decide(e.make(source), r.action, e.actor_for(r.actor), reason="因为", facts={"missing": ["x"]})


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


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_state_is_reachable_or_initial(entity: str) -> None:
    """No dead state in a table: each is a rule's target, or the state rows are created in."""
    initial = {"challenge": "draft", "application": "submitted", "award": "recommended"}
    initial |= {"objection": "submitted", "assignment": "assigned", "agreement": "draft", "milestone": "scheduled"}
    lifecycle = ENTITIES[entity].lifecycle
    targets = {r.target for r in lifecycle.rules if r.target is not None}
    assert set(lifecycle.states) == targets | {initial[entity]}


def test_only_the_writer_assigns_a_status() -> None:
    """`.status = ` appears in the one writer (kit.rules.Lifecycle.transition), nowhere else in the workflow."""
    services = Path(__file__).resolve().parents[2] / "services"
    found = [
        f"{path.relative_to(services)}:{n}"
        for folder in ("workflow", "kit")
        for path in sorted((services / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.status = ", line)
    ]
    assert [f.split(":")[0] for f in found] == ["kit/kit/rules.py"], found
