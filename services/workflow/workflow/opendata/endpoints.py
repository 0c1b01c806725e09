"""Open data, whoever asks: the published challenges as CSV, and one challenge as an OCDS release package."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from kit.app import public_base_url
from kit.auth import OptionalUser
from kit.errors import NotFound, problem_responses
from workflow.challenge import repository as challenges
from workflow.challenge.lifecycle import PUBLISHED
from workflow.context import Ctx
from workflow.models import Challenge
from workflow.opendata import csv_export
from workflow.opendata.ocds import release_package

router = APIRouter(tags=["challenges"])


@router.get(
    "/challenges.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "Published challenges, UTF-8 CSV with BOM"}},
)
def challenges_csv(ctx: Ctx) -> Response:
    """Open data: every published challenge's public fields, whoever asks."""
    stmt = challenges.readable_by(None).order_by(Challenge.published_at.desc(), Challenge.id)
    return Response(
        "".join(csv_export.rows(ctx.session.scalars(stmt))),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="challenges.csv"'},
    )


@router.get("/challenges/{challenge_id}/ocds", responses=problem_responses(404))
def ocds(ctx: Ctx, principal: OptionalUser, challenge_id: str, request: Request) -> dict[str, Any]:
    ch = challenges.get(ctx.session, challenge_id)
    if ch.status not in PUBLISHED or ch.published_at is None:
        raise NotFound(f"challenge {challenge_id} not found")
    return release_package(ctx, ch, public_base_url(request))
