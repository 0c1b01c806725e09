from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from sqlalchemy import select

from gateway import audit
from gateway.auth import cookie, totp
from gateway.auth.rate import client_address
from gateway.auth.schemas import (
    Me,
    OrganisationOut,
    PasswordChange,
    RecoveryCodes,
    RefreshRequest,
    TokenPair,
    TotpCode,
    TotpDisable,
    TotpEnrolment,
    UserOut,
)
from gateway.auth.service import (
    AuthService,
    Verified,
    check_new_password,
    check_not_reused,
    earlier_hashes,
    ensure_may_sign_in,
    invalid_credentials,
    load_identity,
    set_password,
)
from gateway.auth.throttle import LoginThrottle
from gateway.config import Settings
from gateway.deps import AuthDep, ClockDep, RefreshLimitDep, SettingsDep, ThrottleDep
from gateway.models import User
from kit.auth import CurrentUser, EnrollingUser
from kit.db import DbSession
from kit.errors import Conflict, TooManyRequests, Unauthorized, UnprocessableContent, problem_responses
from kit.tokens import Principal

router = APIRouter(prefix="/api/auth", tags=["auth"])

TRANSPORT_DOC = (
    "With `X-Token-Transport: cookie` (the browser) the refresh token is set as an HttpOnly cookie "
    "instead of the body's `refresh_token` (decision 0091)."
)


def deliver(
    pair: TokenPair, response: Response, settings: Settings, auth: AuthService, *, to_cookie: bool
) -> TokenPair:
    """The pair as the client asked for it: whole in the body, or the refresh token in the cookie."""
    if not to_cookie or pair.refresh_token is None:
        return pair
    cookie.set_refresh_cookie(response, pair.refresh_token, settings, auth.codec.settings.refresh_ttl_seconds)
    return pair.model_copy(update={"refresh_token": None})


def refuse_if_throttled(throttle: LoginThrottle, account: str, address: str, now: datetime) -> None:
    wait = throttle.retry_after(account, address, now)
    if wait is not None:
        raise TooManyRequests(
            f"登录失败次数过多，请 {wait} 秒后再试。 Too many failed sign-ins; retry in {wait}s.",
            retry_after=wait,
            code="login-throttled",
        )


@router.post(
    "/token",
    response_model=TokenPair,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 422, 429, 503),
    description=TRANSPORT_DOC,
)
def issue_token(
    request: Request,
    response: Response,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    auth: AuthDep,
    throttle: ThrottleDep,
    clock: ClockDep,
    settings: SettingsDep,
    new_password: Annotated[
        str | None, Form(max_length=200, description="replaces a temporary password set by an administrator")
    ] = None,
    totp_code: Annotated[
        str | None, Form(max_length=20, description="a current TOTP code or an unused recovery code")
    ] = None,
) -> TokenPair:
    # Explicit transactions instead of the request session: a failed attempt must be counted
    # even though the request fails, and SQLite allows one writer at a time, so the password is
    # checked before the transaction that issues the tokens.
    now = clock.now()
    account, address = username.lower(), client_address(request)
    refuse_if_throttled(throttle, account, address, now)
    verified = auth.check_password(request.app.state.sessionmaker, username, password)
    user, refusal = None, None
    if verified is not None:
        replacement = auth.replacement_hash(request.app.state.sessionmaker, verified, password, new_password, now)
        with request.app.state.sessionmaker.begin() as session:
            user = auth.signed_in_user(session, verified)
            if user is not None:
                identity = load_identity(session, user)
                ensure_may_sign_in(identity)
                refusal = totp.sign_in_refusal(session, user, totp_code, now)
                if refusal is None:
                    if replacement is not None:
                        set_password(session, user, replacement, now)
                    pair = auth.issue(session, identity, now, user_agent=request.headers.get("user-agent"))
    if user is None:
        throttle.record_failure(account, address, now)
        raise invalid_credentials()
    if refusal is not None:
        # A wrong second factor counts like a wrong password; a missing one only asks for it.
        if refusal.type_code == "totp-invalid":
            throttle.record_failure(account, address, now)
        raise refusal
    throttle.clear(account, address)
    return deliver(pair, response, settings, auth, to_cookie=cookie.wants_cookie(request))


def _confirm_password(
    request: Request,
    principal: Principal,
    auth: AuthService,
    throttle: LoginThrottle,
    now: datetime,
    password: str,
    *,
    field: str,
    wrong: str,
) -> Verified:
    """The signed-in user's password, checked under the sign-in throttle: a wrong one counts as a
    failed sign-in and is refused naming `field`."""
    account, address = principal.username.lower(), client_address(request)
    refuse_if_throttled(throttle, account, address, now)
    verified = auth.check_user_password(request.app.state.sessionmaker, principal.subject, password)
    if verified is None:
        throttle.record_failure(account, address, now)
        raise UnprocessableContent(f"{field}: {wrong}", code="wrong-password", field=field)
    return verified


@router.post(
    "/password",
    response_model=TokenPair,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 409, 422, 429, 503),
)
def change_password(
    body: PasswordChange,
    request: Request,
    response: Response,
    principal: CurrentUser,
    auth: AuthDep,
    throttle: ThrottleDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> TokenPair:
    """The signed-in user's new password, confirmed by the current one. Every other session of the
    user ends; the answer is the pair this session goes on with (its refresh token in the cookie
    with `X-Token-Transport: cookie`, decision 0091)."""
    now = clock.now()
    account, address = principal.username.lower(), client_address(request)
    verified = _confirm_password(
        request,
        principal,
        auth,
        throttle,
        now,
        body.current_password,
        field="current_password",
        wrong="当前密码不正确。 The current password is wrong.",
    )
    check_new_password(body.new_password, body.current_password, verified.username)
    with request.app.state.sessionmaker() as reading:
        earlier = earlier_hashes(reading, verified.user_id)
    check_not_reused(auth.hasher, earlier, body.new_password)
    new_hash = auth.hasher.hash(body.new_password)
    with request.app.state.sessionmaker.begin() as session:
        user = auth.signed_in_user(session, verified)
        if user is None:
            raise Conflict("密码刚被修改过，请重新登录。 The password changed meanwhile.", code="password-changed")
        identity = load_identity(session, user)
        ensure_may_sign_in(identity)
        set_password(session, user, new_hash, now)
        audit.record(session, principal, "user.password_changed", f"user:{user.id}", now=now)
        pair = auth.issue(session, identity, now, user_agent=request.headers.get("user-agent"))
    throttle.clear(account, address)
    return deliver(pair, response, settings, auth, to_cookie=cookie.wants_cookie(request))


@dataclass(frozen=True)
class PresentedToken:
    """The refresh token a refresh or a sign-out presents (None: none), and whether it came from the cookie."""

    token: str | None
    from_cookie: bool


def presented_token(
    request: Request,
    limit: RefreshLimitDep,
    clock: ClockDep,
    settings: SettingsDep,
    body: RefreshRequest | None = None,
) -> PresentedToken:
    """Counted under the refresh limit first (its own short transaction, before the request session's
    first statement), then the refresh token of the body (an API client), else of the cookie (the
    browser, checked against cross-site requests)."""
    limit.admit(client_address(request), clock.now())
    if body is not None:
        return PresentedToken(body.refresh_token, from_cookie=False)
    return PresentedToken(cookie.cookie_token(request, settings), from_cookie=True)


Presented = Annotated[PresentedToken, Depends(presented_token)]


@router.post(
    "/refresh",
    response_model=TokenPair,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 422, 429),
    description="The refresh token in the body, or in the cookie with the `X-CSRF` header (decision 0091); "
    "a token from the cookie is answered in the cookie.",
)
def refresh_token(
    presented: Presented,
    request: Request,
    response: Response,
    session: DbSession,
    auth: AuthDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> TokenPair:
    if presented.token is None:
        raise Unauthorized("未登录或登录已过期。 No refresh token: sign in.", code="invalid-refresh-token")
    pair, refusal = auth.refresh(session, presented.token, clock.now())
    if pair is None:
        # Commit the family revocation before refusing.
        session.commit()
        raise Unauthorized(refusal, code="invalid-refresh-token")
    return deliver(pair, response, settings, auth, to_cookie=presented.from_cookie or cookie.wants_cookie(request))


@router.post(
    "/logout",
    status_code=204,
    responses=problem_responses(403, 422, 429),
    description="Revokes the refresh token's family, the token in the body or in the cookie (with the "
    "`X-CSRF` header), and clears the cookie.",
)
def logout(
    presented: Presented,
    request: Request,
    response: Response,
    session: DbSession,
    auth: AuthDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> None:
    if presented.token is not None:
        auth.revoke_family(session, presented.token, clock.now())
    if presented.from_cookie or cookie.wants_cookie(request):
        cookie.clear_refresh_cookie(response, settings)


def _signed_in_user(session: DbSession, principal: Principal) -> User:
    user = session.scalar(select(User).where(User.id == principal.subject))
    if user is None:
        raise Unauthorized("账号不存在。 Unknown account.")
    ensure_may_sign_in(load_identity(session, user))
    return user


@router.post("/totp/enrol", response_model=TotpEnrolment, responses=problem_responses(401, 403, 409))
def enrol_totp(principal: EnrollingUser, session: DbSession) -> TotpEnrolment:
    """A new TOTP secret for the signed-in user, active once `/totp/confirm` receives a code from it."""
    secret, uri = totp.enrol(_signed_in_user(session, principal))
    return TotpEnrolment(secret=secret, otpauth_uri=uri)


@router.post("/totp/confirm", response_model=RecoveryCodes, responses=problem_responses(401, 403, 409, 422))
def confirm_totp(body: TotpCode, principal: EnrollingUser, session: DbSession, clock: ClockDep) -> RecoveryCodes:
    """Activates the enrolled secret; the answer's recovery codes are shown this once. Tokens issued
    from now on (a refresh) are no longer limited to enrolment."""
    user = _signed_in_user(session, principal)
    codes = totp.confirm(session, user, body.code, clock.now())
    audit.record(session, principal, "user.totp_enabled", f"user:{user.id}", now=clock.now())
    return RecoveryCodes(recovery_codes=codes)


@router.delete("/totp", status_code=204, responses=problem_responses(401, 403, 409, 422, 429, 503))
def disable_totp(
    body: TotpDisable, request: Request, principal: CurrentUser, auth: AuthDep, throttle: ThrottleDep, clock: ClockDep
) -> None:
    """Switches the second factor off, confirmed by the password and a current or recovery code.
    A user whose role requires the factor is then asked to enrol again."""
    now = clock.now()
    account, address = principal.username.lower(), client_address(request)
    verified = _confirm_password(
        request,
        principal,
        auth,
        throttle,
        now,
        body.password,
        field="password",
        wrong="密码不正确。 The password is wrong.",
    )
    accepted = False
    with request.app.state.sessionmaker.begin() as session:
        user = auth.signed_in_user(session, verified)
        if user is None:
            raise Conflict("密码刚被修改过，请重新登录。 The password changed meanwhile.", code="password-changed")
        if user.totp_enabled_at is None:
            raise Conflict("动态口令未启用。 No TOTP factor is active.", code="totp-not-enabled")
        accepted = totp.accept_code(session, user, body.code, now)
        if accepted:
            totp.disable(session, user)
            audit.record(session, principal, "user.totp_disabled", f"user:{user.id}", now=now)
    if not accepted:
        throttle.record_failure(account, address, now)
        raise UnprocessableContent(
            "code: 动态口令不正确或已使用过。 The code is wrong or was used already.", code="totp-invalid", field="code"
        )
    throttle.clear(account, address)


@router.get("/me", response_model=Me, responses=problem_responses(401, 403))
def me(principal: EnrollingUser, session: DbSession) -> Me:
    user = _signed_in_user(session, principal)
    identity = load_identity(session, user)
    org = identity.organisation
    return Me(
        user=UserOut.model_validate(user),
        roles=identity.roles,
        organisation=OrganisationOut.model_validate(org) if org else None,
        totp_enrolment_required=principal.totp_enrolment_only,
    )
