"""The browser's refresh token, in an HttpOnly cookie (decision 0091).

A browser asks for this transport with `X-Token-Transport: cookie` at sign-in; the answer then sets
the refresh token as a cookie script cannot read, scoped to /api/auth, and leaves it out of the JSON
body. Refresh and sign-out take the token from the cookie when the body has none. A cookie is sent by
the browser whoever made the page, so a request it authenticates must show it came from our own
pages: the custom `X-CSRF` header (a cross-site form cannot send one, and a cross-site script only
after a CORS preflight the gateway never grants), and an `Origin`, when the browser sends one, of the
platform's public origin or the request's own host. API clients that send the token in the body are
not cookie-authenticated and go on as before.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request, Response

from gateway.config import Settings
from kit.errors import Forbidden

COOKIE = "shigu_refresh"
COOKIE_PATH = "/api/auth"
TRANSPORT_HEADER = "X-Token-Transport"
CSRF_HEADER = "X-CSRF"


def wants_cookie(request: Request) -> bool:
    return request.headers.get(TRANSPORT_HEADER, "").strip().lower() == "cookie"


def set_refresh_cookie(response: Response, token: str, settings: Settings, max_age: int) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age,
        path=COOKIE_PATH,
        secure=settings.refresh_cookie_secure,
        httponly=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE, path=COOKIE_PATH, secure=settings.refresh_cookie_secure, httponly=True, samesite="strict"
    )


def _host(origin: str) -> str:
    parts = urlsplit(origin)
    return parts.netloc.lower() if parts.scheme in ("http", "https") else ""


def allowed_origin(request: Request, origin: str, settings: Settings) -> bool:
    """The configured public origin, or an origin naming the host the request was sent to (as the
    client sent it, or as the edge forwards it)."""
    if settings.public_base_url and origin.rstrip("/") == settings.public_base_url.rstrip("/"):
        return True
    host = _host(origin)
    own = {request.headers.get("host", ""), request.headers.get("x-forwarded-host", "")}
    return bool(host) and host in {h.strip().lower() for h in own if h.strip()}


def cookie_token(request: Request, settings: Settings) -> str | None:
    """The refresh token of the cookie, once the request has shown it came from the platform's own
    pages; None without a cookie. Refuses (403) a cookie without the CSRF header or from a foreign
    origin."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    if request.headers.get(CSRF_HEADER) is None:
        raise Forbidden(
            f"请求缺少 {CSRF_HEADER} 头，已拒绝。 A request signed in by the cookie needs the {CSRF_HEADER} header.",
            code="csrf-header-missing",
            header=CSRF_HEADER,
        )
    origin = request.headers.get("origin")
    if origin is not None and not allowed_origin(request, origin, settings):
        raise Forbidden(
            f"请求来源 {origin} 不是本平台，已拒绝。 The request's Origin {origin} is not this platform's.",
            code="csrf-origin-mismatch",
            origin=origin,
        )
    return token
