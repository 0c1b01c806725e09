"""The working-day calendar as operated data: the days an admin entered, each year's arrangement confirmed
against its State Council notice, and a preview of what the calendar computes."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from kit.auth import AdminUser
from kit.errors import problem_responses
from kit.types import Moment
from workflow.calendar import schemas as s
from workflow.calendar import service
from workflow.context import Ctx

router = APIRouter(prefix="/calendar", tags=["calendar"])

YearParam = Annotated[int, Path(ge=2000, le=2100, description="公历年份")]


@router.get("/overrides", response_model=list[s.Override])
def list_overrides(ctx: Ctx) -> list[s.Override]:
    return service.overrides(ctx)


@router.put("/overrides/{day}", response_model=s.Override, responses=problem_responses(401, 403))
def put_override(day: date, body: s.OverrideIn, admin: AdminUser, ctx: Ctx) -> s.Override:
    return service.set_day(ctx, admin, day, body)


@router.delete("/overrides/{day}", status_code=204, responses=problem_responses(401, 403, 404))
def delete_override(day: date, admin: AdminUser, ctx: Ctx) -> None:
    service.remove_day(ctx, admin, day)


@router.get("/workdays", response_model=s.WorkdayPreview)
def preview(ctx: Ctx, start: Moment, working_days: Annotated[int, Query(ge=0, le=60)]) -> s.WorkdayPreview:
    """When a period of `working_days` Chinese working days that starts at `start` ends (Asia/Shanghai days),
    and whether that end is an estimate because it counts days of a year not confirmed yet."""
    return service.preview(ctx, start, working_days)


@router.get("/years", response_model=list[s.YearSummary])
def list_years(ctx: Ctx) -> list[s.YearSummary]:
    """The years with an arrangement entered, and always this year and the next (Asia/Shanghai)."""
    return service.years(ctx)


@router.get("/years/{year}", response_model=s.Year)
def get_year(year: YearParam, ctx: Ctx) -> s.Year:
    return service.year_view(ctx, year)


@router.put("/years/{year}", response_model=s.Year, responses=problem_responses(401, 403))
def put_source(year: YearParam, body: s.YearSource, admin: AdminUser, ctx: Ctx) -> s.Year:
    """Name the notice a year's arrangement comes from (a draft until confirmed)."""
    return service.set_source(ctx, admin, year, body)


@router.post(
    "/years/{year}/import",
    response_model=s.Year,
    responses=problem_responses(401, 403, 409, 422),
)
def import_year(year: YearParam, body: s.YearImport, admin: AdminUser, ctx: Ctx) -> s.Year:
    """Replace a draft year's days with the file's (every row checked first: a 422 lists each bad row)."""
    return service.import_year(ctx, admin, year, body)


@router.post("/years/{year}/prefill", response_model=s.Year, responses=problem_responses(401, 403, 409))
def prefill(year: YearParam, admin: AdminUser, ctx: Ctx) -> s.Year:
    """A draft from the shipped library data (days already entered are kept). It never confirms the year."""
    return service.prefill(ctx, admin, year)


@router.post("/years/{year}/confirm", response_model=s.Confirmation, responses=problem_responses(401, 403, 409, 422))
def confirm(year: YearParam, admin: AdminUser, ctx: Ctx) -> s.Confirmation:
    """The year's days become the arrangement; every running 公示 is counted again, and each change is
    notified and written to its challenge's audit chain."""
    return service.confirm(ctx, admin, year)
