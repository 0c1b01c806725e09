import secrets
from datetime import timedelta
from typing import Any, Literal

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway import audit
from gateway.account import reset_links
from gateway.account.lifecycle import LIFECYCLE as USERS
from gateway.admin.schemas import (
    AdminUser,
    CreateUser,
    PasswordReset,
    Rejection,
    ResetLinkIssued,
    ResetLinkRequest,
    StatusChange,
)
from gateway.auth import totp
from gateway.auth.service import revoke_tokens, set_password, user_view
from gateway.deps import ClockDep, SettingsDep
from gateway.membership.rules import check_operator_grant
from gateway.models import Organisation as OrganisationRow
from gateway.models import RefreshToken, User
from gateway.models.organisation import OrganisationStatus
from gateway.organisations import service
from gateway.organisations.lifecycle import LIFECYCLE as ORGANISATIONS
from gateway.organisations.schemas import CreateOrganisation, ReviewedOrganisation
from kit.auth import AdminUser as Admin
from kit.clock import Clock, to_shanghai
from kit.db import DbSession
from kit.errors import Conflict, NotFound, problem_responses
from kit.history import actor, transition
from kit.tokens import Principal

router = APIRouter(prefix="/api/admin", tags=["admin"], responses=problem_responses(401, 403))


def _org(session: Session, org_id: str) -> OrganisationRow:
    org = session.get(OrganisationRow, org_id, with_for_update=True)
    if org is None:
        raise NotFound("机构不存在。 No such organisation.")
    return org


def _user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound("用户不存在。 No such user.")
    return user


def _record(
    session: Session,
    admin: Principal,
    action: str,
    obj: OrganisationRow | User,
    clock: Clock,
    *,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    kind = "organisation" if isinstance(obj, OrganisationRow) else "user"
    audit.record(session, admin, action, f"{kind}:{obj.id}", now=clock.now(), reason=reason, data=data)


def _user_out(session: Session, user: User, admin: Principal) -> AdminUser:
    out = AdminUser.model_validate(user_view(session, user), from_attributes=True)
    out.allowed_actions = USERS.allowed_actions(user, actor(admin))
    return out


def _org_out(org: OrganisationRow, admin: Principal) -> ReviewedOrganisation:
    out = ReviewedOrganisation.model_validate(org)
    out.allowed_actions = ORGANISATIONS.allowed_actions(org, actor(admin))
    return out


@router.get("/organisations", response_model=list[ReviewedOrganisation])
def list_organisations(
    admin: Admin,
    session: DbSession,
    status: OrganisationStatus | None = None,
    kind: Literal["enterprise", "vendor", "government", "operator"] | None = None,
) -> list[ReviewedOrganisation]:
    query = select(OrganisationRow).order_by(OrganisationRow.created_at, OrganisationRow.name)
    if status:
        query = query.where(OrganisationRow.status == status)
    if kind:
        query = query.where(OrganisationRow.kind == kind)
    return [_org_out(o, admin) for o in session.scalars(query)]


@router.post("/organisations", status_code=201, response_model=ReviewedOrganisation, responses=problem_responses(409))
def create_organisation(
    body: CreateOrganisation, admin: Admin, session: DbSession, clock: ClockDep
) -> ReviewedOrganisation:
    org = service.create_organisation(session, body, body.kind, "active", clock.now())
    _record(session, admin, "organisation.created", org, clock, data={"name": org.name, "kind": org.kind})
    return _org_out(org, admin)


@router.post(
    "/organisations/{org_id}/verify", response_model=ReviewedOrganisation, responses=problem_responses(404, 409)
)
def verify_organisation(org_id: str, admin: Admin, session: DbSession, clock: ClockDep) -> ReviewedOrganisation:
    org = _org(session, org_id)
    transition(ORGANISATIONS, session, admin, org, "verify", clock)
    return _org_out(org, admin)


@router.post(
    "/organisations/{org_id}/reject", response_model=ReviewedOrganisation, responses=problem_responses(404, 409, 422)
)
def reject_organisation(
    org_id: str, body: Rejection, admin: Admin, session: DbSession, clock: ClockDep
) -> ReviewedOrganisation:
    org = _org(session, org_id)
    transition(ORGANISATIONS, session, admin, org, "reject", clock, reason=body.reason)
    return _org_out(org, admin)


@router.post("/organisations/{org_id}/suspend", response_model=ReviewedOrganisation, responses=problem_responses(404))
def suspend_organisation(
    org_id: str, body: StatusChange, admin: Admin, session: DbSession, clock: ClockDep
) -> ReviewedOrganisation:
    org = _org(session, org_id)
    transition(ORGANISATIONS, session, admin, org, "suspend", clock, reason=body.reason or "")
    return _org_out(org, admin)


@router.post(
    "/organisations/{org_id}/reactivate", response_model=ReviewedOrganisation, responses=problem_responses(404)
)
def reactivate_organisation(org_id: str, admin: Admin, session: DbSession, clock: ClockDep) -> ReviewedOrganisation:
    org = _org(session, org_id)
    transition(ORGANISATIONS, session, admin, org, "reactivate", clock)
    return _org_out(org, admin)


@router.get("/users", response_model=list[AdminUser])
def list_users(admin: Admin, session: DbSession) -> list[AdminUser]:
    return [_user_out(session, u, admin) for u in session.scalars(select(User).order_by(User.username))]


@router.post("/users", status_code=201, response_model=AdminUser, responses=problem_responses(404, 409, 422))
def create_user(body: CreateUser, request: Request, admin: Admin, session: DbSession, clock: ClockDep) -> AdminUser:
    password_hash = request.app.state.hasher.hash(body.password)  # argon2id before the transaction begins
    org = _org(session, body.organisation_id)
    check_operator_grant(org.kind, body.roles)
    user = service.create_user(session, body, password_hash, org, list(body.roles), "active", clock.now())
    data = {"username": user.username, "roles": sorted(body.roles), "organisation_id": org.id}
    _record(session, admin, "user.created", user, clock, data=data)
    return _user_out(session, user, admin)


@router.post("/users/{user_id}/suspend", response_model=AdminUser, responses=problem_responses(404))
def suspend_user(user_id: str, body: StatusChange, admin: Admin, session: DbSession, clock: ClockDep) -> AdminUser:
    user = _user(session, user_id)
    transition(USERS, session, admin, user, "suspend", clock, reason=body.reason or "")
    return _user_out(session, user, admin)


@router.post("/users/{user_id}/reset-password", response_model=PasswordReset, responses=problem_responses(404))
def reset_password(
    user_id: str, request: Request, admin: Admin, session: DbSession, settings: SettingsDep, clock: ClockDep
) -> PasswordReset:
    """A one-time temporary password for a user who lost theirs, shown to the administrator once: it
    signs in only to be replaced, until it expires; every session of the user ends now."""
    temporary = secrets.token_urlsafe(12)
    password_hash = request.app.state.hasher.hash(temporary)  # argon2id before the transaction begins
    user = _user(session, user_id)
    until = clock.now() + timedelta(hours=settings.temporary_password_hours)
    set_password(session, user, password_hash, clock.now(), temporary_until=until)
    _record(session, admin, "user.password_reset", user, clock, data={"expires_at": until.isoformat()})
    return PasswordReset(user_id=user.id, temporary_password=temporary, expires_at=until)


@router.post(
    "/users/{user_id}/password-reset-link",
    status_code=201,
    response_model=ResetLinkIssued,
    responses=problem_responses(404, 409, 422),
)
def issue_reset_link(
    user_id: str, body: ResetLinkRequest, request: Request, admin: Admin, settings: SettingsDep, clock: ClockDep
) -> ResetLinkIssued:
    """A one-time link with which the user sets a new password (decision 0092), shown to the
    administrator once and e-mailed to the user's verified address, if any. Earlier links of the
    user stop working; the user's password and sessions stay until the link is used."""
    now = clock.now()
    with request.app.state.sessionmaker.begin() as session:
        user = _user(session, user_id)
        if user.status != "active":
            raise Conflict(
                f"只能为正常状态的账号重置密码（当前：{user.status}）。 Only active accounts can reset their password.",
                code="user-not-active",
                current_status=user.status,
            )
        new = reset_links.issue(session, user, admin.subject, now, settings.reset_link_hours)
        to_email = bool(user.email and user.email_verified_at)
        data = {"expires_at": new.expires_at.isoformat(), "link_id": new.link_id, "to_email": to_email}
        _record(session, admin, "user.password_reset_link", user, clock, reason=body.reason, data=data)
        session.expunge(user)
    origin = settings.public_base_url or str(request.base_url)
    link = reset_links.url(origin, new.token)
    codes = request.app.state.codes
    expires_text = to_shanghai(new.expires_at).strftime("%Y-%m-%d %H:%M")
    sent = reset_links.send(codes.mailer, codes.mail_settings, user, link, new, expires_text, now)
    emailed_to = user.email if sent else None
    return ResetLinkIssued(user_id=user_id, link=link, expires_at=new.expires_at, emailed_to=emailed_to)


@router.post("/users/{user_id}/activate", response_model=AdminUser, responses=problem_responses(404))
def activate_user(user_id: str, admin: Admin, session: DbSession, clock: ClockDep) -> AdminUser:
    user = _user(session, user_id)
    transition(USERS, session, admin, user, "activate", clock)
    return _user_out(session, user, admin)


@router.post("/users/{user_id}/totp/reset", response_model=AdminUser, responses=problem_responses(404, 409, 422))
def reset_totp(user_id: str, body: Rejection, admin: Admin, session: DbSession, clock: ClockDep) -> AdminUser:
    """Switches off the second factor of a user who lost both the device and the recovery codes (the
    identity checked outside the platform, `reason` saying how); every session of the user ends, and
    a user whose role requires the factor enrols again at the next sign-in."""
    user = _user(session, user_id)
    if user.totp_enabled_at is None and user.totp_secret is None:
        raise Conflict("该用户未启用动态口令。 The user has no TOTP factor.", code="totp-not-enabled")
    totp.disable(session, user)
    revoke_tokens(session, RefreshToken.user_id == user.id, clock.now())
    _record(session, admin, "user.totp_reset", user, clock, reason=body.reason)
    return _user_out(session, user, admin)
