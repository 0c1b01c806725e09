"""The admin-editable overrides of the working-day calendar, and a preview of what they compute."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from kit.auth import AdminUser
from kit.clock import SHANGHAI
from kit.errors import NotFound, problem_responses
from kit.types import Moment, computed_moment
from kit.workdays import published_years
from workflow.calendar.schemas import CalendarYears, Override, OverrideIn, WorkdayPreview
from workflow.calendar.service import calendar_with_overrides
from workflow.context import Ctx
from workflow.models.calendar import CalendarOverride

router = APIRouter(prefix="/calendar", tags=["calendar"])


@router.get("/overrides", response_model=list[Override])
def list_overrides(ctx: Ctx) -> list[Override]:
    rows = ctx.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
    return [Override.model_validate(r) for r in rows]


@router.put("/overrides/{day}", response_model=Override, responses=problem_responses(401, 403))
def put_override(day: date, body: OverrideIn, admin: AdminUser, ctx: Ctx) -> Override:
    row = ctx.session.get(CalendarOverride, day)
    if row is None:
        row = CalendarOverride(day=day)
        ctx.session.add(row)
    row.is_workday, row.note, row.updated_by, row.updated_at = body.is_workday, body.note, admin.subject, ctx.now()
    ctx.session.flush()
    return Override.model_validate(row)


@router.delete("/overrides/{day}", status_code=204, responses=problem_responses(401, 403, 404))
def delete_override(day: date, _: AdminUser, ctx: Ctx) -> None:
    row = ctx.session.get(CalendarOverride, day)
    if row is None:
        raise NotFound(f"{day} 没有调整记录。 No override for {day}.")
    ctx.session.delete(row)


@router.get("/years", response_model=CalendarYears)
def years(ctx: Ctx) -> CalendarYears:
    """Which years the platform knows holidays for, so an operator sees a missing notice before it bites."""
    days = ctx.session.scalars(select(CalendarOverride.day))
    overridden = sorted({d.year for d in days})
    published = published_years()
    coming = ctx.now().astimezone(SHANGHAI).year + 1
    return CalendarYears(
        published=published,
        overridden=overridden,
        coming_year=coming,
        coming_year_covered=coming in published or coming in overridden,
    )


@router.get("/workdays", response_model=WorkdayPreview)
def preview(ctx: Ctx, start: Moment, working_days: Annotated[int, Query(ge=0, le=60)]) -> WorkdayPreview:
    """When a period of `working_days` Chinese working days that starts at `start` ends (Asia/Shanghai days)."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=ctx.now().tzinfo)
    calendar = calendar_with_overrides(ctx.session)
    ends = computed_moment(lambda: calendar.add_working_days(start, working_days), field="start")
    return WorkdayPreview(start=start, working_days=working_days, ends_at=ends)
