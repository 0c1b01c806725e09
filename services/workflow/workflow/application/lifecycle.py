"""The application lifecycle: its states, the sets other modules ask about, and its facts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

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
