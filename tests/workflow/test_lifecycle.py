"""Table-driven: for every entity with a status, every (status, action, actor) either is a rule or answers 409."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import get_args

import pytest

from kit.rules import SYSTEM, Actor, IllegalAction
from tests.support.lifecycles import Entity, table_tests
from workflow.agreement.acceptance import PANEL as ACCEPTANCE_REVIEWS
from workflow.agreement.lifecycle import LIFECYCLE as AGREEMENTS
from workflow.agreement.milestones import LIFECYCLE as MILESTONES
from workflow.application.lifecycle import LIFECYCLE as APPLICATIONS
from workflow.award.lifecycle import LIFECYCLE as AWARDS
from workflow.calendar.lifecycle import LIFECYCLE as YEARS
from workflow.calendar.schemas import YearStatus
from workflow.challenge.lifecycle import LIFECYCLE as CHALLENGES
from workflow.models import (
    AcceptanceReview,
    Agreement,
    AgreementMilestone,
    Application,
    Assignment,
    Award,
    CalendarYear,
    Challenge,
    Objection,
    Question,
)
from workflow.objection.lifecycle import LIFECYCLE as OBJECTIONS
from workflow.question.lifecycle import LIFECYCLE as QUESTIONS
from workflow.review.lifecycle import LIFECYCLE as ASSIGNMENTS

OWNER = Actor(id="u-ent", roles=frozenset({"enterprise"}), org_id="org-1")
GOV = Actor(id="u-gov", roles=frozenset({"gov_reviewer"}), org_id="gov")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
OTHER_VENDOR = Actor(id="u-w", roles=frozenset({"vendor"}), org_id="org-2")
EXPERT = Actor(id="u-exp", roles=frozenset({"expert"}), org_id="org-9")
OTHER_EXPERT = Actor(id="u-exp2", roles=frozenset({"expert"}), org_id="org-9")
ADMIN = Actor(id="u-admin", roles=frozenset({"admin"}), org_id="op")
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def _question(status: str) -> Question:
    q = Question(id="q", challenge_id="c", status=status, asker_id="u-v")
    q.challenge = Challenge(id="c", status="open", version=1, owner_org_id="org-1")
    return q


ENTITIES = {
    "challenge": Entity(
        CHALLENGES,
        lambda status: Challenge(id="c", status=status, version=1, owner_org_id="org-1"),
        {"owner": OWNER, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
        "draft",
        GOV,
    ),
    "application": Entity(
        APPLICATIONS,
        lambda status: Application(id="a", challenge_id="c", status=status, org_id="org-1", submitted_at=NOW),
        {"applicant": VENDOR, "gov": GOV, "system": SYSTEM, "outsider": OTHER_VENDOR},
        "submitted",
        GOV,
    ),
    "award": Entity(
        AWARDS,
        lambda status: Award(id="w", challenge_id="c", status=status, recommended_by="u-gov2"),
        {"gov": GOV, "system": SYSTEM, "outsider": VENDOR},
        "recommended",
        GOV,
    ),
    "objection": Entity(
        OBJECTIONS,
        lambda status: Objection(id="o", challenge_id="c", status=status, filed_by="u-v"),
        {"gov": GOV, "system": SYSTEM, "outsider": VENDOR},
        "submitted",
        GOV,
    ),
    "assignment": Entity(
        ASSIGNMENTS,
        lambda status: Assignment(id="x", challenge_id="c", status=status, expert_id="u-exp"),
        {"expert": EXPERT, "gov": GOV, "system": SYSTEM, "outsider": OTHER_EXPERT},
        "assigned",
        GOV,
    ),
    "question": Entity(QUESTIONS, _question, {"owner": OWNER, "outsider": OTHER_VENDOR}, "submitted"),
    "calendar_year": Entity(
        YEARS, lambda status: CalendarYear(year=2027, status=status), {"admin": ADMIN, "outsider": GOV}, "draft"
    ),
    # The owner is org-1's enterprise user, the winner org-2's vendor; org-1's vendor is neither.
    "agreement": Entity(
        AGREEMENTS,
        lambda status: Agreement(id="g", challenge_id="c", status=status, owner_org_id="org-1", winner_org_id="org-2"),
        {"owner": OWNER, "winner": OTHER_VENDOR, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
        "draft",
        OWNER,
    ),
    "milestone": Entity(
        MILESTONES,
        lambda status: AgreementMilestone(
            id="m", challenge_id="c", status=status, owner_org_id="org-1", winner_org_id="org-2"
        ),
        {"owner": OWNER, "winner": OTHER_VENDOR, "gov": GOV, "system": SYSTEM, "outsider": VENDOR},
        "scheduled",
    ),
    "acceptance_review": Entity(
        ACCEPTANCE_REVIEWS,
        lambda status: AcceptanceReview(id="r", challenge_id="c", status=status, expert_id="u-exp"),
        {"expert": EXPERT, "gov": GOV, "system": SYSTEM, "outsider": OTHER_EXPERT},
        "assigned",
        GOV,
    ),
}


test_every_pair, test_reasons, test_guards, test_reachable = table_tests(ENTITIES)


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


def test_a_years_wire_status_is_its_lifecycle_or_no_row_yet() -> None:
    assert get_args(YearStatus) == ("unconfirmed", *YEARS.states)
