from datetime import UTC, date, datetime

from kit.clock import SHANGHAI
from kit.workdays import WorkingDayCalendar


def shanghai(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_national_day_golden_week_is_skipped() -> None:
    cal = WorkingDayCalendar()
    # 2025: 1–8 October are holidays and Saturday 11 October is a make-up working day (调休).
    assert not cal.is_workday(date(2025, 10, 3))
    assert cal.is_workday(date(2025, 10, 11))
    end = cal.add_working_days(shanghai(2025, 9, 30), 5)
    # Working days after 30 Sep: 9 Oct (Thu), 10 Oct (Fri), 11 Oct (Sat, 调休), 13 Oct, 14 Oct.
    assert end.astimezone(SHANGHAI) == shanghai(2025, 10, 15, 0)


def test_ordinary_week_counts_monday_to_friday() -> None:
    cal = WorkingDayCalendar()
    end = cal.add_working_days(shanghai(2025, 11, 14), 5)  # a Friday
    assert end.astimezone(SHANGHAI) == shanghai(2025, 11, 22, 0)  # end of Friday 21st
    assert end.tzinfo == SHANGHAI or end.utcoffset() is not None


def test_overrides_win_and_unknown_years_fall_back_to_weekdays() -> None:
    cal = WorkingDayCalendar({date(2031, 5, 5): False})
    assert not cal.is_workday(date(2031, 5, 5))  # a Monday made a holiday by override
    assert cal.is_workday(date(2031, 5, 6))
    assert not cal.is_workday(date(2031, 5, 10))  # Saturday


def test_result_is_utc_when_start_is_utc() -> None:
    cal = WorkingDayCalendar()
    end = cal.add_working_days(datetime(2025, 11, 17, 2, tzinfo=UTC), 1)
    assert end == datetime(2025, 11, 18, 16, tzinfo=UTC)  # midnight 19 Nov in Shanghai
