"""create_service_app(): what every service shares — errors, request context, health, metrics."""

from __future__ import annotations

import hmac
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from kit.clock import Clock, SystemClock
from kit.db import make_sessionmaker, ping
from kit.docs import docs_router
from kit.errors import install_error_handlers, problem_response
from kit.input import checked_input
from kit.logs import configure_logging
from kit.middleware import BodyLimit, Metrics, PathCheck, RequestContextMiddleware, RouteTemplates
from kit.openapi import problem_openapi
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from kit.tracing import TracingMiddleware, make_tracer

ReadinessCheck = Callable[[FastAPI], Any]


class Degraded:
    """What a readiness check returns when the service works but an operator must act: `/readyz`
    answers 200 with status "degraded" and the reason under the check's name."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def app_clock(request: Request) -> Clock:
    """The clock create_service_app() put in app.state (a ManualClock in tests)."""
    clock: Clock = request.app.state.clock
    return clock


_PREFIX = re.compile(r"/api/[a-z]+")
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def public_base_url(request: Request) -> str:
    """Where the public reaches this service's routes, for absolute links in published data: the
    configured PUBLIC_BASE_URL plus /api/<service>; else the origin and prefix the gateway forwards
    (X-Forwarded-Host, -Proto, -Prefix); else, when called directly, the request's own base URL."""
    settings = getattr(request.app.state, "settings", None)
    origin = str(getattr(settings, "public_base_url", "") or "").rstrip("/")
    if origin:
        return f"{origin}/api/{request.app.state.service_name}"
    prefix = request.headers.get("x-forwarded-prefix", "")
    host = request.headers.get("x-forwarded-host", "")
    proto = request.headers.get("x-forwarded-proto", "")
    if _PREFIX.fullmatch(prefix) and _HOST.fullmatch(host) and proto in ("http", "https"):
        return f"{proto}://{host}{prefix}"
    return str(request.base_url).rstrip("/")


async def _clock(request: Request) -> Clock:
    # async: no thread-pool hop for reading app state.
    return app_clock(request)


ClockDep = Annotated[Clock, Depends(_clock)]


def _scrape_allowed(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class Health(BaseModel):
    status: Literal["ok"]
    service: str


class Readiness(BaseModel):
    status: Literal["ready", "degraded"] = Field(
        description="ready, or degraded when a check names something an operator must do"
    )
    service: str
    checks: dict[str, str]


def create_service_app(
    name: str,
    *,
    engine: Engine | None,
    routers: Sequence[APIRouter],
    auth: AuthSettings | None = None,
    clock: Clock | None = None,
    readiness: dict[str, ReadinessCheck] | None = None,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    log_level: str = "INFO",
    title: str | None = None,
    version: str = "0.1.0",
    sealed_routes: Sequence[str] = (),
    path_checks: Sequence[PathCheck] = (),
    body_limit: BodyLimit | None = None,
    metrics_token: str | None = None,
    metrics_need_token: bool = False,
) -> FastAPI:
    """`sealed_routes`: route templates whose activity must not be countable per route (see
    kit.middleware.RouteTemplates). `/metrics` needs `Authorization: Bearer <metrics_token>` when a token
    is set; without one it is open, or 404 when `metrics_need_token` (the public gateway). `path_checks`
    refuse paths (400) besides those with control characters; `body_limit` bounds request bodies (413)."""
    configure_logging(name, log_level)
    checks: dict[str, ReadinessCheck] = {}
    if engine is not None:
        checks["database"] = lambda _app: ping(engine)
    checks.update(readiness or {})

    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
        if lifespan is None:
            yield
        else:
            async with lifespan(app):
                yield
        if engine is not None:
            engine.dispose()

    app = FastAPI(
        title=title or f"Shigu Exchange — {name}",
        version=version,
        lifespan=_lifespan,
        dependencies=[Depends(checked_input)],
        docs_url=None,
        redoc_url=None,
    )
    app.state.service_name = name
    app.state.clock = clock or SystemClock()
    app.state.tokens = TokenCodec(auth or AuthSettings())
    if engine is not None:
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
    metrics = Metrics(name, RouteTemplates(sealed_routes))
    app.state.metrics = metrics
    install_error_handlers(app)
    tracer = make_tracer(name)
    if tracer is not None:  # inside the request context: the span sees the request id and the route
        app.add_middleware(TracingMiddleware, tracer=tracer, sealed=metrics.sealed)
    app.add_middleware(RequestContextMiddleware, metrics=metrics, path_checks=path_checks, body_limit=body_limit)

    @app.get("/healthz", tags=["ops"], response_model=Health)
    def healthz() -> Health:
        return Health(status="ok", service=name)

    @app.get(
        "/readyz",
        tags=["ops"],
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "A dependency is not ready"}},
    )
    def readyz() -> Any:
        results: dict[str, str] = {}
        ok, degraded = True, False
        for check_name, check in checks.items():
            try:
                outcome = check(app)
                if isinstance(outcome, Degraded):
                    degraded = True
                    results[check_name] = f"degraded: {outcome.reason}"
                else:
                    results[check_name] = "ok"
            except Exception as exc:
                ok = False
                results[check_name] = f"failed: {type(exc).__name__}"
        if not ok:
            return problem_response(
                503,
                "not-ready",
                "Service not ready",
                "A dependency is not ready",
                headers={"Retry-After": "2"},
                service=name,
                checks=results,
            )
        return Readiness(status="degraded" if degraded else "ready", service=name, checks=results)

    @app.get("/metrics", tags=["ops"], include_in_schema=False)
    def metrics_endpoint(request: Request) -> Response:
        if not metrics_token:
            if metrics_need_token:
                return problem_response(404, "not-found", "Not found", "No route /metrics")
        elif not _scrape_allowed(request, metrics_token):
            return problem_response(
                401,
                "unauthorized",
                "Authentication required",
                "需要监控凭据。 A metrics scrape token is required.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(docs_router(app))
    for router in routers:
        app.include_router(router)
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]
    return app
