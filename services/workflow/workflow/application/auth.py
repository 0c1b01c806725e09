"""The sealing rule: who may read an application, decided by status and ownership, never by the UI."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.auth import require_roles
from kit.errors import NotFound
from kit.tokens import Principal
from workflow.application.repository import NOT_FOUND
from workflow.challenge.auth import is_owner
from workflow.models import Application, Assignment, Challenge, PanelMember

VendorUser = Annotated[Principal, Depends(require_roles("vendor"))]
OPENED_STATUSES = frozenset({"opened", "eligible", "ineligible", "fixup", "recommended", "awarded", "not_awarded"})


def is_submitter(app: Application, principal: Principal | None) -> bool:
    return (
        principal is not None
        and principal.has_role("vendor")
        and principal.org_id is not None
        and principal.org_id == app.org_id
    )


def is_opened(ch: Challenge, app: Application) -> bool:
    return ch.opened_at is not None and app.status in OPENED_STATUSES


def joined_before(principal: Principal, app: Application) -> bool:
    """A member who joined the organisation after this version was sealed did not write it; tokens
    without the claim (issued before it existed, 15 minutes at most) are taken as older members."""
    return principal.member_since is None or principal.member_since <= app.submitted_at


def may_read_own(ch: Challenge, app: Application, principal: Principal) -> bool:
    return is_submitter(app, principal) and (is_opened(ch, app) or joined_before(principal, app))


def expert_may_read(session: Session, principal: Principal, app: Application) -> bool:
    if not principal.has_role("expert"):
        return False
    signed = session.scalar(
        select(PanelMember.coi_signed_at).where(
            PanelMember.challenge_id == app.challenge_id, PanelMember.user_id == principal.subject
        )
    )
    if signed is None:
        return False
    status = session.scalar(
        select(Assignment.status).where(Assignment.application_id == app.id, Assignment.expert_id == principal.subject)
    )
    return status in ("assigned", "completed")


def may_read_opened(session: Session, ch: Challenge, app: Application, principal: Principal) -> bool:
    """After the opening: the owner, government reviewers and assigned, unconflicted experts."""
    if not is_opened(ch, app):
        return False
    return is_owner(ch, principal) or principal.has_role("gov_reviewer") or expert_may_read(session, principal, app)


def may_list(session: Session, ch: Challenge, principal: Principal) -> bool:
    if ch.opened_at is None:
        return False
    if is_owner(ch, principal) or principal.has_role("gov_reviewer"):
        return True
    if not principal.has_role("expert"):
        return False
    return (
        session.scalar(
            select(PanelMember.coi_signed_at).where(
                PanelMember.challenge_id == ch.id, PanelMember.user_id == principal.subject
            )
        )
        is not None
    )


# What a route wants to do with an application: read its content, change it as its submitter, take
# the formal-check decision, or name it in an objection to its challenge.
Purpose = Literal["read", "change", "qualify", "cite"]


def _may(session: Session, principal: Principal, ch: Challenge, app: Application, purpose: Purpose) -> bool:
    if purpose == "change":
        return is_submitter(app, principal)
    if purpose == "read":
        return may_read_own(ch, app, principal) or may_read_opened(session, ch, app, principal)
    if purpose == "qualify":
        return principal.has_role("gov_reviewer") and is_opened(ch, app)
    return is_opened(ch, app)


def find_visible(
    session: Session, principal: Principal, application_id: str, purpose: Purpose, *, challenge_id: str | None = None
) -> tuple[Application, Challenge] | None:
    """The application (and its challenge) when this subject may see it for `purpose`, else None.

    The one lookup of every route that takes an application id: a sealed application the caller may
    not see gets exactly what a nonexistent id gets, after the same single query."""
    row = session.execute(
        select(Application, Challenge)
        .join(Challenge, Challenge.id == Application.challenge_id)
        .where(Application.id == application_id)
    ).first()
    if row is None:
        return None
    app, ch = row
    if challenge_id is not None and ch.id != challenge_id:
        return None
    return (app, ch) if _may(session, principal, ch, app, purpose) else None


def visible(
    session: Session, principal: Principal, application_id: str, purpose: Purpose
) -> tuple[Application, Challenge]:
    found = find_visible(session, principal, application_id, purpose)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found
