from typing import Annotated

from fastapi import APIRouter, Form, Request
from sqlalchemy import select

from gateway.auth.rate import client_address
from gateway.auth.schemas import Me, OrganisationOut, RefreshRequest, TokenPair, UserOut
from gateway.auth.service import ensure_may_sign_in, invalid_credentials, load_identity
from gateway.deps import AuthDep, ClockDep, RefreshLimitDep, ThrottleDep
from gateway.models import User
from kit.auth import CurrentUser
from kit.db import DbSession
from kit.errors import TooManyRequests, Unauthorized, problem_responses

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenPair, responses=problem_responses(401, 403, 429, 503))
def issue_token(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=200)],
    auth: AuthDep,
    throttle: ThrottleDep,
    clock: ClockDep,
) -> TokenPair:
    # Explicit transactions instead of the request session: a failed attempt must be counted
    # even though the request fails, and SQLite allows one writer at a time, so the password is
    # checked before the transaction that issues the tokens.
    now = clock.now()
    account, address = username.lower(), client_address(request)
    wait = throttle.retry_after(account, address, now)
    if wait is not None:
        raise TooManyRequests(
            f"登录失败次数过多，请 {wait} 秒后再试。 Too many failed sign-ins; retry in {wait}s.",
            retry_after=wait,
            code="login-throttled",
        )
    verified = auth.check_password(request.app.state.sessionmaker, username, password)
    user = None
    if verified is not None:
        with request.app.state.sessionmaker.begin() as session:
            user = auth.signed_in_user(session, verified)
            if user is not None:
                identity = load_identity(session, user)
                ensure_may_sign_in(identity)
                pair = auth.issue(session, identity, now)
    if user is None:
        throttle.record_failure(account, address, now)
        raise invalid_credentials()
    throttle.clear(account, address)
    return pair


@router.post("/refresh", response_model=TokenPair, responses=problem_responses(401, 403, 429))
def refresh_token(
    body: RefreshRequest, request: Request, session: DbSession, auth: AuthDep, limit: RefreshLimitDep, clock: ClockDep
) -> TokenPair:
    # Counted before the request session's first statement (its own short transaction).
    limit.admit(client_address(request), clock.now())
    pair, refusal = auth.refresh(session, body.refresh_token, clock.now())
    if pair is None:
        # Commit the family revocation before refusing.
        session.commit()
        raise Unauthorized(refusal, code="invalid-refresh-token")
    return pair


@router.post("/logout", status_code=204, responses=problem_responses(429))
def logout(
    body: RefreshRequest, request: Request, session: DbSession, auth: AuthDep, limit: RefreshLimitDep, clock: ClockDep
) -> None:
    limit.admit(client_address(request), clock.now())
    auth.revoke_family(session, body.refresh_token, clock.now())


@router.get("/me", response_model=Me, responses=problem_responses(401, 403))
def me(principal: CurrentUser, session: DbSession) -> Me:
    user = session.scalar(select(User).where(User.id == principal.subject))
    if user is None:
        raise Unauthorized("账号不存在。 Unknown account.")
    identity = load_identity(session, user)
    ensure_may_sign_in(identity)
    org = identity.organisation
    return Me(
        user=UserOut.model_validate(user),
        roles=identity.roles,
        organisation=OrganisationOut.model_validate(org) if org else None,
    )
