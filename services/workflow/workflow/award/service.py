"""The 公示 notice of a challenge's awards. What recommending, approving, rejecting and finalising do
is written on their rules in workflow/challenge/lifecycle.py."""

from __future__ import annotations

from kit.errors import NotFound
from workflow.application import repository as applications
from workflow.application.lifecycle import REVIEWED
from workflow.award import lifecycle as awards
from workflow.award import schemas as s
from workflow.challenge.facts import open_objections as open_objections
from workflow.challenge.lifecycle import AWARDED, PUBLICITY
from workflow.challenge.lifecycle import publicity_end_text as publicity_end_text
from workflow.context import Context
from workflow.models import Award, Challenge


def current(ctx: Context, ch: Challenge, statuses: tuple[str, ...]) -> list[Award]:
    return awards.current(ctx.session, ch, statuses)


def publicity(ctx: Context, ch: Challenge) -> s.Publicity:
    if ch.status not in (PUBLICITY, AWARDED):
        raise NotFound("No 公示 for this challenge")
    winners = [
        s.AwardOut(
            id=a.id,
            application_id=a.application_id,
            org_id=a.org_id,
            org_name=a.org_name,
            score=a.score,
            rank=a.rank,
            status=a.status,
            created_at=a.created_at,
        )
        for a in current(ctx, ch, ("approved",))
    ]
    apps = applications.for_challenge(ctx.session, ch.id, REVIEWED)
    scores = [a.score for a in apps if a.score is not None]
    summary: dict[str, float | int | None] = {
        "applications_reviewed": len(scores),
        "highest": max(scores) if scores else None,
        "lowest": min(scores) if scores else None,
        "mean": round(sum(scores) / len(scores), 2) if scores else None,
    }
    results = []
    if ch.status == AWARDED:
        results = [
            s.ResultRow(org_name=a.org_name, score=a.score, rank=a.rank, status=a.status)
            for a in sorted(apps, key=lambda a: (a.rank is None, a.rank or 0))
        ]
    return s.Publicity(
        challenge_id=ch.id,
        title=ch.title,
        status=ch.status,
        publicity_started_at=ch.publicity_started_at,
        publicity_ends_at=ch.publicity_ends_at,
        publicity_ends_provisional=ch.publicity_ends_provisional,
        winners=winners,
        scores_summary=summary,
        results=results,
    )
