"""create_app(): the workflow service, its scheduler loop and its outbox relay."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import Gauge
from sqlalchemy.orm import Session, sessionmaker

from kit.app import Degraded, create_service_app
from kit.auth import install_user_status_check
from kit.clock import Clock, SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.domain_metrics import DomainGauge, count, due_age, oldest_age
from kit.domain_metrics import install as install_domain_metrics
from kit.http import ServiceClient
from kit.mail import MailSettings, mailer
from kit.outbox import OutboxRelay
from kit.settings import AuthSettings
from kit.sms import SmsSettings, sms_sender
from workflow.admin_audit import router as admin_audit_router
from workflow.agreement.endpoints import router as agreements
from workflow.application.endpoints import router as applications
from workflow.audit.endpoints import router as audit
from workflow.award.endpoints import router as award
from workflow.calendar.endpoints import router as calendar
from workflow.calendar.repository import next_year_readiness, provisional_periods
from workflow.challenge.endpoints import router as challenges
from workflow.clients.gateway import Directory
from workflow.clients.matching import matching_deliverer
from workflow.config import Settings
from workflow.custody.endpoints import router as custody
from workflow.events.deadletter import DeadLetters
from workflow.events.endpoints import router as outbox
from workflow.models import Challenge, NotificationDelivery, OutboxEvent
from workflow.notification.delivery import Deliveries
from workflow.notification.endpoints import admin_router as deliveries_admin
from workflow.notification.endpoints import router as notifications
from workflow.objection.endpoints import router as objections
from workflow.opendata.endpoints import router as opendata
from workflow.question.endpoints import router as questions
from workflow.receipt.endpoints import router as receipts
from workflow.review.endpoints import router as review
from workflow.scheduler.service import Scheduler
from workflow.sealing import Sealer

log = logging.getLogger("workflow")
# Sealed-phase activity: one metrics series for all of these and no challenge id in the access log,
# so nobody can count a challenge's submissions, replacements or withdrawals before its opening.
SEALED_ROUTES = ("/challenges/{challenge_id}/applications", "/applications")


async def _every(seconds: float, step: str, work: Callable[[], Awaitable[object]]) -> None:
    while True:
        try:
            await work()
        except Exception:
            log.exception("%s failed; retrying", step)
        await asyncio.sleep(seconds)


# Waiting rows are the ones with a next attempt (delivery and dead-lettering clear it): the indexed column.
_UNDELIVERED = (
    OutboxEvent.next_attempt_at.is_not(None),
    OutboxEvent.delivered_at.is_(None),
    OutboxEvent.failed_at.is_(None),
)
DOMAIN_GAUGES = (
    DomainGauge(
        "workflow_outbox_backlog",
        "Challenge events not yet delivered to matching (dead letters apart)",
        count(OutboxEvent, *_UNDELIVERED),
    ),
    DomainGauge(
        "workflow_outbox_oldest_age_seconds",
        "Age of the oldest challenge event not yet delivered (0: none waiting)",
        oldest_age(OutboxEvent.created_at, *_UNDELIVERED),
    ),
    DomainGauge(
        "workflow_outbox_dead_letters",
        "Challenge events given up after too many attempts, waiting for an admin's retry",
        count(OutboxEvent, OutboxEvent.failed_at.is_not(None), OutboxEvent.delivered_at.is_(None)),
    ),
    DomainGauge(
        "workflow_scheduler_lag_seconds",
        "Age of the oldest due next_check_at: how far the chronograph is behind (0: nothing due)",
        due_age(Challenge.next_check_at),
    ),
)


def _count(factory: sessionmaker[Session], count: Callable[[Session], int]) -> float:
    with factory() as session:
        return float(count(session))


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
    clock = clock or SystemClock()
    engine = make_engine(settings.resolved_database_url("workflow"))
    auth = AuthSettings()
    sealer = Sealer(settings.kek(), settings.previous_keks())
    factory = make_sessionmaker(engine)
    scheduler = Scheduler(factory, clock, settings, sealer)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        matching = ServiceClient(
            caller="workflow", base_url=settings.matching_url, tokens=app.state.tokens, clock=clock
        )
        gateway = install_user_status_check(app, "workflow")
        dead_letters = DeadLetters(factory, clock, settings.outbox_max_attempts)
        relay = OutboxRelay(factory, OutboxEvent, dead_letters.wrap(matching_deliverer(matching)), clock)
        app.state.relay = relay
        app.state.dead_letters = dead_letters
        tasks = []
        if settings.scheduler_enabled:
            tasks.append(
                asyncio.create_task(
                    _every(
                        settings.scheduler_interval_seconds, "scheduler", lambda: asyncio.to_thread(scheduler.run_once)
                    )
                )
            )
        if settings.relay_enabled:
            tasks.append(
                asyncio.create_task(
                    _every(settings.relay_interval_seconds, "relay", lambda: dead_letters.run_once(relay))
                )
            )
            tasks.append(
                asyncio.create_task(
                    _every(
                        settings.relay_interval_seconds,
                        "delivery",
                        lambda: app.state.delivery_dead_letters.run_once(app.state.delivery_relay),
                    )
                )
            )
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await matching.aclose()
            if gateway is not None:
                await gateway.aclose()
            directory.close()

    def calendar_ready(_app: FastAPI) -> Degraded | None:
        with factory() as session:
            return next_year_readiness(session, clock.now())

    app = create_service_app(
        "workflow",
        engine=engine,
        readiness={"calendar": calendar_ready},
        auth=auth,
        clock=clock,
        lifespan=lifespan,
        log_level=settings.log_level,
        routers=[
            challenges,
            opendata,
            audit,
            award,
            applications,
            receipts,
            questions,
            review,
            objections,
            notifications,
            calendar,
            outbox,
            deliveries_admin,
            agreements,
            custody,
            admin_audit_router,
        ],
        sealed_routes=SEALED_ROUTES,
        metrics_token=settings.metrics_token,
    )
    app.state.settings = settings
    provisional = Gauge(
        "workflow_provisional_periods",
        "Running 公示 periods whose end counts days of a year whose holiday arrangement is not confirmed",
        registry=app.state.metrics.registry,
    )
    provisional.set_function(lambda: _count(factory, provisional_periods))
    install_domain_metrics(app.state.metrics.registry, "workflow", factory, clock, DOMAIN_GAUGES)
    directory = Directory(settings.gateway_url, app.state.tokens, clock)
    app.state.directory = directory
    scheduler.directory = directory
    # Notifications by e-mail and SMS (decision 0081): a relay of its own over notification_deliveries.
    # Without an SMTP server or an SMS provider a channel is left out, except in dev and sandbox,
    # where the messages go to the log.
    channels = [name for name, on in (("email", mail.enabled), ("sms", sms.enabled)) if on or settings.relaxed]
    deliveries = Deliveries(
        factory,
        clock,
        directory,
        mail,
        mailer(mail, relaxed=settings.relaxed),
        sms_sender(sms, relaxed=settings.relaxed),
        channels=channels,
        base_url=settings.public_base_url or "http://127.0.0.1:8000",
    )
    app.state.deliveries = deliveries
    app.state.delivery_dead_letters = DeadLetters(factory, clock, settings.delivery_max_attempts, NotificationDelivery)
    app.state.delivery_relay = OutboxRelay(
        factory, NotificationDelivery, app.state.delivery_dead_letters.wrap(deliveries.deliver), clock
    )
    app.state.sealer = sealer
    app.state.scheduler = scheduler
    app.state.sessionmaker = factory
    return app
