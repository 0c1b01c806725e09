"""The application lifecycle: its states, the sets other modules ask about, and its facts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from kit.rules import Actor, Facts, Lifecycle, Rule, fact, rule
from workflow.context import Context
from workflow.history import actor_kinds, recorder
from workflow.models import Application


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    NEEDS_RECONFIRMATION = "needs_reconfirmation"
    WITHDRAWN = "withdrawn"
    OPENED = "opened"
    INVALID = "invalid"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    FIXUP = "fixup"
    RECOMMENDED = "recommended"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"


A = ApplicationStatus
# Sealed and still the applicant's to replace, withdraw or re-confirm: the one definition (the
# submission's quota counts these too).
ACTIVE: tuple[A, ...] = (A.SUBMITTED, A.NEEDS_RECONFIRMATION)
# In the formal check (qualification).
IN_QUALIFICATION: tuple[A, ...] = (A.OPENED, A.ELIGIBLE, A.INELIGIBLE, A.FIXUP)
# Eligible and every state after it: what the ranking, the scores and the 公示 summary read.
REVIEWED: tuple[A, ...] = (A.ELIGIBLE, A.RECOMMENDED, A.AWARDED, A.NOT_AWARDED)


def fixup_lapsed(app: Application, now: datetime) -> bool:
    """A fix-up request whose window closed without an answer."""
    return (
        app.status == A.FIXUP
        and app.fixup_due_at is not None
        and app.fixup_due_at <= now
        and app.fixup_response is None
    )


def fixup_open(app: Application, now: datetime) -> bool:
    """A fix-up request the applicant may still answer."""
    return app.status == A.FIXUP and app.fixup_due_at is not None and now < app.fixup_due_at


def _in_time(facts: Facts) -> str | None:
    return None if facts.get("sealed_in_time") else "sealed after the deadline"


ApplicationRule = Rule[Application, Context]

RULES: tuple[ApplicationRule, ...] = (
    # The applicant's, while the challenge is open (the service checks the challenge and the deadline).
    rule("replace", ACTIVE, A.SUBMITTED, "applicant"),
    rule("withdraw", ACTIVE, A.WITHDRAWN, "applicant"),
    rule("confirm", ACTIVE, A.SUBMITTED, "applicant"),
    rule("require_reconfirmation", ACTIVE, A.NEEDS_RECONFIRMATION, "follows", public=False),  # amended
    # The opening, at the deadline.
    rule("open", {A.SUBMITTED}, A.OPENED, "system", guard=_in_time, public=False),
    rule("invalidate", ACTIVE, A.INVALID, "system", needs_reason=True, public=False),
    # The formal check and its fix-up requests.
    rule("find_eligible", IN_QUALIFICATION, A.ELIGIBLE, "gov"),
    rule("find_ineligible", IN_QUALIFICATION, A.INELIGIBLE, "gov", needs_reason=True),
    rule("request_fixup", IN_QUALIFICATION, A.FIXUP, "gov", needs_reason=True),
    rule("answer_fixup", {A.FIXUP}, None, "applicant", guard=fact("fixup_open", "no open fix-up request")),
    rule(
        "lapse_fixup",
        {A.FIXUP},
        A.INELIGIBLE,
        "follows",
        needs_reason=True,
        guard=fact("fixup_lapsed", "the fix-up window is open or answered"),
        public=False,
    ),
    # Recommendation, its rejection or an upheld objection, and the final award.
    rule("recommend", {A.ELIGIBLE}, A.RECOMMENDED, "follows", public=False),
    rule("unrecommend", {A.RECOMMENDED}, A.ELIGIBLE, "follows", public=False),
    rule("exclude", {A.ELIGIBLE}, A.INELIGIBLE, "follows", needs_reason=True, public=False),
    rule("award", {A.RECOMMENDED}, A.AWARDED, "system", public=False),
    rule("not_award", {A.ELIGIBLE}, A.NOT_AWARDED, "system", public=False),
    # After the award (decision 0105): a winner that forfeits it, and the next ranked one offered it.
    rule("forfeit", {A.AWARDED}, A.NOT_AWARDED, "follows", needs_reason=True, public=False),
    rule("award_next", {A.NOT_AWARDED}, A.AWARDED, "follows", needs_reason=True, public=False),
)
# The formal check's result -> its rule.
QUALIFY = {A.ELIGIBLE: "find_eligible", A.INELIGIBLE: "find_ineligible", A.FIXUP: "request_fixup"}

LIFECYCLE: Lifecycle[Application, Context] = Lifecycle(
    "application", tuple(A), RULES, may_act=actor_kinds(lambda app: app.org_id), record=recorder("application")
)


def facts(app: Application, now: datetime, deadline: datetime | None = None) -> dict[str, bool]:
    """The facts the application rules read, from the row and the clock (and the challenge's deadline)."""
    return {
        "sealed_in_time": app.submitted_at < (deadline or now),
        "fixup_open": fixup_open(app, now),
        "fixup_lapsed": fixup_lapsed(app, now),
    }


def transition(
    ctx: Context,
    app: Application,
    action: str,
    actor: Actor,
    *,
    reason: str = "",
    deadline: datetime | None = None,
) -> None:
    """The only writer of `Application.status`."""
    now = ctx.now()
    LIFECYCLE.transition(ctx, app, action, actor, now, reason=reason, facts=facts(app, now, deadline))
