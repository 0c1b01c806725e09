from datetime import UTC, date, datetime

from kit.clock import SHANGHAI
from kit.workdays import WorkingDayCalendar, library_arrangement


def shanghai(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_national_day_golden_week_is_skipped_and_the_library_estimate_is_provisional() -> None:
    cal = WorkingDayCalendar()
    # 2025: 1–8 October are holidays and Saturday 11 October is a make-up working day (调休).
    assert not cal.is_workday(date(2025, 10, 3))
    assert cal.is_workday(date(2025, 10, 11))
    assert cal.source(date(2025, 10, 11)) == "library"
    end = cal.add_working_days(shanghai(2025, 9, 30), 5)
    # Working days after 30 Sep: 9 Oct (Thu), 10 Oct (Fri), 11 Oct (Sat, 调休), 13 Oct, 14 Oct.
    assert end.ends_at.astimezone(SHANGHAI) == shanghai(2025, 10, 15, 0)
    assert end.provisional
    assert end.unconfirmed_years == (2025,)


def test_a_confirmed_year_counts_only_the_entered_days() -> None:
    # Confirmed with the 2025 arrangement left out: the library's 调休 Saturday no longer counts.
    cal = WorkingDayCalendar({date(2025, 10, 1): False}, confirmed_years=[2025])
    assert not cal.is_workday(date(2025, 10, 11))
    assert cal.is_workday(date(2025, 10, 2))
    assert cal.source(date(2025, 10, 2)) == "weekday_rule"
    end = cal.add_working_days(shanghai(2025, 9, 30), 2)
    assert end.ends_at.astimezone(SHANGHAI) == shanghai(2025, 10, 4, 0)
    assert not end.provisional


def test_ordinary_week_counts_monday_to_friday() -> None:
    cal = WorkingDayCalendar(confirmed_years=[2025])
    end = cal.add_working_days(shanghai(2025, 11, 14), 5)  # a Friday
    assert end.ends_at.astimezone(SHANGHAI) == shanghai(2025, 11, 22, 0)  # end of Friday 21st
    assert not end.provisional


def test_unknown_years_are_estimated_by_weekdays_and_named() -> None:
    cal = WorkingDayCalendar({date(2031, 5, 5): False})
    assert not cal.is_workday(date(2031, 5, 5))  # a Monday made a holiday by an entered day
    assert cal.is_workday(date(2031, 5, 6))
    assert cal.source(date(2031, 5, 6)) == "weekday_rule"
    assert not cal.is_workday(date(2031, 5, 10))  # Saturday
    end = cal.add_working_days(shanghai(2030, 12, 30), 3)
    assert end.unconfirmed_years == (2030, 2031)


def test_result_is_utc_when_start_is_utc() -> None:
    cal = WorkingDayCalendar()
    end = cal.add_working_days(datetime(2025, 11, 17, 2, tzinfo=UTC), 1)
    assert end.ends_at == datetime(2025, 11, 18, 16, tzinfo=UTC)  # midnight 19 Nov in Shanghai


def test_library_arrangement_lists_the_2026_spring_festival_and_nothing_for_2027() -> None:
    days = {d: (w, n) for d, w, n in library_arrangement(2026)}
    assert days[date(2026, 2, 14)] == (True, "Spring Festival")  # the 调休 Saturday
    assert days[date(2026, 2, 16)][0] is False
    assert date(2026, 2, 15) not in days  # a Sunday off is no exception
    assert library_arrangement(2027) == []
