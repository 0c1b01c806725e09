"""Directory lookups for the other services (service tokens only)."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from gateway.auth.service import load_identity
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
    identity = load_identity(session, user)
    org = identity.organisation
    return DirectoryUser(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=identity.roles,
        org_id=org.id if org else None,
        org_name=org.name if org else None,
        org_kind=org.kind if org else None,
        status=user.status,
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
