"""Chinese working-day arithmetic (holidays and 调休 make-up days), Asia/Shanghai.

`chinese_calendar` knows the State Council's published years; overrides (kept by the service
in an admin-editable table) win over it, and for years it does not know yet the rule falls
back to Monday–Friday.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

import chinese_calendar
import chinese_calendar.constants

from kit.clock import SHANGHAI, as_utc


def published_years() -> list[int]:
    """The years whose State Council holiday notice `chinese_calendar` carries."""
    return sorted({day.year for day in chinese_calendar.constants.holidays})


class WorkingDayCalendar:
    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def is_workday(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """End of the `days`-th full working day after `start` (Shanghai midnight, as UTC).

        The day of `start` itself does not count, as notice periods are counted from the day after
        publication.
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        local_day = as_utc(start).astimezone(SHANGHAI).date()
        counted = 0
        while counted < days:
            local_day += timedelta(days=1)
            if self.is_workday(local_day):
                counted += 1
        end_local = datetime.combine(local_day + timedelta(days=1), time.min, tzinfo=SHANGHAI)
        return end_local.astimezone(as_utc(start).tzinfo)
