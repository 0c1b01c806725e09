"""What the calendar's admin routes do: the days an admin enters, each year's arrangement named,
imported or prefilled as a draft and confirmed against its State Council notice (which counts every
running 公示 again), and the preview of what the calendar computes. Every change is in the admin log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select

from kit.clock import to_shanghai
from kit.errors import Conflict, NotFound, UnprocessableContent
from kit.history import actor
from kit.tokens import Principal
from kit.types import computed_moment
from kit.workdays import PeriodEnd, library_arrangement, library_day
from workflow import admin_audit
from workflow.calendar import imports
from workflow.calendar import schemas as s
from workflow.calendar.lifecycle import LIFECYCLE
from workflow.calendar.periods import recompute_open_periods
from workflow.calendar.repository import calendar_with_overrides, days_of, year_bounds
from workflow.context import Context
from workflow.models.calendar import CalendarOverride, CalendarYear


def _kind(row: CalendarOverride) -> s.DayKind:
    if not row.is_workday:
        return "holiday"
    return "makeup_workday" if row.day.weekday() >= 5 else "workday"


def year_view(ctx: Context, year: int) -> s.Year:
    row = ctx.session.get(CalendarYear, year)
    days = [
        s.YearDay(day=d.day, is_workday=d.is_workday, kind=_kind(d), note=d.note) for d in days_of(ctx.session, year)
    ]
    return s.Year(
        year=year,
        status="unconfirmed" if row is None else row.status,
        source_title=row.source_title if row else "",
        source_date=row.source_date if row else None,
        updated_by=row.updated_by if row else None,
        updated_at=row.updated_at if row else None,
        confirmed_by=row.confirmed_by if row else None,
        confirmed_at=row.confirmed_at if row else None,
        library_known=library_day(date(year, 6, 1)) is not None,
        days=days,
    )


def _draft(ctx: Context, year: int, admin: str) -> CalendarYear:
    row = ctx.session.get(CalendarYear, year, with_for_update=True)
    if row is None:
        row = CalendarYear(year=year, status="draft", source_title="", updated_by=admin, updated_at=ctx.now())
        ctx.session.add(row)
    return row


def _refuse_if_confirmed(row: CalendarYear) -> None:
    if row.status == "confirmed":
        raise Conflict(
            f"{row.year} 年安排已确认，请逐日修改。 {row.year} is confirmed: edit its days one by one.",
            code="calendar-year-confirmed",
        )


def _after_day_change(ctx: Context, day: date, admin: str) -> None:
    """A day changed in a confirmed year changes the arrangement the running periods were counted on."""
    row = ctx.session.get(CalendarYear, day.year)
    if row is not None and row.status == "confirmed":
        ctx.session.flush()
        recompute_open_periods(ctx, f"user:{admin}", f"calendar.day_changed:{day.isoformat()}")


def _record(ctx: Context, admin: Principal, action: str, target: str, **data: object) -> None:
    admin_audit.record(ctx.session, admin, action, target, now=ctx.now(), data=data)


def overrides(ctx: Context) -> list[s.Override]:
    rows = ctx.session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
    return [s.Override.model_validate(r) for r in rows]


def set_day(ctx: Context, admin: Principal, day: date, body: s.OverrideIn) -> s.Override:
    row = ctx.session.get(CalendarOverride, day)
    before = None if row is None else {"is_workday": row.is_workday, "note": row.note}
    if row is None:
        row = CalendarOverride(day=day)
        ctx.session.add(row)
    row.is_workday, row.note, row.updated_by, row.updated_at = body.is_workday, body.note, admin.subject, ctx.now()
    _record(
        ctx,
        admin,
        "calendar.day_set",
        f"day:{day.isoformat()}",
        is_workday=body.is_workday,
        note=body.note,
        before=before,
    )
    ctx.session.flush()
    _after_day_change(ctx, day, admin.subject)
    return s.Override.model_validate(row)


def remove_day(ctx: Context, admin: Principal, day: date) -> None:
    row = ctx.session.get(CalendarOverride, day)
    if row is None:
        raise NotFound(f"{day} 没有调整记录。 No override for {day}.")
    before = {"is_workday": row.is_workday, "note": row.note}
    _record(ctx, admin, "calendar.day_removed", f"day:{day.isoformat()}", before=before)
    ctx.session.delete(row)
    ctx.session.flush()
    _after_day_change(ctx, day, admin.subject)


def preview(ctx: Context, start: datetime, working_days: int) -> s.WorkdayPreview:
    if start.tzinfo is None:
        start = start.replace(tzinfo=ctx.now().tzinfo)
    calendar = calendar_with_overrides(ctx.session)
    results: list[PeriodEnd] = []

    def compute() -> datetime:
        results.append(calendar.add_working_days(start, working_days))
        return results[-1].ends_at

    ends = computed_moment(compute, field="start")
    result = results[-1]
    return s.WorkdayPreview(
        start=start,
        working_days=working_days,
        ends_at=ends,
        provisional=result.provisional,
        unconfirmed_years=list(result.unconfirmed_years),
    )


def years(ctx: Context) -> list[s.YearSummary]:
    this_year = to_shanghai(ctx.now()).year
    rows = {r.year: r for r in ctx.session.scalars(select(CalendarYear))}
    out = []
    for year in sorted(set(rows) | {this_year, this_year + 1}):
        row = rows.get(year)
        out.append(
            s.YearSummary(
                year=year,
                status="unconfirmed" if row is None else row.status,
                source_title=row.source_title if row else "",
                days=len(days_of(ctx.session, year)),
            )
        )
    return out


def set_source(ctx: Context, admin: Principal, year: int, body: s.YearSource) -> s.Year:
    row = _draft(ctx, year, admin.subject)
    row.source_title, row.source_date = body.source_title, body.source_date
    row.updated_by, row.updated_at = admin.subject, ctx.now()
    source = {"source_title": body.source_title, "source_date": str(body.source_date) if body.source_date else None}
    _record(ctx, admin, "calendar.year_source_set", f"year:{year}", **source)
    ctx.session.flush()
    return year_view(ctx, year)


def import_year(ctx: Context, admin: Principal, year: int, body: s.YearImport) -> s.Year:
    try:
        days = imports.parse(year, body.format, body.content)
    except imports.ImportInvalid as exc:
        first = exc.errors[0]
        raise UnprocessableContent(
            f"第 {first.row} 行 {first.field}：{first.message}（共 {len(exc.errors)} 处错误）",
            code="calendar-import-invalid",
            errors=[e.model_dump() for e in exc.errors],
        ) from exc
    row = _draft(ctx, year, admin.subject)
    _refuse_if_confirmed(row)
    first_day, last_day = year_bounds(year)
    ctx.session.execute(delete(CalendarOverride).where(CalendarOverride.day.between(first_day, last_day)))
    now = ctx.now()
    for d in days:
        note = d.name or ("调休上班" if d.is_workday else "放假")
        ctx.session.add(
            CalendarOverride(day=d.day, is_workday=d.is_workday, note=note, updated_by=admin.subject, updated_at=now)
        )
    row.source_title, row.source_date = body.source_title, body.source_date
    row.updated_by, row.updated_at = admin.subject, now
    holidays = sum(1 for d in days if not d.is_workday)
    counts = {"format": body.format, "holidays": holidays, "makeup_workdays": len(days) - holidays}
    _record(ctx, admin, "calendar.year_imported", f"year:{year}", source_title=body.source_title, **counts)
    ctx.session.flush()
    return year_view(ctx, year)


def prefill(ctx: Context, admin: Principal, year: int) -> s.Year:
    row = _draft(ctx, year, admin.subject)
    _refuse_if_confirmed(row)
    now = ctx.now()
    added = 0
    for day, is_workday, name in library_arrangement(year):
        if ctx.session.get(CalendarOverride, day) is None:
            added += 1
            ctx.session.add(
                CalendarOverride(
                    day=day, is_workday=is_workday, note=f"{name}（库数据）", updated_by=admin.subject, updated_at=now
                )
            )
    row.updated_by, row.updated_at = admin.subject, now
    _record(ctx, admin, "calendar.year_prefilled", f"year:{year}", days_added=added)
    ctx.session.flush()
    return year_view(ctx, year)


def confirm(ctx: Context, admin: Principal, year: int) -> s.Confirmation:
    row = ctx.session.get(CalendarYear, year, with_for_update=True)
    if row is None or not row.source_title or row.source_date is None:
        raise UnprocessableContent(
            "确认前须填写通知标题和日期。 Name the notice (title and date) before confirming.",
            code="calendar-source-missing",
            field="source_title",
        )
    _refuse_if_confirmed(row)
    if not days_of(ctx.session, year):
        raise UnprocessableContent(
            f"{year} 年尚无任何节假日或调休日。 {year} has no holidays or make-up days entered.",
            code="calendar-year-empty",
            field="days",
        )
    LIFECYCLE.transition(ctx, row, "confirm", actor(admin), ctx.now())
    ctx.session.flush()
    changed = recompute_open_periods(ctx, f"user:{admin.subject}", f"calendar.confirmed:{year}")
    days = len(days_of(ctx.session, year))
    _record(
        ctx,
        admin,
        "calendar.year_confirmed",
        f"year:{year}",
        source_title=row.source_title,
        days=days,
        recomputed=len(changed),
    )
    return s.Confirmation(year=year_view(ctx, year), recomputed=changed)
