"""Invitations: an enterprise's or vendor's administrator adds members; the invitee picks a username
and password. One use, seven days."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.membership.rules import MEMBER_ROLE
from gateway.models import Invitation, Membership, Organisation, User
from gateway.organisations import service as organisations
from gateway.organisations.schemas import NewUser
from kit.errors import Conflict, Forbidden, NotFound
from kit.tokens import Principal

INVITATION_TTL = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _administers(session: Session, principal: Principal, org_id: str) -> bool:
    return (
        session.scalar(
            select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.user_id == principal.subject,
                Membership.organisation_id == org_id,
                Membership.org_admin.is_(True),
                User.status == "active",
            )
        )
        is not None
    )


def _active(org: Organisation) -> None:
    if org.status != "active":
        raise Conflict(
            f"机构当前状态为 {org.status}，不能加入成员。 The organisation is {org.status}; no members can join.",
            code="organisation-not-active",
        )


def _require_administrator(session: Session, principal: Principal, org_id: str) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None or org.kind not in MEMBER_ROLE or not _administers(session, principal, org.id):
        raise Forbidden(
            "只有本机构的管理员可以管理成员。 Only the organisation's own administrator manages its members.",
            code="not-organisation-admin",
        )
    return org


def members(session: Session, principal: Principal, org_id: str) -> list[tuple[User, Membership]]:
    org = _require_administrator(session, principal, org_id)
    rows = session.execute(
        select(User, Membership)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == org.id)
        .order_by(Membership.created_at, User.username)
    )
    return [(user, membership) for user, membership in rows]


def invite(session: Session, principal: Principal, org_id: str, now: datetime) -> tuple[Invitation, str]:
    """(invitation, the one-time token)."""
    org = _require_administrator(session, principal, org_id)
    role = MEMBER_ROLE[org.kind]
    _active(org)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=org.id,
        role=role,
        token_hash=_hash(token),
        invited_by=principal.subject,
        created_at=now,
        expires_at=now + INVITATION_TTL,
    )
    session.add(invitation)
    session.flush()
    return invitation, token


def accept(session: Session, token: str, fields: NewUser, password_hash: str, now: datetime) -> tuple[User, Invitation]:
    """`password_hash`: computed before the transaction began (see organisations.create_user)."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)).with_for_update())
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= now:
        raise NotFound(
            "邀请无效、已使用或已过期。 The invitation is invalid, used or expired.", code="invitation-invalid"
        )
    org = session.get(Organisation, invitation.organisation_id)
    assert org is not None  # a foreign key
    _active(org)
    user = organisations.create_user(session, fields, password_hash, org, [invitation.role], "active", now)
    invitation.accepted_at, invitation.accepted_by = now, user.id
    return user, invitation
