"""Directory lookups for the other services (service tokens only)."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from gateway.account.preferences import audience, channels_for
from gateway.auth.service import user_view
from gateway.models import Membership, User
from gateway.models.user import UserStatus
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
    status: UserStatus


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


class Recipient(BaseModel):
    """One receiver of a notification outside the app: verified addresses only, on the channels its
    preferences allow (decision 0081)."""

    user_id: str
    locale: str
    email: str | None
    mobile: str | None
    channels: list[str]
    digest: bool = False  # the e-mail goes into the daily digest (decision 0093)


@router.get("/recipients", response_model=list[Recipient])
def recipients(
    _: ServiceCaller,
    session: DbSession,
    kind: Annotated[str, Query(min_length=1, max_length=40)],
    user_id: Annotated[str | None, Query(max_length=36)] = None,
    org_id: Annotated[str | None, Query(max_length=36)] = None,
) -> list[Recipient]:
    """Who receives a notification of `kind` addressed to `user_id` or to the members of `org_id`."""
    out = []
    for user in audience(session, user_id, org_id):
        channels = channels_for(session, user, kind)
        if channels:
            out.append(
                Recipient(
                    user_id=user.id,
                    locale="en" if user.locale == "en" else "zh",
                    email=user.email if "email" in channels else None,
                    mobile=user.mobile if "sms" in channels else None,
                    channels=channels,
                    digest="email" in channels and user.email_digest,
                )
            )
    return out
