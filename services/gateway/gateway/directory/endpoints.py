"""The expert pool, for the reviewers who assign experts to a challenge."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from gateway.auth.service import user_view
from gateway.models import Membership, User
from kit.auth import require_roles
from kit.db import DbSession
from kit.errors import problem_responses
from kit.tokens import Principal

router = APIRouter(prefix="/api/directory", tags=["directory"], responses=problem_responses(401, 403))
Reviewer = Annotated[Principal, Depends(require_roles("gov_reviewer", "admin"))]


class Expert(BaseModel):
    id: str
    username: str
    display_name: str
    organisation_id: str | None
    organisation_name: str | None


@router.get("/experts", response_model=list[Expert])
def list_experts(_: Reviewer, session: DbSession) -> list[Expert]:
    """Active experts with their affiliation (the workflow recuses an expert from its own organisation)."""
    query = (
        select(User)
        .where(User.status == "active", User.id.in_(select(Membership.user_id).where(Membership.role == "expert")))
        .order_by(User.username)
    )
    return [Expert.model_validate(user_view(session, user), from_attributes=True) for user in session.scalars(query)]
