"""What the scheduler does to agreements and milestones as their dates come (decision 0105).

An agreement not signed by every party by the end of its `sign_by` day (Beijing time) lapses, and
before that the parties that have not signed are reminded 3 and 1 working days ahead; a milestone
not met is reminded 3 and 1 working days before its `due_on` (while the winner has a report to
make) and flagged overdue once after its day ends. Each reminder is settled once in
`deadline_reminders` (unique per row and key), so repeated or concurrent runs remind nobody twice;
when several reminders of one deadline have come due together (a scheduler that was down, a deadline
set close) only the nearest is sent and the others are settled as passed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.clock import to_shanghai
from kit.rules import SYSTEM
from kit.workdays import WorkingDayCalendar
from workflow.agreement import lifecycle as agreements
from workflow.agreement import milestones
from workflow.agreement.lifecycle import AgreementStatus, Party, signed_parties, signing_ends_at
from workflow.agreement.milestones import MilestoneStatus
from workflow.context import Context
from workflow.models import Agreement, AgreementMilestone, DeadlineReminder
from workflow.notification.service import notify_orgs

REMIND_WORKING_DAYS = (3, 1)
# The scheduler looks at rows whose date is at most this far ahead: more than 3 working days even
# across the longest holiday (the Spring Festival's 8 days off and the weekends around them).
HORIZON = timedelta(days=21)
UNSIGNED = (AgreementStatus.DRAFT, AgreementStatus.SIGNING)
# Milestones whose winner still has a report to make are reminded; every one not met is flagged.
TO_REPORT = (MilestoneStatus.SCHEDULED, MilestoneStatus.PARTIALLY_MET, MilestoneStatus.NOT_MET)


def _due_reminder(
    ctx: Context, entity: str, row_id: str, challenge_id: str, deadline: date, calendar: WorkingDayCalendar
) -> int | None:
    """How many working days ahead the reminder to send now is, or None: settles every reminder of
    `deadline` that has come due, and names the nearest unless it was settled before."""
    today = to_shanghai(ctx.now()).date()
    due = [n for n in REMIND_WORKING_DAYS if calendar.working_days_before(deadline, n) <= today]
    if not due:
        return None
    settled = set(
        ctx.session.scalars(
            select(DeadlineReminder.key).where(DeadlineReminder.entity == entity, DeadlineReminder.entity_id == row_id)
        )
    )
    nearest = min(due)
    fresh = [n for n in due if f"{deadline.isoformat()}:{n}" not in settled]
    for n in fresh:
        ctx.session.add(
            DeadlineReminder(
                entity=entity,
                entity_id=row_id,
                challenge_id=challenge_id,
                key=f"{deadline.isoformat()}:{n}",
                sent=n == nearest,
                settled_at=ctx.now(),
            )
        )
    ctx.session.flush()  # the unique key refuses a second settling before any notice is written
    return nearest if nearest in fresh else None


def tick_agreement(ctx: Context, ag: Agreement, calendar: WorkingDayCalendar) -> None:
    if ag.status not in UNSIGNED:
        return
    if ctx.now() >= signing_ends_at(ag.sign_by):
        reason = f"未在签订截止日 {ag.sign_by.isoformat()}（北京时间）前由各方签订"
        agreements.transition(ctx, ag, "lapse", SYSTEM, reason=reason, facts={"sign_by_passed": True})
        return
    days = _due_reminder(ctx, "agreement", ag.id, ag.challenge_id, ag.sign_by, calendar)
    if days is None:
        return
    signed = signed_parties(ctx.session, ag) if ag.status == AgreementStatus.SIGNING else set()
    orgs = {
        org for party, org in ((Party.OWNER, ag.owner_org_id), (Party.WINNER, ag.winner_org_id)) if party not in signed
    }
    notify_orgs(
        ctx.session,
        orgs,
        kind="agreement.sign_reminder",
        title=f"任务书签订截止前 {days} 个工作日",
        body=f"签订截止 {ag.sign_by.isoformat()}（北京时间）· {ag.winner_org_name} · {ag.owner_org_name}",
        now=ctx.now(),
        challenge_id=ag.challenge_id,
    )


def tick_milestone(ctx: Context, m: AgreementMilestone, calendar: WorkingDayCalendar) -> None:
    if m.status == MilestoneStatus.MET or m.overdue_at is not None:
        return
    if ctx.now() >= signing_ends_at(m.due_on):
        milestones.transition(ctx, m, "flag_overdue", SYSTEM, facts={"overdue_unflagged": True})
        return
    if m.status not in TO_REPORT:
        return
    days = _due_reminder(ctx, "milestone", m.id, m.challenge_id, m.due_on, calendar)
    if days is None:
        return
    notify_orgs(
        ctx.session,
        {m.owner_org_id, m.winner_org_id},
        kind="milestone.reminder",
        title=f"里程碑「{m.title}」到期前 {days} 个工作日",
        body=f"到期日 {m.due_on.isoformat()}（北京时间）",
        now=ctx.now(),
        challenge_id=m.challenge_id,
    )


def due_agreements(session: Session, today: date) -> Sequence[str]:
    """Unsigned agreements whose signing deadline is near or past."""
    stmt = select(Agreement.id).where(Agreement.status.in_(UNSIGNED), Agreement.sign_by <= today + HORIZON)
    return list(session.scalars(stmt.order_by(Agreement.sign_by, Agreement.id)))


def due_milestones(session: Session, today: date) -> Sequence[str]:
    """Milestones not met and not yet flagged whose due date is near or past."""
    stmt = select(AgreementMilestone.id).where(
        AgreementMilestone.status != MilestoneStatus.MET,
        AgreementMilestone.overdue_at.is_(None),
        AgreementMilestone.due_on <= today + HORIZON,
    )
    return list(session.scalars(stmt.order_by(AgreementMilestone.due_on, AgreementMilestone.id)))
