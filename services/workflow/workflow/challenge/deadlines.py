"""When the scheduler next has to look at a challenge."""

from __future__ import annotations

from datetime import datetime, timedelta

from workflow.challenge.lifecycle import OPEN, OPENING, PENDING, PUBLICITY
from workflow.context import Context
from workflow.models import Challenge


def reminder_at(ctx: Context, ch: Challenge) -> datetime | None:
    if ch.application_deadline is None:
        return None
    return ch.application_deadline - ctx.period(timedelta(hours=24))


def next_check(ctx: Context, ch: Challenge) -> datetime | None:
    if ch.status == PENDING and ch.approved_by and ch.publish_at:
        return ch.publish_at
    if ch.status == OPEN and ch.application_deadline is not None:
        remind = reminder_at(ctx, ch)
        if ch.reminder_sent_at is None and remind is not None and remind < ch.application_deadline:
            return remind
        return ch.application_deadline
    if ch.status == OPENING:
        return ch.opening_window_ends_at
    if ch.status == PUBLICITY:
        return ch.publicity_ends_at
    return None


def reschedule(ctx: Context, ch: Challenge) -> None:
    ch.next_check_at = next_check(ctx, ch)
