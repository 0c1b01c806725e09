"""Typed auth dependencies: every service verifies the gateway's token itself.

They are `async def` on purpose: verifying a token is a few dozen microseconds of CPU and no
I/O, and FastAPI runs a plain `def` dependency through the thread pool, one hop each."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

import httpx
from fastapi import Depends, FastAPI, Request

from kit.app import app_clock
from kit.errors import Forbidden, ServiceUnavailable, Unauthorized
from kit.http import ServiceClient
from kit.tokens import Principal, TokenCodec, TokenError

log = logging.getLogger("kit.auth")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
StatusLookup = Callable[[str], Awaitable[str | None]]


class UserStatusGuard:
    """Refuses a signed-in user who is no longer active, although their access token is still valid.

    The status comes from `lookup` (the gateway's database in the gateway; in a service, the
    gateway's GET /internal/users/{id} with a service token) and is remembered for `ttl` seconds,
    so a suspension takes effect everywhere within that time. When the lookup cannot answer
    (None: the gateway is down), a read goes on with the last status known, if any (a known
    suspension still refuses); a write is refused with 503: fail closed (decision 0051).
    """

    MAX_ENTRIES = 10_000

    def __init__(self, lookup: StatusLookup, ttl: float = 5.0) -> None:
        self.lookup = lookup
        self.ttl = ttl
        self._known: dict[str, tuple[float, str]] = {}

    async def check(self, user_id: str, method: str) -> None:
        now = time.monotonic()
        known = self._known.get(user_id)
        if known is None or now - known[0] >= self.ttl:
            status = await self.lookup(user_id)
            if status is not None:
                if len(self._known) >= self.MAX_ENTRIES:
                    self._known.pop(next(iter(self._known)))
                known = self._known[user_id] = (now, status)
            elif method.upper() not in SAFE_METHODS:
                raise ServiceUnavailable(
                    "暂时无法确认账号状态，请稍后再试。 The account's status cannot be checked now; retry shortly.",
                    code="user-status-unavailable",
                    headers={"Retry-After": "5"},
                )
        if known is not None and known[1] != "active":
            raise Forbidden("该账号已被停用。 This account is suspended.", code="account-suspended")


def gateway_status_lookup(gateway: ServiceClient) -> StatusLookup:
    async def lookup(user_id: str) -> str | None:
        try:
            answer = await gateway.request("GET", f"/internal/users/{quote(user_id, safe='')}")
        except httpx.HTTPError as exc:
            log.warning("user status unavailable from the gateway: %s", exc)
            return None
        if answer.status_code == 404:
            return "missing"
        if answer.status_code != 200:
            log.warning("user status unavailable from the gateway: HTTP %s", answer.status_code)
            return None
        return str(answer.json().get("status", "missing"))

    return lookup


def install_user_status_check(app: FastAPI, caller: str) -> ServiceClient | None:
    """In a service whose AUTH_USER_STATUS_URL names the gateway, check every signed-in user's status
    there; returns the client for the lifespan to close (None when not configured)."""
    codec: TokenCodec = app.state.tokens
    url = codec.settings.user_status_url
    if not url:
        return None
    gateway = ServiceClient(caller=caller, base_url=url, tokens=codec, clock=app.state.clock)
    app.state.status_guard = UserStatusGuard(gateway_status_lookup(gateway))
    return gateway


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


async def _verified_principal(request: Request) -> Principal | None:
    token = _bearer(request)
    if token is None:
        return None
    codec: TokenCodec = request.app.state.tokens
    clock = app_clock(request)
    try:
        principal = codec.verify_access(token, now=clock.now())
    except TokenError as exc:
        raise Unauthorized(str(exc)) from exc
    guard: UserStatusGuard | None = getattr(request.app.state, "status_guard", None)
    if guard is not None:
        await guard.check(principal.subject, request.method)
    request.state.principal = principal
    return principal


async def optional_principal(request: Request) -> Principal | None:
    principal = await _verified_principal(request)
    if principal is not None and principal.totp_enrolment_only:
        raise Forbidden(
            "请先绑定动态口令（TOTP）后再使用平台。 Enrol a TOTP second factor first.",
            code="totp-enrolment-required",
        )
    return principal


async def require_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise Unauthorized("Sign in first (Authorization: Bearer <token>)")
    return principal


async def enrolling_principal(principal: Annotated[Principal | None, Depends(_verified_principal)]) -> Principal:
    """The signed-in user, also when their token only allows enrolling a TOTP factor (a privileged
    user without one, see gateway/auth/totp.py); every other route refuses such a token."""
    return await require_principal(principal)


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    async def check(principal: Annotated[Principal, Depends(require_principal)]) -> Principal:
        if not principal.has_role(*roles):
            raise Forbidden(f"This needs one of the roles: {', '.join(roles)}", required_roles=list(roles))
        return principal

    return check


async def require_service(request: Request) -> Principal:
    token = _bearer(request)
    if token is None:
        raise Unauthorized("A service token is required")
    codec: TokenCodec = request.app.state.tokens
    clock = app_clock(request)
    try:
        return codec.verify_service(token, now=clock.now())
    except TokenError as exc:
        raise Unauthorized(str(exc)) from exc


OptionalUser = Annotated[Principal | None, Depends(optional_principal)]
CurrentUser = Annotated[Principal, Depends(require_principal)]
EnrollingUser = Annotated[Principal, Depends(enrolling_principal)]
ServiceCaller = Annotated[Principal, Depends(require_service)]
AdminUser = Annotated[Principal, Depends(require_roles("admin"))]
