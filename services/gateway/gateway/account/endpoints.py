"""The signed-in user's contacts (e-mail, mobile: each verified by a code), the language of messages
sent outside the app, the password reset through the verified e-mail (decision 0081), and the user's own
sessions: each refresh-token family still alive, and signing one out (decision 0084)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway import audit
from gateway.account import preferences, reset_links
from gateway.account.schemas import (
    Channel,
    CodeSent,
    ContactAddress,
    ContactCodeIn,
    Contacts,
    DigestIn,
    LocaleIn,
    Preference,
    PreferencesIn,
    ResetAccepted,
    ResetConfirm,
    ResetLinkConfirm,
    ResetRequest,
)
from gateway.account.service import Codes, accounts_named, code_invalid, normal_email, normal_mobile
from gateway.auth.endpoints import refuse_if_throttled
from gateway.auth.passwords import verify
from gateway.auth.policy import WeakPassword, check_policy
from gateway.auth.rate import client_address
from gateway.auth.service import (
    check_not_reused,
    earlier_hashes,
    ensure_may_sign_in,
    load_identity,
    repeats,
    reused_password,
    revoke_tokens,
    set_password,
)
from gateway.deps import AuthDep, ClockDep, ThrottleDep
from gateway.models import RefreshToken, User
from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import NotFound, Unauthorized, UnprocessableContent, problem_responses
from kit.notices import KINDS, kind
from kit.tokens import Principal

log = logging.getLogger("gateway.account")
router = APIRouter(prefix="/api/account", tags=["account"])
reset_router = APIRouter(prefix="/api/auth", tags=["auth"])


async def _codes(request: Request) -> Codes:
    codes: Codes = request.app.state.codes
    return codes


CodesDep = Annotated[Codes, Depends(_codes)]


def _user(session: Session, principal: Principal) -> User:
    user = session.get(User, principal.subject)
    if user is None:
        raise Unauthorized("账号不存在。 Unknown account.")
    ensure_may_sign_in(load_identity(session, user))
    return user


def _contacts(session: Session, codes: Codes, user: User, now: datetime) -> Contacts:
    pending = codes.pending(session, user.id, now)
    return Contacts(
        email=user.email,
        email_verified_at=user.email_verified_at,
        mobile=user.mobile,
        mobile_verified_at=user.mobile_verified_at,
        pending_email=pending["email"].address if "email" in pending else None,
        pending_mobile=pending["mobile"].address if "mobile" in pending else None,
        locale="en" if user.locale == "en" else "zh",
        email_digest=user.email_digest,
    )


@router.get("/contacts", response_model=Contacts, responses=problem_responses(401, 403))
def get_contacts(request: Request, principal: CurrentUser, codes: CodesDep, clock: ClockDep) -> Contacts:
    with request.app.state.sessionmaker() as session:
        return _contacts(session, codes, _user(session, principal), clock.now())


@router.post(
    "/contacts/{channel}",
    status_code=202,
    response_model=CodeSent,
    responses=problem_responses(401, 403, 422, 429, 503),
)
def start_verification(
    channel: Channel, body: ContactAddress, request: Request, principal: CurrentUser, codes: CodesDep, clock: ClockDep
) -> CodeSent:
    """Sends a code to the new address; the address replaces the verified one only when the code
    comes back to `/contacts/{channel}/verify`."""
    now = clock.now()
    address = normal_email(body.address) if channel == "email" else normal_mobile(body.address)
    with request.app.state.sessionmaker() as session:
        user_id = _user(session, principal).id
    issued = codes.issue(user_id, channel, address, client_address(request), now)
    assert issued is not None
    return CodeSent(address=issued.address, expires_at=issued.expires_at)


@router.post("/contacts/{channel}/verify", response_model=Contacts, responses=problem_responses(401, 403, 422, 429))
def verify_contact(
    channel: Channel,
    body: ContactCodeIn,
    request: Request,
    principal: CurrentUser,
    codes: CodesDep,
    throttle: ThrottleDep,
    clock: ClockDep,
) -> Contacts:
    now = clock.now()
    account, address = principal.username.lower(), client_address(request)
    refuse_if_throttled(throttle, account, address, now)
    with request.app.state.sessionmaker.begin() as session:
        user = _user(session, principal)
        row = codes.check(session, [user.id], channel, body.code, now, actor=f"user:{user.id}")
        if row is not None:
            if channel == "email":
                user.email, user.email_verified_at = row.address, now
            else:
                user.mobile, user.mobile_verified_at = row.address, now
            answer = _contacts(session, codes, user, now)
    if row is None:
        throttle.record_failure(account, address, now)
        raise code_invalid()
    return answer


@router.delete("/contacts/{channel}", response_model=Contacts, responses=problem_responses(401, 403, 422))
def remove_contact(
    channel: Channel, request: Request, principal: CurrentUser, codes: CodesDep, clock: ClockDep
) -> Contacts:
    """Forgets the verified address (and stops messages to it)."""
    with request.app.state.sessionmaker.begin() as session:
        user = _user(session, principal)
        if channel == "email":
            user.email = user.email_verified_at = None
        else:
            user.mobile = user.mobile_verified_at = None
        return _contacts(session, codes, user, clock.now())


@router.put("/locale", response_model=Contacts, responses=problem_responses(401, 403, 422))
def set_locale(body: LocaleIn, request: Request, principal: CurrentUser, codes: CodesDep, clock: ClockDep) -> Contacts:
    """The language of e-mail and SMS to the user (the screens follow the browser's own choice)."""
    with request.app.state.sessionmaker.begin() as session:
        user = _user(session, principal)
        user.locale = body.locale
        return _contacts(session, codes, user, clock.now())


@router.put("/digest", response_model=Contacts, responses=problem_responses(401, 403, 422))
def set_digest(body: DigestIn, request: Request, principal: CurrentUser, codes: CodesDep, clock: ClockDep) -> Contacts:
    """The e-mail notices as one daily digest at 08:00 Beijing time instead of one e-mail each
    (decision 0093); SMS stays immediate. Notices already waiting for a digest still go in it."""
    with request.app.state.sessionmaker.begin() as session:
        user = _user(session, principal)
        user.email_digest = body.enabled
        return _contacts(session, codes, user, clock.now())


def _preferences(session: Session, user_id: str) -> list[Preference]:
    return [
        Preference(kind=name, label=kind(name).zh, label_en=kind(name).en, channel=channel, enabled=enabled)
        for (name, channel), enabled in preferences.choices(session, user_id).items()
    ]


@router.get("/preferences", response_model=list[Preference], responses=problem_responses(401, 403))
def get_preferences(request: Request, principal: CurrentUser) -> list[Preference]:
    """Which notifications reach the user by e-mail and by SMS (in the app: all of them, always)."""
    with request.app.state.sessionmaker() as session:
        return _preferences(session, _user(session, principal).id)


@router.put("/preferences", response_model=list[Preference], responses=problem_responses(401, 403, 422))
def put_preferences(body: PreferencesIn, request: Request, principal: CurrentUser) -> list[Preference]:
    """Changes the choices named; the others stay as they are."""
    wanted: dict[tuple[str, str], bool] = {}
    for index, item in enumerate(body.items):
        if not preferences.allowed(item.kind, item.channel) or item.kind not in KINDS:
            field = f"items[{index}].kind"
            raise UnprocessableContent(
                f"{field}: 没有这种通知，或它不能经{item.channel}发送。 "
                f"No such notification kind, or it cannot go by {item.channel}.",
                code="invalid-preference",
                field=field,
            )
        wanted[(item.kind, item.channel)] = item.enabled
    with request.app.state.sessionmaker.begin() as session:
        user_id = _user(session, principal).id
        preferences.save(session, user_id, wanted)
        session.flush()
        return _preferences(session, user_id)


RESET_ACCEPTED = (
    "如果该账号存在且已验证电子邮箱，验证码已发送到该邮箱。 "
    "If the account exists and has a verified e-mail, a code has been sent to it."
)


@reset_router.post(
    "/password-reset", status_code=202, response_model=ResetAccepted, responses=problem_responses(422, 429)
)
def request_reset(body: ResetRequest, request: Request, codes: CodesDep, clock: ClockDep) -> ResetAccepted:
    """A reset code to the verified e-mail of the account named by username or e-mail. The answer
    is the same whether or not such an account exists."""
    now = clock.now()
    client = client_address(request)
    codes.refuse_if_address_limited(client, now)
    with request.app.state.sessionmaker() as session:
        targets = [(u.id, u.email) for u in accounts_named(session, body.account) if u.email and u.email_verified_at]
    for user_id, email in targets:
        codes.issue(user_id, "reset", email, client, now, quiet=True)
    return ResetAccepted(detail=RESET_ACCEPTED)


@reset_router.post("/password-reset/confirm", status_code=204, responses=problem_responses(422, 429, 503))
def confirm_reset(
    body: ResetConfirm, request: Request, codes: CodesDep, auth: AuthDep, throttle: ThrottleDep, clock: ClockDep
) -> None:
    """The new password, with the code from the e-mail. Every session of the account ends; the user
    then signs in as usual (with the second factor, where one is enrolled). Wrong codes count as
    failed sign-ins of the account named."""
    now = clock.now()
    account, address = body.account.strip().lower(), client_address(request)
    refuse_if_throttled(throttle, account, address, now)
    # Hashed before the transaction: argon2id never runs while SQLite's write lock is held. So is
    # the comparison with each named account's earlier passwords, whose result is told only to the
    # holder of a valid code (below).
    new_hash = auth.hasher.hash(body.new_password)
    with request.app.state.sessionmaker() as reading:
        earlier = {
            u.id: [u.password_hash, *earlier_hashes(reading, u.id)] for u in accounts_named(reading, body.account)
        }
    reused = {user_id: repeats(auth.hasher, hashes, body.new_password) for user_id, hashes in earlier.items()}
    with request.app.state.sessionmaker.begin() as session:
        users = accounts_named(session, body.account)
        ids = [u.id for u in users]
        row = codes.check(session, ids, "reset", body.code, now, actor=f"client:{address}") if users else None
        if row is not None:
            user = next(u for u in users if u.id == row.user_id)
            # A refusal here rolls back: the code stays live for a better password.
            check_policy(body.new_password, user.username, field="new_password")
            if reused.get(user.id):
                raise reused_password()
            set_password(session, user, new_hash, now)
    if row is None:
        throttle.record_failure(account, address, now)
        raise code_invalid()
    throttle.clear(account, address)


@reset_router.post("/password-reset/link", status_code=204, responses=problem_responses(422, 429, 503))
def confirm_reset_link(
    body: ResetLinkConfirm, request: Request, auth: AuthDep, throttle: ThrottleDep, clock: ClockDep
) -> None:
    """The new password, with the token of a link an administrator issued (decision 0092). Every
    session of the account ends; the user then signs in as usual. An unknown, used, replaced or
    expired link: 422 naming `token` and why. Unknown tokens count as failed sign-ins from the client."""
    now = clock.now()
    address = client_address(request)
    account = f"reset-link:{reset_links.digest(body.token)[:16]}"
    refuse_if_throttled(throttle, account, address, now)
    try:
        with request.app.state.sessionmaker() as session:
            link = reset_links.live(session, body.token, now)
            user = session.get(User, link.user_id)
            if user is None or user.status != "active":
                raise reset_links.link_problem("unknown")
            username, current_hash = user.username, user.password_hash
            earlier = earlier_hashes(session, user.id)
    except UnprocessableContent as exc:
        if exc.type_code == "reset-link-unknown":
            throttle.record_failure(account, address, now)  # after the read: SQLite has one writer
        raise
    check_policy(body.new_password, username, field="new_password")
    # argon2id outside the transaction: never while SQLite's write lock is held.
    if verify(auth.hasher, current_hash, body.new_password):
        raise WeakPassword(
            "new_password: 新密码不能与当前密码相同。 The new password must differ from the current one.",
            code="password-unchanged",
            field="new_password",
        )
    check_not_reused(auth.hasher, earlier, body.new_password)
    new_hash = auth.hasher.hash(body.new_password)
    with request.app.state.sessionmaker.begin() as session:
        link = reset_links.live(session, body.token, now, lock=True)  # not spent meanwhile
        user = session.get(User, link.user_id, with_for_update=True)
        assert user is not None
        link.used_at = now
        set_password(session, user, new_hash, now)
        data = {"link_id": link.id, "issued_by": link.issued_by}
        target, actor = f"user:{user.id}", (f"user:{user.id}", user.username)
        audit.record(session, None, "user.password_reset_by_link", target, now=now, data=data, actor=actor)
    log.info("password reset by link", extra={"user_id": link.user_id})


class AccountSession(BaseModel):
    id: str = Field(description="the session (refresh-token family)")
    started_at: datetime | None = Field(description="signed in at; unknown for sessions older than the list")
    last_active_at: datetime | None = Field(description="the session's latest token refresh")
    expires_at: datetime = Field(description="ends unless refreshed before")
    user_agent: str | None
    current: bool = Field(description="the session of this request")


@router.get("/sessions", response_model=list[AccountSession], responses=problem_responses(401, 403))
def list_sessions(principal: CurrentUser, session: DbSession, clock: ClockDep) -> list[AccountSession]:
    """The user's sessions still alive (a refresh token unused, unrevoked and unexpired), newest first."""
    now = clock.now()
    live = session.execute(
        select(RefreshToken.family, RefreshToken.expires_at, RefreshToken.user_agent).where(
            RefreshToken.user_id == principal.subject,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
    ).all()
    families = {family for family, _, _ in live}
    spans = {
        family: (first, last)
        for family, first, last in session.execute(
            select(RefreshToken.family, func.min(RefreshToken.issued_at), func.max(RefreshToken.issued_at))
            .where(RefreshToken.family.in_(families))
            .group_by(RefreshToken.family)
        )
    }
    out = [
        AccountSession(
            id=family,
            started_at=spans.get(family, (None, None))[0],
            last_active_at=spans.get(family, (None, None))[1],
            expires_at=expires,
            user_agent=agent,
            current=family == principal.session_id,
        )
        for family, expires, agent in live
    ]
    return sorted(out, key=lambda s: (not s.current, -(s.last_active_at or s.expires_at).timestamp()))


@router.delete("/sessions/{session_id}", status_code=204, responses=problem_responses(401, 403, 404))
def revoke_session(session_id: str, principal: CurrentUser, session: DbSession, clock: ClockDep) -> None:
    """Signs one of the user's sessions out: its refresh token stops working at once, and its access
    token lapses within minutes. Signing out the current session ends this one too."""
    now = clock.now()
    alive = session.scalar(
        select(RefreshToken.id).where(
            RefreshToken.family == session_id,
            RefreshToken.user_id == principal.subject,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.used_at.is_(None),
            RefreshToken.expires_at > now,
        )
    )
    if alive is None:
        raise NotFound("没有这个登录会话。 No such session.")
    revoke_tokens(session, RefreshToken.family == session_id, now)
    data = {"session_id": session_id, "current": session_id == principal.session_id}
    audit.record(session, principal, "user.session_revoked", f"user:{principal.subject}", now=now, data=data)
