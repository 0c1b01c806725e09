"""Chinese working-day arithmetic (holidays and 调休 make-up days), Asia/Shanghai.

A year is *confirmed* when the operators have entered the State Council's arrangement for it: its
days are then exactly the entered ones (holidays, make-up working days) over Monday–Friday. Every
other year is an estimate: entered days first, then the shipped `chinese_calendar` data where it
knows the year, then Monday–Friday. A period that counts a day of an unconfirmed year says so
(`PeriodEnd.provisional`), so no caller can take an estimate for the arrangement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

import chinese_calendar
import chinese_calendar.constants

from kit.clock import SHANGHAI, as_utc

DaySource = Literal["entered", "library", "weekday_rule"]


@dataclass(frozen=True)
class PeriodEnd:
    """When a working-day period ends, and which unconfirmed years the count relied on."""

    ends_at: datetime
    unconfirmed_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.unconfirmed_years)


def library_day(day: date) -> bool | None:
    """What the shipped library says of `day` (True: a working day), or None for a year it does not know."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def library_arrangement(year: int) -> list[tuple[date, bool, str]]:
    """The library's holidays and make-up working days of `year` that differ from Monday–Friday
    (day, is_workday, name); empty for a year it does not know."""
    out: list[tuple[date, bool, str]] = []
    day = date(year, 1, 1)
    while day.year == year:
        known = library_day(day)
        if known is not None and known != (day.weekday() < 5):
            _, name = chinese_calendar.get_holiday_detail(day)
            out.append((day, known, str(name or ("调休上班" if known else "休息日"))))
        day += timedelta(days=1)
    return out


def published_years() -> list[int]:
    """The years whose State Council holiday notice `chinese_calendar` carries."""
    return sorted({day.year for day in chinese_calendar.constants.holidays})


class WorkingDayCalendar:
    def __init__(self, entered: Mapping[date, bool] | None = None, confirmed_years: Iterable[int] = ()) -> None:
        self._entered = dict(entered or {})
        self._confirmed = frozenset(confirmed_years)

    def is_confirmed(self, year: int) -> bool:
        return year in self._confirmed

    def source(self, day: date) -> DaySource:
        if day in self._entered:
            return "entered"
        if day.year not in self._confirmed and library_day(day) is not None:
            return "library"
        return "weekday_rule"

    def is_workday(self, day: date) -> bool:
        if day in self._entered:
            return self._entered[day]
        if day.year not in self._confirmed:
            known = library_day(day)
            if known is not None:
                return known
        return day.weekday() < 5

    def working_days_before(self, day: date, days: int) -> date:
        """The working day `days` working days before `day` (`day` itself not counted): when a
        reminder that many working days ahead of a deadline on `day` comes due."""
        counted = 0
        while counted < days:
            day -= timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_working_days(self, start: datetime, days: int) -> PeriodEnd:
        """End of the `days`-th full working day after `start` (Shanghai midnight, in `start`'s zone).

        The day of `start` itself does not count, as notice periods are counted from the day after
        publication. Every year a counted day falls in that is not confirmed is named in the result.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        local_day = as_utc(start).astimezone(SHANGHAI).date()
        counted = 0
        unconfirmed: set[int] = set()
        while counted < days:
            local_day += timedelta(days=1)
            if local_day.year not in self._confirmed:
                unconfirmed.add(local_day.year)
            if self.is_workday(local_day):
                counted += 1
        end_local = datetime.combine(local_day + timedelta(days=1), time.min, tzinfo=SHANGHAI)
        return PeriodEnd(end_local.astimezone(as_utc(start).tzinfo), tuple(sorted(unconfirmed)))
