from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.workdays import WorkingDayCalendar
from workflow.models.calendar import CalendarOverride


def calendar_with_overrides(session: Session) -> WorkingDayCalendar:
    rows = session.execute(select(CalendarOverride.day, CalendarOverride.is_workday)).all()
    return WorkingDayCalendar(dict(rows))
