"""The lifecycle of a year's working-day arrangement: a draft until an admin confirms it against the
notice it came from.

A year belongs to no challenge, so its step has no row in `status_transitions` (whose rows name their
challenge): the year keeps who confirmed it and when, and each 公示 end it moves is written to that
challenge's audit chain (calendar/periods.py)."""

from __future__ import annotations

from enum import StrEnum

from kit.history import administrators
from kit.rules import Lifecycle, Rule, Step, rule
from workflow.context import Context
from workflow.models import CalendarYear


class YearStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"


S = YearStatus
YearStep = Step[CalendarYear, Context]


def _confirmed(step: YearStep) -> None:
    row = step.entity
    row.confirmed_by = row.updated_by = step.actor.id
    row.confirmed_at = row.updated_at = step.now


RULES: tuple[Rule[CalendarYear, Context], ...] = (
    rule("confirm", {S.DRAFT}, S.CONFIRMED, "admin", effects=(_confirmed,)),
)


def _kept_on_the_row(_: YearStep) -> None:
    """Nothing to write: see the module's note."""


LIFECYCLE: Lifecycle[CalendarYear, Context] = Lifecycle(
    "calendar_year", tuple(S), RULES, may_act=administrators, record=_kept_on_the_row
)
