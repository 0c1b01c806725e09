"""The chronograph: applies every time-driven transition from `next_check_at`.

Idempotent (each tick re-reads the status and the times under a row lock), and safe with several
replicas: rows are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite a lease row
lets one process run the loop at a time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import Clock, to_shanghai
from kit.db import is_postgres
from kit.workdays import WorkingDayCalendar
from workflow.agreement import deadlines as agreement_deadlines
from workflow.application.service import close_for_custodians, open_applications
from workflow.calendar.repository import calendar_with_overrides
from workflow.challenge import deadlines
from workflow.challenge import facts as challenge_facts
from workflow.challenge.lifecycle import OPEN, OPENING, PENDING, PUBLICITY, SYSTEM, transition
from workflow.clients.gateway import UserDirectory
from workflow.config import Settings
from workflow.context import Context
from workflow.custody import opening
from workflow.models import Agreement, AgreementMilestone, Challenge, Question, SchedulerLease
from workflow.notification.service import notify, notify_applicants
from workflow.sealing import Sealer

LEASE = "scheduler"
Row = TypeVar("Row", Agreement, AgreementMilestone)


def tick(ctx: Context, ch: Challenge, directory: UserDirectory | None = None) -> None:
    now = ctx.now()
    facts = challenge_facts.of(ctx, ch)
    if ch.status == PENDING and facts["publish_due"]:
        transition(ctx, ch, "publish", SYSTEM, facts=facts)
    if ch.status == OPEN and ch.application_deadline is not None:
        remind = deadlines.reminder_at(ctx, ch)
        if ch.reminder_sent_at is None and remind is not None and remind <= now < ch.application_deadline:
            ch.reminder_sent_at = now
            notify_applicants(ctx, ch, "deadline.reminder", f"距申报截止不足24小时：{ch.title}")
            askers = set(ctx.session.scalars(select(Question.asker_id).where(Question.challenge_id == ch.id)))
            for user_id in sorted(askers):
                notify(
                    ctx.session,
                    kind="deadline.reminder",
                    user_id=user_id,
                    now=now,
                    challenge_id=ch.id,
                    title=f"距申报截止不足24小时：{ch.title}",
                )
        if facts["deadline_passed"] and ch.sealing == "custodians":
            close_for_custodians(ctx, ch)
            transition(ctx, ch, "close_to_custodians", SYSTEM, facts=facts)
        elif facts["deadline_passed"]:
            open_applications(ctx, ch)
            # The facts of the opened challenge: how many applications the opening found valid.
            opened = challenge_facts.of(ctx, ch)
            if opened["enough_valid"]:
                transition(ctx, ch, "close", SYSTEM, facts=opened)
            else:
                reason = f"{opened['valid']} valid application(s), {ch.min_applications} required"
                transition(ctx, ch, "close_unsuccessful", SYSTEM, reason=reason, facts=opened)
    if ch.status == OPENING and ch.opening_window_ends_at is not None and now >= ch.opening_window_ends_at:
        opening.extend(ctx, ch, directory)
    held = False
    if ch.status == PUBLICITY and facts["publicity_ended"]:
        if facts["publicity_over"]:
            transition(ctx, ch, "finalize", SYSTEM, facts=facts)
        else:
            held = True
    deadlines.reschedule(ctx, ch)
    if held:
        ch.next_check_at = None  # the objection decision reschedules it


class Scheduler:
    def __init__(
        self,
        factory: sessionmaker[Session],
        clock: Clock,
        settings: Settings,
        sealer: Sealer,
        holder: str | None = None,
    ) -> None:
        self.factory = factory
        self.clock = clock
        self.settings = settings
        self.sealer = sealer
        self.holder = holder or uuid.uuid4().hex
        # The accounts directory (the admins an overdue opening escalates to); set by the app once it exists.
        self.directory: UserDirectory | None = None

    def _context(self, session: Session) -> Context:
        return Context(session=session, clock=self.clock, settings=self.settings, sealer=self.sealer)

    def _lease(self, session: Session) -> bool:
        now = self.clock.now()
        lease = session.get(SchedulerLease, LEASE)
        if lease is None:
            session.add(SchedulerLease(name=LEASE, holder=self.holder, expires_at=now + timedelta(seconds=30)))
            return True
        if lease.holder != self.holder and lease.expires_at > now:
            return False
        lease.holder, lease.expires_at = self.holder, now + timedelta(seconds=30)
        return True

    def _each(
        self, model: type[Row], ids: Sequence[str], step: Callable[[Context, Row, WorkingDayCalendar], None]
    ) -> None:
        """`step` on each row of `ids` still there and not locked by another replica, one transaction each."""
        for row_id in ids:
            with self.factory() as session, session.begin():
                stmt = select(model).where(model.id == row_id)
                row = session.scalars(stmt.with_for_update(skip_locked=True)).first()
                if row is not None:
                    step(self._context(session), row, calendar_with_overrides(session))

    def run_once(self) -> int:
        """One pass over every due challenge, then over the agreements and milestones whose dates are
        near (agreement/deadlines.py); returns how many challenges it processed."""
        with self.factory() as session, session.begin():
            if not is_postgres(session) and not self._lease(session):
                return 0
            now = self.clock.now()
            due = list(
                session.scalars(
                    select(Challenge.id).where(Challenge.next_check_at <= now).order_by(Challenge.next_check_at)
                )
            )
            today = to_shanghai(now).date()
            agreements = agreement_deadlines.due_agreements(session, today)
            milestones = agreement_deadlines.due_milestones(session, today)
        done = 0
        for challenge_id in due:
            with self.factory() as session, session.begin():
                now = self.clock.now()
                stmt = select(Challenge).where(Challenge.id == challenge_id, Challenge.next_check_at <= now)
                ch = session.scalars(stmt.with_for_update(skip_locked=True)).first()
                if ch is None:
                    continue
                tick(self._context(session), ch, self.directory)
                done += 1
        self._each(Agreement, agreements, agreement_deadlines.tick_agreement)
        self._each(AgreementMilestone, milestones, agreement_deadlines.tick_milestone)
        return done


__all__ = ["Scheduler", "tick"]
