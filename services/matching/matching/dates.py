"""Small date helpers: the business day is Asia/Shanghai's."""

from __future__ import annotations

from datetime import date, datetime

from kit.clock import Clock, to_shanghai


def today(clock: Clock) -> date:
    return to_shanghai(clock.now()).date()


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def epoch(value: datetime | date | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return int(value.timestamp())
    return int(datetime(value.year, value.month, value.day, 15, 59, 59).timestamp())  # 23:59:59 Shanghai
