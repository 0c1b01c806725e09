"""Request id, path check, access log and Prometheus metrics as one pure-ASGI middleware (keeps streaming
intact)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kit.errors import PayloadTooLarge, problem_response
from kit.logs import request_id_var

REQUEST_ID_HEADER = "x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SEALED_LABEL = "sealed"
log = logging.getLogger("kit.access")

# A path check returns why the request's path is refused (shown to the caller), or None.
PathCheck = Callable[[Scope], str | None]
# The most request-body bytes a request may carry (None: no limit).
BodyLimit = Callable[[Scope], int | None]


def no_control_characters(scope: Scope) -> str | None:
    """Every service refuses a path with control characters before routing: no handler, file system
    or database ever sees one."""
    if _CONTROL.search(scope.get("path", "")):
        return "路径中含有控制字符。 The path contains control characters."
    return None


def _declared_length(headers: dict[bytes, bytes]) -> int:
    value = headers.get(b"content-length", b"")
    return int(value) if value.isdigit() else 0


def _too_large_detail(limit: int) -> str:
    return f"请求体超过 {limit} 字节上限。 The request body is larger than the limit of {limit} bytes."


def _too_large(limit: int) -> ASGIApp:
    return problem_response(413, "payload-too-large", "Payload too large", _too_large_detail(limit), limit=limit)


class _BoundedBody:
    """Counts the body as it streams (chunked or not, never buffered): past the limit the reader, an
    endpoint or the proxy's upload, gets PayloadTooLarge, and the answer becomes a 413 whatever the
    reader made of the error (a form parser turns it into a 400)."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.seen = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                self.exceeded = True
                raise PayloadTooLarge(_too_large_detail(self.limit), limit=self.limit)
        return message


def _template_pattern(template: str) -> str:
    parts = re.split(r"(\{[^}]+\})", template)
    return "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "(?:/|$)"


class RouteTemplates:
    """A declared set of route templates, each a prefix with `{name}` for one segment, matched against
    a concrete path or another template. As `sealed_routes`: routes whose activity must not be
    countable per route or per resource (one metrics label, logged by template)."""

    def __init__(self, templates: Sequence[str] = ()) -> None:
        self.templates = tuple(templates)
        self._patterns = [(t, re.compile(_template_pattern(t))) for t in self.templates]

    def match(self, path: str) -> str | None:
        """The declared template that `path` (concrete or a route template) falls under, or None."""
        for template, pattern in self._patterns:
            if pattern.match(path):
                return template
        return None


class Metrics:
    def __init__(self, service: str, sealed: RouteTemplates | None = None) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["service", "method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["service", "method", "route"],
            registry=self.registry,
        )
        self.service = service
        self.sealed = sealed or RouteTemplates()


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics,
        path_checks: Sequence[PathCheck] = (),
        body_limit: BodyLimit | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.path_checks = (no_control_characters, *path_checks)
        self.body_limit = body_limit

    def _refusal(self, scope: Scope) -> str | None:
        for check in self.path_checks:
            reason = check(scope)
            if reason:
                return reason
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        incoming = headers.get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        # Answers to a signed-in caller are that caller's own: no cache may keep them (a sealed
        # application, a document), unless the endpoint chose a Cache-Control itself.
        private = b"authorization" in headers
        token = request_id_var.set(rid)
        started = time.perf_counter()
        status = 500

        body: _BoundedBody | None = None
        replaced = False

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                out = [*message.get("headers", []), (REQUEST_ID_HEADER.encode(), rid.encode())]
                if private and not any(k.lower() == b"cache-control" for k, _ in out):
                    out.append((b"cache-control", b"no-store"))
                message["headers"] = out
            await send(message)

        async def send_checked(message: Message) -> None:
            nonlocal replaced
            if body is not None and body.exceeded and message["type"] == "http.response.start":
                replaced = message["status"] != 413
            if replaced:
                if message["type"] == "http.response.start":
                    await _too_large(body.limit if body else 0)(scope, receive, send_with_id)
                return
            await send_with_id(message)

        try:
            refusal = self._refusal(scope)
            limit = self.body_limit(scope) if self.body_limit and not refusal else None
            if refusal:
                await problem_response(400, "invalid-path", "Invalid path", refusal)(scope, receive, send_with_id)
            elif limit is not None and _declared_length(headers) > limit:
                await _too_large(limit)(scope, receive, send_with_id)
            else:
                body = _BoundedBody(receive, limit) if limit is not None else None
                await self.app(scope, body or receive, send_checked)
        finally:
            self._record(scope, status, time.perf_counter() - started)
            request_id_var.reset(token)

    def _record(self, scope: Scope, status: int, elapsed: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", "unmatched")
        path = scope["path"]
        sealed = self.metrics.sealed.match(path)
        if sealed:
            # One series for every sealed route, and a log line naming no challenge or application.
            path = template if self.metrics.sealed.match(template) else sealed
            label = SEALED_LABEL
        else:
            label = template
        self.metrics.requests.labels(self.metrics.service, scope["method"], label, str(status)).inc()
        self.metrics.latency.labels(self.metrics.service, scope["method"], label).observe(elapsed)
        if template not in ("/metrics", "/healthz"):
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
