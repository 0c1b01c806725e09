from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from fastapi import FastAPI
from prometheus_client import Counter

from gateway.account.endpoints import reset_router
from gateway.account.endpoints import router as account_router
from gateway.account.service import Codes
from gateway.admin.endpoints import router as admin_router
from gateway.audit import router as audit_router
from gateway.auth.endpoints import router as auth_router
from gateway.auth.passwords import make_hasher
from gateway.auth.rate import Limit, RateEvents, RateLimit
from gateway.auth.service import AuthService
from gateway.auth.status import database_status_guard
from gateway.auth.throttle import LoginThrottle, ThrottlePolicy
from gateway.config import Settings
from gateway.directory.endpoints import router as directory_router
from gateway.internal.endpoints import router as internal_router
from gateway.membership.endpoints import router as membership_router
from gateway.organisations.endpoints import router as organisations_router
from gateway.proxy.forward import SERVICES, UserStatusCache
from gateway.proxy.forward import router as proxy_router
from gateway.proxy.limits import body_limit
from gateway.proxy.paths import edge_path_problem
from gateway.security import SecurityHeadersMiddleware
from gateway.spa import router as spa_router
from kit.app import create_service_app
from kit.clock import Clock
from kit.db import make_engine
from kit.mail import MailSettings, mailer
from kit.settings import AuthSettings
from kit.sms import SmsSettings, sms_sender

# workflow's sealed routes as the public side spells them (workflow.app.SEALED_ROUTES).
SEALED_ROUTES = ("/api/workflow/challenges/{challenge_id}/applications", "/api/workflow/applications")


def create_app(
    settings: Settings | None = None,
    clock: Clock | None = None,
    *,
    mail: MailSettings | None = None,
    sms: SmsSettings | None = None,
) -> FastAPI:
    settings = settings or Settings()
    mail = mail or MailSettings()
    sms = sms or SmsSettings()
    auth_settings = AuthSettings()
    engine = make_engine(settings.resolved_database_url("gateway"))
    timeout = httpx.Timeout(settings.upstream_read_timeout, connect=settings.upstream_connect_timeout)
    urls = {"matching": settings.matching_url, "workflow": settings.workflow_url}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.upstreams = {
            name: httpx.AsyncClient(
                base_url=urls[name],
                timeout=timeout,
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            )
            for name in SERVICES
        }
        try:
            yield
        finally:
            for client in app.state.upstreams.values():
                await client.aclose()

    app = create_service_app(
        "gateway",
        engine=engine,
        auth=auth_settings,
        clock=clock,
        lifespan=lifespan,
        log_level=settings.log_level,
        routers=[
            auth_router,
            reset_router,
            account_router,
            organisations_router,
            membership_router,
            directory_router,
            admin_router,
            audit_router,
            proxy_router,
            spa_router,
        ],
        title="视谷机会平台 Shigu Exchange — gateway",
        sealed_routes=SEALED_ROUTES,
        path_checks=[edge_path_problem],
        body_limit=body_limit(settings),
        metrics_token=settings.metrics_token,
        metrics_need_token=True,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.state.settings = settings
    app.state.hasher = make_hasher(settings.app_env, settings.password_hash_slots, settings.password_hash_wait_seconds)
    app.state.auth_service = AuthService(app.state.hasher, app.state.tokens, totp_roles=settings.totp_required_roles())
    install_throttles(app, settings)
    app.state.codes = Codes(
        app.state.sessionmaker,
        settings,
        mail,
        mailer(mail, relaxed=settings.relaxed),
        sms_sender(sms, relaxed=settings.relaxed),
    )
    app.state.user_status = UserStatusCache()
    app.state.status_guard = database_status_guard(app.state.sessionmaker)
    return app


def install_throttles(app: FastAPI, settings: Settings) -> None:
    events = RateEvents(app.state.sessionmaker)
    failures = Counter(
        "gateway_sign_in_failures_total",
        "Failed sign-ins (wrong password or second factor), every account and address together",
        registry=app.state.metrics.registry,
    )
    app.state.throttle = LoginThrottle(
        events,
        ThrottlePolicy(
            pair_max_failures=settings.login_max_failures,
            first_lockout=timedelta(seconds=settings.login_first_lockout_seconds),
            max_lockout=timedelta(seconds=settings.login_max_lockout_seconds),
            window=timedelta(seconds=settings.login_window_seconds),
            account_max_addresses=settings.login_account_max_addresses,
            address_max_accounts=settings.login_address_max_accounts,
            lockout=timedelta(seconds=settings.login_lockout_seconds),
        ),
        on_failure=failures.inc,
    )
    app.state.registration_limit = RateLimit(
        events,
        "registration",
        (
            Limit(settings.register_per_address, timedelta(seconds=settings.register_address_window_seconds), True),
            Limit(settings.register_global, timedelta(seconds=settings.register_global_window_seconds), False),
        ),
        "注册请求过多",
    )
    app.state.refresh_limit = RateLimit(
        events,
        "refresh",
        (Limit(settings.refresh_per_address, timedelta(seconds=settings.refresh_window_seconds), True),),
        "刷新令牌请求过多",
    )


def create_internal_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    """The gateway's service-to-service directory (/internal/users), on a listener of its own for the
    internal network only: the public app has no route to it (decision 0050)."""
    settings = settings or Settings()
    app = create_service_app(
        "gateway-internal",
        engine=make_engine(settings.resolved_database_url("gateway")),
        auth=AuthSettings(),
        clock=clock,
        log_level=settings.log_level,
        routers=[internal_router],
        title="视谷机会平台 Shigu Exchange — gateway (internal)",
        metrics_token=settings.metrics_token,
    )
    app.state.settings = settings
    return app
