"""Forward /api/<service>/... to the services: bodies streamed both ways, bounded by timeouts."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from gateway.models import User
from gateway.proxy.paths import canonical
from kit.errors import problem_response
from kit.logs import request_id_var
from kit.tokens import TokenCodec, TokenError
from kit.tracing import propagation_headers

log = logging.getLogger("gateway.proxy")
router = APIRouter(tags=["proxy"])
SERVICES = ("matching", "workflow")
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
    }
)
# Set by the gateway itself; a client's own values must not pass through.
_NOT_FORWARDED = _HOP_BY_HOP | {
    "x-request-id",
    "x-forwarded-for",
    "x-forwarded-prefix",
    "x-forwarded-host",
    "x-forwarded-proto",
}
# The gateway's own server adds these; the upstream's copies would be duplicates.
_NOT_RETURNED = _HOP_BY_HOP | {"content-length", "server", "date", "x-request-id"}
# A service's operational and service-to-service endpoints: never from the public side.
_NOT_PUBLIC = frozenset({"internal", "metrics"})
# Safe to send twice: a stale pooled connection that fails before any answer is retried once.
_RETRIED = frozenset({"GET", "HEAD", "OPTIONS"})
_BUFFER_LIMIT = 1 << 20
_STATUS_TTL = 5.0


class UserStatusCache:
    """Suspension takes effect at the gateway within seconds, not at token expiry."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, str]] = {}

    def cached(self, user_id: str) -> str | None:
        """The status if it was read less than _STATUS_TTL ago, else None."""
        hit = self._entries.get(user_id)
        if hit and time.monotonic() - hit[0] < _STATUS_TTL:
            return hit[1]
        return None

    def status(self, request: Request, user_id: str) -> str:
        """Blocking (a database read on a miss): call it from a worker thread."""
        hit = self.cached(user_id)
        if hit is not None:
            return hit
        now = time.monotonic()
        with request.app.state.sessionmaker() as session:
            status = session.scalar(select(User.status).where(User.id == user_id)) or "missing"
        self._entries[user_id] = (now, status)
        return status

    def forget(self, user_id: str) -> None:
        self._entries.pop(user_id, None)


async def _suspended_caller(request: Request) -> bool:
    # Verifying the token is CPU only and the status is usually cached: only a cache miss, which reads the
    # database, goes through the thread pool (as kit.auth does for the services' own token check).
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    codec: TokenCodec = request.app.state.tokens
    try:
        principal = codec.verify_access(token.strip(), now=request.app.state.clock.now())
    except TokenError:
        return False  # the service answers 401 itself
    cache: UserStatusCache = request.app.state.user_status
    status = cache.cached(principal.subject)
    if status is None:
        status = await run_in_threadpool(cache.status, request, principal.subject)
    return status != "active"


async def _send(client: httpx.AsyncClient, upstream: httpx.Request, *, retry: bool) -> httpx.Response:
    try:
        return await client.send(upstream, stream=True)
    except httpx.TimeoutException:
        raise
    except httpx.TransportError as exc:
        # The pool handed out a connection the service had already closed (it closes one after an
        # unhandled error): nothing was answered, so a safe request goes once more on a new connection.
        if not retry:
            raise
        log.info("retrying %s %s on a new connection after %r", upstream.method, upstream.url.path, exc)
        return await client.send(upstream, stream=True)


def public_location(value: str, service: str, upstream_base: str) -> str:
    """A service's Location (its own absolute URL or a path of its own) as the public /api/<service> path."""
    prefix = f"/api/{service}"
    base = upstream_base.rstrip("/")
    if value == base or value.startswith(base + "/"):
        value = value[len(base) :] or "/"
    if value.startswith("/") and not value.startswith("//") and not value.startswith(prefix + "/"):
        return prefix + value
    return value


async def _body(request: Request) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        yield chunk


@router.api_route(
    "/api/{service}/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
async def forward(service: str, path: str, request: Request) -> Response:
    # The path was checked before routing (gateway.proxy.paths): no dot segment or ambiguous encoding
    # is left, so its first segment is the one the service routes on.
    if service not in SERVICES:
        return problem_response(404, "not-found", "Not found", f"No API under /api/{service}")
    if path.split("/", 1)[0].lower() in _NOT_PUBLIC:
        return problem_response(404, "not-found", "Not found", "Internal endpoints are not reachable from outside")
    if "authorization" in request.headers and await _suspended_caller(request):
        return problem_response(403, "account-suspended", "Not allowed", "该账号已被停用。 This account is suspended.")
    client: httpx.AsyncClient = request.app.state.upstreams[service]
    traced = propagation_headers()  # the gateway's own span as the service's parent, when tracing is on
    headers = [
        (k, v) for k, v in request.headers.items() if k.lower() not in _NOT_FORWARDED and k.lower() not in traced
    ]
    headers.extend(traced.items())
    headers.append(("x-request-id", request_id_var.get() or ""))
    headers.append(("x-forwarded-for", request.client.host if request.client else ""))
    headers.append(("x-forwarded-prefix", f"/api/{service}"))
    headers.append(("x-forwarded-host", request.headers.get("host", "")))
    headers.append(("x-forwarded-proto", request.url.scheme))
    has_body = "content-length" in request.headers or "transfer-encoding" in request.headers
    upstream = client.build_request(
        request.method,
        "/" + canonical(path),
        params=request.url.query.encode("latin-1"),
        headers=headers,
        content=_body(request) if has_body else None,
    )
    try:
        response = await _send(client, upstream, retry=request.method in _RETRIED and not has_body)
    except ClientDisconnect:
        # The caller left while its body was being forwarded (a client-side timeout): nobody is left to
        # answer, and it is no server error. 499 is "client closed request", as nginx logs it.
        log.info("client disconnected while its request to %s was forwarded", service)
        return Response(status_code=499)
    except httpx.TimeoutException:
        log.warning("upstream %s timed out", service)
        return problem_response(
            504,
            "upstream-timeout",
            "Upstream service timed out",
            f"服务 {service} 响应超时，请稍后重试。 The {service} service did not answer in time.",
            service=service,
        )
    except httpx.TransportError as exc:
        log.warning("upstream %s unreachable: %s", service, exc)
        return problem_response(
            503,
            "upstream-unavailable",
            "Upstream service unavailable",
            f"服务 {service} 暂不可用，请稍后重试。 The {service} service is unavailable.",
            headers={"Retry-After": "5"},
            service=service,
        )
    out_headers = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_RETURNED}
    if "location" in out_headers:
        out_headers["location"] = public_location(out_headers["location"], service, str(client.base_url))
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) <= _BUFFER_LIMIT:
        # Small bodies in one write: cheaper than a chunked stream, and Content-Length survives.
        try:
            body = b"".join([chunk async for chunk in response.aiter_raw()])
        finally:
            await response.aclose()
        return Response(body, status_code=response.status_code, headers=out_headers)
    return StreamingResponse(
        response.aiter_raw(),
        status_code=response.status_code,
        headers=out_headers,
        background=BackgroundTask(response.aclose),
    )
