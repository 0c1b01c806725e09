"""Periods already running when the calendar changes: recomputed from their start, the change notified to
the applicants and written to each challenge's audit chain."""

from __future__ import annotations

from sqlalchemy import select

from kit.clock import as_utc
from workflow.audit import service as audit
from workflow.award.service import publicity_end_text
from workflow.challenge import deadlines
from workflow.context import Context
from workflow.models import Challenge
from workflow.notification.service import notify_applicants

PUBLICITY = "publicity"


def recompute_open_periods(ctx: Context, actor: str, reason: str) -> list[str]:
    """Every running 公示 counted again on the calendar as it now is; returns the challenges whose end or
    provisional flag changed."""
    changed: list[str] = []
    running = ctx.session.scalars(
        select(Challenge).where(Challenge.status == PUBLICITY).order_by(Challenge.id).with_for_update()
    )
    for ch in running:
        if ch.publicity_started_at is None or ch.publicity_ends_at is None:
            continue
        before, was_provisional = as_utc(ch.publicity_ends_at), ch.publicity_ends_provisional
        end = ctx.working_days_end(as_utc(ch.publicity_started_at), ch.publicity_working_days, human=True)
        if end.ends_at == before and end.provisional == was_provisional:
            continue
        ch.publicity_ends_at, ch.publicity_ends_provisional = end.ends_at, end.provisional
        audit.record(
            ctx,
            ch.id,
            "publicity.recomputed",
            actor,
            {
                "reason": reason,
                "ends_at_before": before.isoformat(),
                "ends_at": end.ends_at.isoformat(),
                "provisional_before": was_provisional,
                "provisional": end.provisional,
            },
        )
        notify_applicants(
            ctx, ch, "award.publicity_changed", f"公示截止时间已重新计算：{ch.title}", publicity_end_text(ch)
        )
        deadlines.reschedule(ctx, ch)
        changed.append(ch.id)
    return changed
