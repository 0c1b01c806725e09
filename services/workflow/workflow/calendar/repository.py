"""The working-day calendar as operated data: entered days, the years confirmed against their notice,
and what a confirmation does to the periods already running."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kit.app import Degraded
from kit.clock import to_shanghai
from kit.workdays import PeriodEnd, WorkingDayCalendar
from workflow.models.calendar import CalendarOverride, CalendarYear
from workflow.models.challenge import Challenge

PUBLICITY = "publicity"  # the challenge status whose end is a working-day period (kept in step with lifecycle)
# From this day of the year the next year's arrangement is due (the State Council publishes it around November).
NEXT_YEAR_DUE = (11, 1)


def confirmed_years(session: Session) -> set[int]:
    return set(session.scalars(select(CalendarYear.year).where(CalendarYear.status == "confirmed")))


def calendar_with_overrides(session: Session) -> WorkingDayCalendar:
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.is_workday)).all()
    entered: dict[date, bool] = dict(rows)
    return WorkingDayCalendar(entered, confirmed_years(session))


def accelerated(start: datetime, end: PeriodEnd, acceleration: float) -> PeriodEnd:
    """The period shrunk by the sandbox acceleration factor (1 in production)."""
    return PeriodEnd(start + (end.ends_at - start) / acceleration, end.unconfirmed_years)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def days_of(session: Session, year: int) -> list[CalendarOverride]:
    first, last = year_bounds(year)
    return list(
        session.scalars(
            select(CalendarOverride)
            .where(CalendarOverride.day >= first, CalendarOverride.day <= last)
            .order_by(CalendarOverride.day)
        )
    )


def provisional_periods(session: Session) -> int:
    """Running 公示 periods whose end is an estimate."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Challenge)
            .where(Challenge.status == PUBLICITY, Challenge.publicity_ends_provisional.is_(True))
        )
        or 0
    )


def next_year_readiness(session: Session, now: datetime) -> Degraded | None:
    """From 1 November (Shanghai) the next year's arrangement should be confirmed; until it is the service
    still computes (estimates, flagged provisional), so this degrades readiness, it does not fail it."""
    today = to_shanghai(now).date()
    if (today.month, today.day) < NEXT_YEAR_DUE:
        return None
    year = today.year + 1
    if year in confirmed_years(session):
        return None
    return Degraded(f"{year} 年节假日安排未确认 (the {year} holiday arrangement is not confirmed)")


def working_days_after(session: Session, start: datetime, days: int, acceleration: float) -> PeriodEnd:
    return accelerated(start, calendar_with_overrides(session).add_working_days(start, days), acceleration)
