"""Notification preferences per kind and channel, and who receives a notification by which channel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Membership, NotificationPreference, User
from kit.notices import CHANNELS, KINDS, kind


def allowed(kind_name: str, channel: str) -> bool:
    return channel == "email" or (channel == "sms" and kind(kind_name).sms)


def choices(session: Session, user_id: str) -> dict[tuple[str, str], bool]:
    """Every (kind, channel) the user may choose, with the choice (defaults filled in)."""
    stored = {
        (p.kind, p.channel): p.enabled
        for p in session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user_id))
    }
    return {
        (name, channel): stored.get((name, channel), True)
        for name in KINDS
        for channel in CHANNELS
        if allowed(name, channel)
    }


def save(session: Session, user_id: str, wanted: dict[tuple[str, str], bool]) -> None:
    for (name, channel), enabled in wanted.items():
        row = session.get(NotificationPreference, (user_id, name, channel))
        if row is None:
            session.add(NotificationPreference(user_id=user_id, kind=name, channel=channel, enabled=enabled))
        else:
            row.enabled = enabled


def channels_for(session: Session, user: User, kind_name: str) -> list[str]:
    """The channels outside the app on which `user` receives `kind_name`: a verified address, a kind
    that allows the channel, and no preference against it."""
    stored = {
        p.channel: p.enabled
        for p in session.scalars(
            select(NotificationPreference).where(
                NotificationPreference.user_id == user.id, NotificationPreference.kind == kind_name
            )
        )
    }
    out = []
    if user.email and user.email_verified_at and stored.get("email", True):
        out.append("email")
    if user.mobile and user.mobile_verified_at and allowed(kind_name, "sms") and stored.get("sms", True):
        out.append("sms")
    return out


def audience(session: Session, user_id: str | None, org_id: str | None) -> list[User]:
    """The active users a notification reaches: its user, or every member of its organisation."""
    query = select(User).where(User.status == "active")
    if user_id:
        query = query.where(User.id == user_id)
    elif org_id:
        query = query.where(User.id.in_(select(Membership.user_id).where(Membership.organisation_id == org_id)))
    else:
        return []
    return list(session.scalars(query.order_by(User.username)))
