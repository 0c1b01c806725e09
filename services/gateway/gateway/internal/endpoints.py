"""Directory lookups for the other services (service tokens only)."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from gateway.auth.service import user_view
from gateway.models import Membership, User
from kit.auth import ServiceCaller
from kit.db import DbSession
from kit.errors import NotFound, problem_responses

router = APIRouter(prefix="/internal", tags=["internal"], responses=problem_responses(401))


class DirectoryUser(BaseModel):
    id: str
    username: str
    display_name: str
    roles: list[str]
    org_id: str | None
    org_name: str | None
    org_kind: str | None
    status: str


def _directory_user(session: DbSession, user: User) -> DirectoryUser:
    view = user_view(session, user)
    return DirectoryUser(
        id=view.id,
        username=view.username,
        display_name=view.display_name,
        roles=view.roles,
        org_id=view.organisation_id,
        org_name=view.organisation_name,
        org_kind=view.organisation_kind,
        status=view.status,
    )


@router.get("/users/{user_id}", response_model=DirectoryUser, responses=problem_responses(404))
def get_user(user_id: str, _: ServiceCaller, session: DbSession) -> DirectoryUser:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user")
    return _directory_user(session, user)


@router.get("/users", response_model=list[DirectoryUser])
def list_users(_: ServiceCaller, session: DbSession, role: str | None = None) -> list[DirectoryUser]:
    query = select(User).order_by(User.username)
    if role:
        query = query.where(User.id.in_(select(Membership.user_id).where(Membership.role == role)))
    return [_directory_user(session, u) for u in session.scalars(query)]
