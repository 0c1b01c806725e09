"""Experts, conflict-of-interest declarations, recusal, scoring and ranking.

Ranking: the mean over completed assignments of each expert's weighted total (criterion score
normalised to its range, times its weight; 0–100). Ties, in order: the higher mean on the
heaviest criterion; the earlier final submission time; the smaller receipt number
(docs/decisions/0012-ranking-tie-break.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select

from kit.errors import Conflict, Forbidden, NotFound, UnprocessableContent
from kit.tokens import Principal
from workflow.application import repository as applications
from workflow.application.service import unseal
from workflow.audit import service as audit
from workflow.challenge import repository as challenges
from workflow.challenge.auth import actor_of
from workflow.challenge.lifecycle import EXPERT_REVIEW, SYSTEM, Actor, IllegalAction, allowed_actions
from workflow.clients.gateway import DirectoryUser, UserDirectory
from workflow.context import Context
from workflow.models import Application, Assignment, Challenge, PanelMember
from workflow.notification.service import notify
from workflow.review import affiliation
from workflow.review import lifecycle as assignments
from workflow.review import schemas as s
from workflow.review.lifecycle import AssignmentStatus

# A consortium member named without an id or credit code: the qualification reviewer and the experts check it.
UNRESOLVED = "consortium_member_unresolved"


def _user(principal: Principal) -> Actor:
    actor = actor_of(principal)
    assert actor is not None
    return actor


def _need_review(ch: Challenge, principal: Principal, action: str) -> None:
    if ch.status != EXPERT_REVIEW:
        raise IllegalAction(
            f"'{action}' is only possible during expert review (now {ch.status})",
            challenge_status=ch.status,
            action=action,
            allowed_actions=allowed_actions(ch, actor_of(principal)),
        )


def resolve_experts(directory: UserDirectory, user_ids: list[str], field: str = "user_ids") -> list[DirectoryUser]:
    """The ids, each an active user with the expert role in the accounts directory; otherwise a 422 naming it.

    A vendor's or an unknown id on the panel would hold assignments that nobody can ever complete."""
    experts = []
    for user_id in dict.fromkeys(user_ids):
        user = directory.user(user_id)
        if user is None or not user.is_active_expert:
            where = f"{field}.{user_ids.index(user_id)}" if field == "user_ids" else field
            raise UnprocessableContent(
                f"{where}：{user_id} 不是在册的专家。 {where}: {user_id} is not an active expert.",
                code="not-an-expert",
                field=where,
                user_id=user_id,
            )
        experts.append(user)
    return experts


def assign(ctx: Context, principal: Principal, challenge_id: str, experts: list[DirectoryUser]) -> list[PanelMember]:
    """`experts` come from resolve_experts(), called before the challenge's row is locked."""
    ch = challenges.get(ctx.session, challenge_id, lock=True)
    _need_review(ch, principal, "assign_experts")
    return _add_members(ctx, principal, ch, experts)


def _add_members(ctx: Context, principal: Principal, ch: Challenge, experts: list[DirectoryUser]) -> list[PanelMember]:
    now = ctx.now()
    eligible = applications.for_challenge(ctx.session, ch.id, ("eligible",))
    members = []
    for expert in experts:
        user_id = expert.id
        member = ctx.session.scalars(
            select(PanelMember).where(PanelMember.challenge_id == ch.id, PanelMember.user_id == user_id)
        ).first()
        if member is None:
            member = PanelMember(
                challenge_id=ch.id, user_id=user_id, assigned_by=principal.subject, assigned_at=now, coi_conflicts=[]
            )
            ctx.session.add(member)
            notify(
                ctx.session,
                kind="review.assigned",
                user_id=user_id,
                now=now,
                challenge_id=ch.id,
                title=f"评审邀请：{ch.title}",
                body="请先签署利益冲突声明",
            )
        members.append(member)
        have = set(
            ctx.session.scalars(
                select(Assignment.application_id).where(
                    Assignment.challenge_id == ch.id, Assignment.expert_id == user_id
                )
            )
        )
        for app in eligible:
            if app.id not in have:
                ctx.session.add(
                    Assignment(
                        challenge_id=ch.id,
                        application_id=app.id,
                        expert_id=user_id,
                        status=AssignmentStatus.ASSIGNED,
                        scores={},
                        updated_at=now,
                    )
                )
        if member.coi_signed_at is not None:
            ctx.session.flush()
            _apply_conflicts(ctx, ch, member, expert.org_name)
    audit.record(ctx, ch.id, "experts.assigned", principal, {"user_ids": [e.id for e in experts]}, now=now)
    ctx.session.flush()
    return members


def remove(
    ctx: Context,
    principal: Principal,
    challenge_id: str,
    user_id: str,
    body: s.PanelChange,
    replacement: list[DirectoryUser],
) -> None:
    """Take a member off the panel (and put `replacement`, resolved beforehand, on it) until they have scored."""
    ch = challenges.get(ctx.session, challenge_id, lock=True)
    _need_review(ch, principal, "replace_expert" if replacement else "remove_expert")
    member = ctx.session.scalars(
        select(PanelMember).where(PanelMember.challenge_id == ch.id, PanelMember.user_id == user_id)
    ).first()
    if member is None:
        raise NotFound(f"{user_id} 不在本榜单的专家组中。 {user_id} is not on this challenge's expert panel.")
    if replacement and replacement[0].id == user_id:
        raise UnprocessableContent("替换人不能是被替换的专家本人。 The replacement must be another expert.")
    assignments = list(
        ctx.session.scalars(select(Assignment).where(Assignment.challenge_id == ch.id, Assignment.expert_id == user_id))
    )
    if any(a.status == "completed" for a in assignments):
        raise Conflict(
            "该专家已提交评分，不能移出专家组。 This expert has already scored and stays on the panel.",
            code="expert-has-scored",
        )
    for a in assignments:
        ctx.session.delete(a)
    ctx.session.delete(member)
    ctx.session.flush()
    audit.record(
        ctx,
        ch.id,
        "expert.replaced" if replacement else "expert.removed",
        principal,
        {"user_id": user_id, "reason": body.reason, "replacement_user_id": body.replacement_user_id},
    )
    if replacement:
        _add_members(ctx, principal, ch, replacement)


def _member(ctx: Context, challenge_id: str, principal: Principal) -> PanelMember:
    member = ctx.session.scalars(
        select(PanelMember).where(PanelMember.challenge_id == challenge_id, PanelMember.user_id == principal.subject)
    ).first()
    if member is None:
        raise Forbidden("You are not on this challenge's expert panel")
    return member


def _apply_conflicts(ctx: Context, ch: Challenge, member: PanelMember, org_name: str | None) -> None:
    """Recuse the member wherever their organisation (`member.org_id`, `org_name`) is the lead or a consortium
    member, by id or by name; flag for the reviewers the members named by name alone."""
    declared = {c["application_id"]: c["reason"] for c in member.coi_conflicts}
    rows = ctx.session.scalars(
        select(Assignment).where(Assignment.challenge_id == ch.id, Assignment.expert_id == member.user_id)
    )
    for assignment in rows:
        app = applications.get(ctx.session, assignment.application_id)
        named = affiliation.parties(app.org_id, app.org_name, unseal(ctx, app))
        _flag_unresolved(app, named)
        reason = declared.get(app.id)
        match = next((p for p in named if affiliation.affiliated(member.org_id, org_name, p)), None)
        if match is not None:
            reason = f"与申报单位或联合体成员“{match.name}”存在隶属关系（同一组织）"
        if reason and assignment.status != AssignmentStatus.RECUSED:
            assignments.transition(ctx, assignment, "recuse_for_conflict", SYSTEM, reason=reason)
            assignment.recusal_reason = reason
            assignment.scores, assignment.total = {}, None


def _flag_unresolved(app: Application, named: list[affiliation.Party]) -> None:
    have = {f.get("detail") for f in app.flags if f.get("rule") == UNRESOLVED}
    new = [p.name for p in named[1:] if not p.resolved and p.name not in have]
    if new:
        app.flags = [*app.flags, *({"rule": UNRESOLVED, "detail": name} for name in dict.fromkeys(new))]


def declare(ctx: Context, principal: Principal, challenge_id: str, body: s.CoiDeclaration) -> PanelMember:
    # The signature is what confirms a panel member: only a token that carries the expert role
    # (issued by the accounts service) may give it, whatever id the reviewer typed in.
    if not principal.has_role("expert"):
        raise Forbidden("Only an expert may sign the conflict-of-interest declaration", required_roles=["expert"])
    ch = challenges.get(ctx.session, challenge_id, lock=True)
    _need_review(ch, principal, "coi")
    member = _member(ctx, ch.id, principal)
    now = ctx.now()
    member.org_id = principal.org_id
    member.coi_conflicts = [c.model_dump() for c in body.conflicts]
    member.coi_signed_at = now
    ctx.session.flush()
    _apply_conflicts(ctx, ch, member, principal.org_name)
    audit.record(
        ctx,
        ch.id,
        "expert.coi_signed",
        principal,
        {"conflicts": member.coi_conflicts, "org_id": member.org_id},
        now=now,
    )
    return member


def mine(ctx: Context, principal: Principal) -> list[s.AssignmentOut]:
    rows = ctx.session.execute(
        select(Assignment, Application.org_name, Challenge.title, PanelMember.coi_signed_at)
        .join(Application, Application.id == Assignment.application_id)
        .join(Challenge, Challenge.id == Assignment.challenge_id)
        .join(
            PanelMember,
            (PanelMember.challenge_id == Assignment.challenge_id) & (PanelMember.user_id == Assignment.expert_id),
        )
        .where(Assignment.expert_id == principal.subject)
        .order_by(Challenge.title, Application.submitted_at)
    )
    return [to_schema(a, org_name, title, signed) for a, org_name, title, signed in rows]


def to_schema(a: Assignment, org_name: str, title: str, signed: datetime | None) -> s.AssignmentOut:
    return s.AssignmentOut(
        id=a.id,
        challenge_id=a.challenge_id,
        challenge_title=title,
        application_id=a.application_id,
        applicant_name=org_name,
        status=a.status,
        coi_signed=signed is not None,
        scores=a.scores,
        total=a.total,
        comment=a.comment,
        recusal_reason=a.recusal_reason,
        updated_at=a.updated_at,
    )


def _own_assignment(ctx: Context, principal: Principal, assignment_id: str) -> tuple[Assignment, Challenge]:
    a = ctx.session.get(Assignment, assignment_id)
    if a is None or a.expert_id != principal.subject:
        raise NotFound(f"assignment {assignment_id} not found")
    ch = challenges.get(ctx.session, a.challenge_id, lock=True)
    _need_review(ch, principal, "score")
    return a, ch


def score_range(criterion: dict[str, Any]) -> tuple[float, float]:
    """A criterion's bounds, with the defaults the challenge schema gives (one reading for checks and messages)."""
    return float(criterion.get("min_score", 0)), float(criterion.get("max_score", 100))


def weighted_total(criteria: list[dict[str, Any]], scores: dict[str, float]) -> float:
    total = 0.0
    for c in criteria:
        lo, hi = score_range(c)
        total += float(c["weight"]) * (scores[c["id"]] - lo) / (hi - lo)
    return round(total, 4)


def score(ctx: Context, principal: Principal, assignment_id: str, body: s.ScoreSheet) -> Assignment:
    a, ch = _own_assignment(ctx, principal, assignment_id)
    if _member(ctx, ch.id, principal).coi_signed_at is None:
        raise Forbidden("Sign the conflict-of-interest declaration first")
    if a.status == "recused":
        raise Forbidden("You are recused from this application")
    ids = {c["id"] for c in ch.criteria}
    if set(body.scores) != ids:
        raise UnprocessableContent(f"score exactly these criteria: {', '.join(sorted(ids))}")
    for c in ch.criteria:
        value, (lo, hi) = body.scores[c["id"]], score_range(c)
        if not lo <= value <= hi:
            raise UnprocessableContent(
                f"{c['id']}：{value:g} 不在 {lo:g}–{hi:g} 之间。 {c['id']}: {value:g} is outside {lo:g}–{hi:g}.",
                field=f"scores.{c['id']}",
                minimum=lo,
                maximum=hi,
            )
    total = weighted_total(ch.criteria, body.scores)
    if total < ch.comment_required_below and not body.comment.strip():
        raise UnprocessableContent(f"A comment is required for a total below {ch.comment_required_below}")
    a.scores, a.total, a.comment = dict(body.scores), total, body.comment
    assignments.transition(ctx, a, "score", _user(principal))
    a.updated_at = ctx.now()
    audit.record(
        ctx,
        ch.id,
        "assignment.scored",
        principal,
        {"assignment_id": a.id, "application_id": a.application_id, "total": total},
    )
    return a


def recuse(ctx: Context, principal: Principal, assignment_id: str, body: s.Recusal) -> Assignment:
    a, ch = _own_assignment(ctx, principal, assignment_id)
    assignments.transition(ctx, a, "recuse", _user(principal), reason=body.reason)
    a.recusal_reason, a.scores, a.total = body.reason, {}, None
    a.updated_at = ctx.now()
    audit.record(
        ctx,
        ch.id,
        "assignment.recused",
        principal,
        {"assignment_id": a.id, "application_id": a.application_id, "reason": body.reason},
    )
    return a


def ranking(ctx: Context, ch: Challenge) -> list[s.RankingRow]:
    """Ranks eligible applications and stores score and rank on them."""
    apps = applications.for_challenge(ctx.session, ch.id, ("eligible", "recommended", "awarded", "not_awarded"))
    assignments = list(
        ctx.session.scalars(
            select(Assignment).where(Assignment.challenge_id == ch.id, Assignment.status == "completed")
        )
    )
    heaviest = max(ch.criteria, key=lambda c: float(c["weight"]))["id"] if ch.criteria else ""
    stats: dict[str, tuple[float | None, float, int]] = {}
    for app in apps:
        done = [a for a in assignments if a.application_id == app.id]
        mean = round(sum(a.total or 0 for a in done) / len(done), 4) if done else None
        top = sum(float(a.scores.get(heaviest, 0)) for a in done) / len(done) if done else 0.0
        stats[app.id] = (mean, top, len(done))
    ordered = sorted(
        apps,
        key=lambda a: (stats[a.id][0] is None, -(stats[a.id][0] or 0), -stats[a.id][1], a.submitted_at, a.receipt_no),
    )
    rows = []
    for position, app in enumerate(ordered, start=1):
        mean, _, reviews = stats[app.id]
        app.score = mean
        app.rank = position if mean is not None else None
        rows.append(
            s.RankingRow(
                application_id=app.id,
                org_name=app.org_name,
                score=mean,
                rank=app.rank,
                reviews=reviews,
                status=app.status,
            )
        )
    return rows


def expert_scores(ctx: Context, ch: Challenge) -> list[s.ExpertScore]:
    """Every sheet of the challenge's eligible (and later) applications, recusals included."""
    rows = ctx.session.scalars(
        select(Assignment)
        .join(Application, Application.id == Assignment.application_id)
        .where(
            Assignment.challenge_id == ch.id,
            Application.status.in_(("eligible", "recommended", "awarded", "not_awarded")),
        )
        .order_by(Assignment.application_id, Assignment.expert_id)
    )
    return [
        s.ExpertScore(
            application_id=a.application_id,
            expert_id=a.expert_id,
            status=a.status,
            scores={k: float(v) for k, v in a.scores.items()},
            total=a.total,
            comment=a.comment,
            recusal_reason=a.recusal_reason,
        )
        for a in rows
    ]


def review_facts(ctx: Context, ch: Challenge) -> dict[str, bool]:
    statuses = list(
        ctx.session.scalars(
            select(Assignment.status)
            .join(Application, Application.id == Assignment.application_id)
            .where(Assignment.challenge_id == ch.id, Application.status == "eligible")
        )
    )
    return {"panel_ready": "completed" in statuses, "reviews_done": "assigned" not in statuses}


def panel(ctx: Context, ch: Challenge) -> list[s.PanelOut]:
    members = ctx.session.scalars(
        select(PanelMember).where(PanelMember.challenge_id == ch.id).order_by(PanelMember.assigned_at)
    )
    out = []
    for m in members:
        n = len(
            list(
                ctx.session.scalars(
                    select(Assignment.id).where(Assignment.challenge_id == ch.id, Assignment.expert_id == m.user_id)
                )
            )
        )
        status: Literal["pending", "confirmed"] = "confirmed" if m.coi_signed_at is not None else "pending"
        out.append(s.PanelOut(user_id=m.user_id, status=status, coi_signed_at=m.coi_signed_at, assignments=n))
    return out
