"""The sealing rule: who may read an application, decided by status and ownership, never by the UI."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.auth import require_roles
from kit.tokens import Principal
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
