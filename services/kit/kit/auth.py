"""Typed auth dependencies: every service verifies the gateway's token itself.

They are `async def` on purpose: verifying a token is a few dozen microseconds of CPU and no
I/O, and FastAPI runs a plain `def` dependency through the thread pool, one hop each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from kit.app import app_clock
from kit.errors import Forbidden, Unauthorized
from kit.tokens import Principal, TokenCodec, TokenError


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


async def optional_principal(request: Request) -> Principal | None:
    token = _bearer(request)
    if token is None:
        return None
    codec: TokenCodec = request.app.state.tokens
    clock = app_clock(request)
    try:
        principal = codec.verify_access(token, now=clock.now())
    except TokenError as exc:
        raise Unauthorized(str(exc)) from exc
    request.state.principal = principal
    return principal


async def require_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise Unauthorized("Sign in first (Authorization: Bearer <token>)")
    return principal


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
ServiceCaller = Annotated[Principal, Depends(require_service)]
AdminUser = Annotated[Principal, Depends(require_roles("admin"))]
