"""The challenge lifecycle as data: one table of rules, one writer of `status` (kit.rules)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from kit.rules import SYSTEM, Actor, Effect, Facts, Guard, IllegalAction, Lifecycle, Rule, Step, all_of
from kit.rules import fact as _fact
from workflow.application import lifecycle as application_lifecycle
from workflow.application import repository as applications
from workflow.application.lifecycle import ApplicationStatus, fixup_lapsed
from workflow.audit import service as audit
from workflow.award import lifecycle as award_lifecycle
from workflow.award.lifecycle import AwardStatus
from workflow.context import Context
from workflow.custody import custodians
from workflow.events.outbox import emit_for_status
from workflow.models import Challenge, ChallengeTransition
from workflow.notification.service import notify, notify_applicants


class ChallengeStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending_approval"
    OPEN = "open"
    OPENING = "opening"  # a custodian-sealed challenge past its deadline, until k custodians open it (0108)
    QUALIFICATION = "qualification"
    EXPERT_REVIEW = "expert_review"
    AWARD_APPROVAL = "award_approval"
    PUBLICITY = "publicity"
    AWARDED = "awarded"
    CANCELLED = "cancelled"
    UNSUCCESSFUL = "unsuccessful"


S = ChallengeStatus
DRAFT, PENDING, OPEN, OPENING, QUALIFICATION = S.DRAFT, S.PENDING, S.OPEN, S.OPENING, S.QUALIFICATION
EXPERT_REVIEW, AWARD_APPROVAL, PUBLICITY = S.EXPERT_REVIEW, S.AWARD_APPROVAL, S.PUBLICITY
AWARDED, CANCELLED, UNSUCCESSFUL = S.AWARDED, S.CANCELLED, S.UNSUCCESSFUL
STATES = tuple(S)
FINAL = frozenset({AWARDED, CANCELLED, UNSUCCESSFUL})
CANCELLABLE = frozenset(STATES) - FINAL
PUBLISHED = frozenset(STATES) - {DRAFT, PENDING}

ChallengeRule = Rule[Challenge, Context]
ChallengeStep = Step[Challenge, Context]

# Re-exported from kit.rules: the services import them from here, as before the engine moved to the kit.
__all__ = ["SYSTEM", "Actor", "Facts", "Guard", "IllegalAction"]


def _rule(action: str, sources: set[S] | frozenset[S], target: S | None, actor: str, **kw: Any) -> ChallengeRule:
    return Rule(action, frozenset(sources), target, actor, **kw)


def _complete(facts: Facts) -> str | None:
    missing = facts.get("missing") or []
    return f"incomplete: {', '.join(missing)}" if missing else None


# Effects: what a rule does besides moving the status, run in the order its row lists them.
# `_event` (the public event for matching) comes last, so its projection sees every write of the step.
def _published(step: ChallengeStep) -> None:
    if step.entity.published_at is None:
        step.entity.published_at = step.now


def _event(step: ChallengeStep) -> None:
    emit_for_status(step.ctx.session, step.entity, step.now)


def _approved(step: ChallengeStep) -> None:
    step.entity.approved_by = step.actor.id


def _approved_for_later(step: ChallengeStep) -> None:
    ch = step.entity
    assert ch.publish_at is not None
    audit.record(
        step.ctx, ch.id, "challenge.approved", step.actor, {"publish_at": ch.publish_at.isoformat()}, now=step.now
    )


def _data_key(step: ChallengeStep) -> None:
    step.ctx.sealer.ensure_key(step.ctx.session, step.entity.id, step.now)


def _custodians_checked(step: ChallengeStep) -> None:
    """Under custodian sealing, the custodians as they stand now (a 422 naming the field otherwise), their
    keys' fingerprints written to the chain; `args["directory"]` is the accounts directory (decision 0107)."""
    ch = step.entity
    if ch.sealing != "custodians":
        return
    checked = custodians.check(step.ctx, ch, step.args.get("directory"), step.action)
    data = {"stage": step.action, "threshold": ch.custodian_threshold, "custodians": checked}
    audit.record(step.ctx, ch.id, "custody.custodians_checked", step.actor, data, now=step.now)


def _cancel_requested(step: ChallengeStep) -> None:
    step.entity.cancel_request = {
        "reason_code": step.args.get("reason_code") or "other",
        "reason": step.reason,
        "by": step.actor.id,
        "at": step.now.isoformat(),
    }


def _cancel_request_cleared(step: ChallengeStep) -> None:
    step.entity.cancel_request = None


def _tell_applicants(kind: str, title: str) -> Any:
    """Notify every applicant organisation (withdrawn ones excepted); `title` is formatted with the challenge."""

    def effect(step: ChallengeStep) -> None:
        notify_applicants(step.ctx, step.entity, kind, title.format(title=step.entity.title))

    return effect


def _lapsed_fixups_ineligible(step: ChallengeStep) -> None:
    for app in applications.for_challenge(step.ctx.session, step.entity.id, (ApplicationStatus.FIXUP,)):
        if fixup_lapsed(app, step.now):
            app.qualification_reason = "补正期限已过，未提交补正"
            application_lifecycle.transition(step.ctx, app, "lapse_fixup", step.actor, reason=app.qualification_reason)


def _recommended(step: ChallengeStep) -> None:
    """The reviewer who recommended, and an award row for each chosen application."""
    ch, ctx = step.entity, step.ctx
    ch.recommended_by = step.actor.id
    for app_id in step.facts["chosen"]:
        app = applications.get(ctx.session, app_id)
        application_lifecycle.transition(ctx, app, "recommend", step.actor, reason=step.reason)
        ctx.session.add(award_lifecycle.recommended(app, step.actor, step.now))


def _decide_awards(action: str) -> Effect[Challenge, Context]:
    """The pending awards approved or rejected by the reviewer who decided."""

    def effect(step: ChallengeStep) -> None:
        for award in award_lifecycle.current(step.ctx.session, step.entity, (AwardStatus.RECOMMENDED,)):
            award.decided_by, award.decision_reason = step.actor.id, step.reason
            award_lifecycle.transition(step.ctx, award, action, step.actor, reason=step.reason)

    return effect


def _publicity_dates(step: ChallengeStep) -> None:
    ch = step.entity
    ch.publicity_started_at = step.now
    end = step.ctx.working_days_end(step.now, ch.publicity_working_days, human=True)
    ch.publicity_ends_at, ch.publicity_ends_provisional = end.ends_at, end.provisional


def _publicity_announced(step: ChallengeStep) -> None:
    ch = step.entity
    notify_applicants(step.ctx, ch, "award.publicity", f"拟揭榜单位公示：{ch.title}", publicity_end_text(ch))


def _recommendations_withdrawn(step: ChallengeStep) -> None:
    """Back to review: the recommended applications are eligible again."""
    for app in applications.for_challenge(step.ctx.session, step.entity.id, (ApplicationStatus.RECOMMENDED,)):
        application_lifecycle.transition(step.ctx, app, "unrecommend", step.actor, reason=step.reason)


def _approved_awards_cancelled(step: ChallengeStep) -> None:
    for award in award_lifecycle.current(step.ctx.session, step.entity, (AwardStatus.APPROVED,)):
        award.decision_reason = f"异议成立：{step.reason}"
        award_lifecycle.transition(step.ctx, award, "cancel", step.actor, reason=award.decision_reason)


def _objected_application_excluded(step: ChallengeStep) -> None:
    """The application the upheld objection names, if still eligible, is excluded."""
    application_id = step.args.get("application_id")
    if application_id is None:
        return
    target = applications.get(step.ctx.session, application_id)
    if target.status == ApplicationStatus.ELIGIBLE:
        target.qualification_reason = f"异议成立：{step.reason}"
        application_lifecycle.transition(step.ctx, target, "exclude", step.actor, reason=target.qualification_reason)


def _publicity_cleared(step: ChallengeStep) -> None:
    step.entity.publicity_started_at = step.entity.publicity_ends_at = None


def _awarded(step: ChallengeStep) -> None:
    """The final award: the recommended applications awarded, the other eligible ones not."""
    step.entity.awarded_at = step.now
    for app in applications.for_challenge(
        step.ctx.session, step.entity.id, (ApplicationStatus.RECOMMENDED, ApplicationStatus.ELIGIBLE)
    ):
        action = "award" if app.status == ApplicationStatus.RECOMMENDED else "not_award"
        application_lifecycle.transition(step.ctx, app, action, step.actor)


def publicity_end_text(ch: Challenge) -> str:
    """The 公示 end as notices state it: an estimate says so until its year is confirmed."""
    assert ch.publicity_ends_at is not None
    if ch.publicity_ends_provisional:
        # Chinese only, as every notification text the services write; the bell shows the time in Beijing
        # time and in the reader's language (frontend notification-text.ts).
        return f"公示截止 {ch.publicity_ends_at.isoformat()}（暂定：所涉年度节假日安排尚未确认）"
    return f"公示截止 {ch.publicity_ends_at.isoformat()}"


def _opening_window(step: ChallengeStep) -> None:
    """The custodians' window opens at the deadline, and each custodian is told (decision 0108)."""
    ch, ctx = step.entity, step.ctx
    end = ctx.working_days_end(step.now, ctx.settings.opening_window_working_days, human=True)
    ch.opening_window_ends_at = end.ends_at
    for user_id in ch.custodians:
        notify(
            ctx.session,
            kind="custody.opening",
            user_id=user_id,
            now=step.now,
            challenge_id=ch.id,
            title=f"请开标：{ch.title}",
            body=f"申报已截止，请在 {end.ends_at.isoformat()} 前提交您的开标份额。",
        )


_OPENED_AS = (_published, _data_key, _event)
_SERVICE = _fact("service_sealed", "sealed by custodians")

RULES: tuple[ChallengeRule, ...] = (
    _rule("submit", {DRAFT}, PENDING, "owner", guard=_complete, effects=(_custodians_checked, _event)),
    _rule("request_changes", {PENDING}, DRAFT, "gov", needs_reason=True, effects=(_event,)),
    # Approval with a future publish_at approves now and leaves publication to the scheduler.
    _rule(
        "approve",
        {PENDING},
        OPEN,
        "gov",
        guard=all_of(_complete, _fact("not_approved", "already approved"), _fact("publish_now", "publish_at ahead")),
        offered=lambda ch, actor: ch.approved_by is None,
        effects=(_custodians_checked, _approved, *_OPENED_AS),
    ),
    _rule(
        "approve",
        {PENDING},
        None,
        "gov",
        guard=all_of(_complete, _fact("not_approved", "already approved"), _fact("publish_later", "publish_at due")),
        offered=lambda ch, actor: ch.approved_by is None,
        audited=False,
        effects=(_custodians_checked, _approved, _approved_for_later),
    ),
    _rule(
        "publish",
        {PENDING},
        OPEN,
        "system",
        guard=_fact("publish_due", "not approved or publish_at not reached"),
        public=False,
        effects=_OPENED_AS,
    ),
    _rule(
        "close",
        {OPEN},
        QUALIFICATION,
        "system",
        guard=all_of(
            _fact("deadline_passed", "the application deadline has not passed"),
            _SERVICE,
            _fact("enough_valid", "fewer valid applications than min_applications"),
        ),
        public=False,
        effects=(_tell_applicants("challenge.opened", "申报已开启，进入形式审查：{title}"), _event),
    ),
    # Custodian sealing (decision 0108): at the deadline the challenge waits for k custodians; the
    # min_applications rule applies once they have opened it.
    _rule(
        "close_to_custodians",
        {OPEN},
        OPENING,
        "system",
        guard=all_of(
            _fact("deadline_passed", "the application deadline has not passed"),
            _fact("custodian_sealed", "sealed by the service"),
        ),
        public=False,
        effects=(_opening_window, _event),
    ),
    _rule(
        "open_by_custodians",
        {OPENING},
        QUALIFICATION,
        "system",
        guard=_fact("enough_valid", "fewer valid applications than min_applications"),
        public=False,
        effects=(_tell_applicants("challenge.opened", "申报已开启，进入形式审查：{title}"), _event),
    ),
    _rule(
        "open_by_custodians_unsuccessful",
        {OPENING},
        UNSUCCESSFUL,
        "system",
        guard=_fact("too_few_valid", "enough valid applications"),
        public=False,
        effects=(_tell_applicants("challenge.unsuccessful", "榜单流榜：{title}"), _event),
    ),
    _rule(
        "close_unsuccessful",
        {OPEN},
        UNSUCCESSFUL,
        "system",
        guard=all_of(
            _fact("deadline_passed", "the application deadline has not passed"),
            _SERVICE,
            _fact("too_few_valid", "enough valid applications"),
        ),
        public=False,
        effects=(_tell_applicants("challenge.unsuccessful", "榜单流榜：{title}"), _event),
    ),
    _rule(
        "start_review",
        {QUALIFICATION},
        EXPERT_REVIEW,
        "gov",
        guard=all_of(
            _fact("all_decided", "every application must be eligible, ineligible or past its fix-up window"),
            _fact("any_eligible", "no eligible application"),
        ),
        effects=(_lapsed_fixups_ineligible, _event),
    ),
    _rule(
        "declare_unsuccessful",
        {QUALIFICATION, EXPERT_REVIEW},
        UNSUCCESSFUL,
        "gov",
        needs_reason=True,
        effects=(_event,),
    ),
    _rule(
        "recommend",
        {EXPERT_REVIEW},
        AWARD_APPROVAL,
        "gov",
        guard=all_of(
            _fact("panel_ready", "no expert has completed a review yet"),
            _fact("reviews_done", "every assignment must be completed or recused"),
            _fact("selection_ok", "recommend between 1 and max_winners eligible applications"),
        ),
        effects=(_recommended, _event),
    ),
    _rule(
        "approve_award",
        {AWARD_APPROVAL},
        PUBLICITY,
        "gov",
        guard=_fact("different_reviewer", "the reviewer who recommended may not approve"),
        offered=lambda ch, actor: ch.recommended_by != actor.id,
        effects=(_decide_awards("approve"), _publicity_dates, _publicity_announced, _event),
    ),
    _rule(
        "reject_award",
        {AWARD_APPROVAL},
        EXPERT_REVIEW,
        "gov",
        needs_reason=True,
        guard=_fact("different_reviewer", "the reviewer who recommended may not reject"),
        offered=lambda ch, actor: ch.recommended_by != actor.id,
        effects=(_decide_awards("reject"), _recommendations_withdrawn, _event),
    ),
    # Filed through POST /objections/{id}/decision: args name the objection's application.
    _rule(
        "uphold_objection",
        {PUBLICITY},
        EXPERT_REVIEW,
        "gov",
        public=False,
        effects=(
            _approved_awards_cancelled,
            _recommendations_withdrawn,
            _objected_application_excluded,
            _publicity_cleared,
            _event,
        ),
    ),
    _rule(
        "finalize",
        {PUBLICITY},
        AWARDED,
        "system",
        guard=_fact("publicity_over", "公示 period not over or an objection is open"),
        public=False,
        effects=(_awarded, _tell_applicants("award.final", "揭榜结果已公布：{title}"), _event),
    ),
    # After the award (decision 0105): every winner forfeited and a reviewer, deciding on a lapsed or
    # refused agreement, offers no next one; taken through POST /agreements/{id}/decision.
    _rule(
        "close_without_winner",
        {AWARDED},
        UNSUCCESSFUL,
        "gov",
        needs_reason=True,
        guard=_fact("no_award_left", "an approved award still stands"),
        public=False,
        effects=(_tell_applicants("challenge.unsuccessful", "榜单流榜（揭榜方未签订任务书）：{title}"), _event),
    ),
    _rule(
        "cancel",
        CANCELLABLE,
        None,
        "owner",
        needs_reason=True,
        offered=lambda ch, actor: ch.cancel_request is None,
        effects=(_cancel_requested,),
    ),
    _rule(
        "approve_cancellation",
        CANCELLABLE,
        CANCELLED,
        "gov",
        guard=_fact("cancel_requested", "the owner has not requested cancellation"),
        offered=lambda ch, actor: ch.cancel_request is not None,
        effects=(_tell_applicants("challenge.cancelled", "榜单已撤销：{title}"), _event),
    ),
    _rule(
        "reject_cancellation",
        CANCELLABLE,
        None,
        "gov",
        needs_reason=True,
        guard=_fact("cancel_requested", "the owner has not requested cancellation"),
        offered=lambda ch, actor: ch.cancel_request is not None,
        effects=(_cancel_request_cleared,),
    ),
)


def may_act(rule: ChallengeRule, ch: Challenge, actor: Actor) -> bool:
    if rule.actor == "system":
        return actor.kind == "system"
    if rule.actor == "gov":
        return "gov_reviewer" in actor.roles
    return "enterprise" in actor.roles and actor.org_id == ch.owner_org_id


def _edits(ch: Challenge, actor: Actor) -> list[str]:
    """Editing is no rule (it changes no status) but is offered beside the actions."""
    if "enterprise" in actor.roles and actor.org_id == ch.owner_org_id and ch.status in (DRAFT, OPEN):
        return ["edit" if ch.status == DRAFT else "amend"]
    return []


def _record(step: ChallengeStep) -> None:
    """Every step bumps the version; a status change is written to the transition history and the audit chain."""
    ch, session = step.entity, step.ctx.session
    ch.version += 1
    ch.updated_at = step.now
    if step.rule.target is None:
        if step.rule.audited:
            audit.record(
                step.ctx,
                ch.id,
                f"action.{step.action}",
                step.actor,
                {"status": ch.status, "reason": step.reason},
                now=step.now,
            )
        return
    session.add(ChallengeTransition(challenge_id=ch.id, version=ch.version, **step.history()))
    data = {"from": step.from_status, "to": step.to_status, "reason": step.reason}
    audit.record(step.ctx, ch.id, f"transition.{step.action}", step.actor, data, now=step.now)


LIFECYCLE: Lifecycle[Challenge, Context] = Lifecycle(
    "challenge", STATES, RULES, may_act=may_act, record=_record, extra_actions=_edits
)


def allowed_actions(ch: Challenge, actor: Actor | None) -> list[str]:
    return LIFECYCLE.allowed_actions(ch, actor)


def transition(
    ctx: Context,
    ch: Challenge,
    action: str,
    actor: Actor,
    *,
    reason: str = "",
    facts: Facts | None = None,
    args: dict[str, Any] | None = None,
    public_only: bool = False,
) -> ChallengeStep:
    """The only writer of `Challenge.status`; `facts` come from `workflow.challenge.facts.of`."""
    return LIFECYCLE.transition(
        ctx, ch, action, actor, ctx.now(), reason=reason, facts=facts, args=args, public_only=public_only
    )
