"""create_app(): the matching service."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import Session, sessionmaker

from kit.app import create_service_app
from kit.auth import install_user_status_check
from kit.clock import Clock, SystemClock
from kit.db import make_engine, make_sessionmaker
from kit.domain_metrics import DomainGauge, count, oldest_age
from kit.domain_metrics import install as install_domain_metrics
from matching.audit import router as audit_router
from matching.batch.endpoints import router as batch_router
from matching.challenge.endpoints import router as challenge_router
from matching.codelists.endpoints import router as codelists_router
from matching.config import Settings
from matching.demand.endpoints import router as demand_router
from matching.events.endpoints import router as events_router
from matching.interest.endpoints import router as interest_router
from matching.matchmaking.endpoints import router as matchmaking_router
from matching.models import IndexOutbox
from matching.product.endpoints import router as product_router
from matching.provider.endpoints import internal_router as provider_internal_router
from matching.provider.endpoints import router as provider_router
from matching.search.endpoints import router as search_router
from matching.search.factory import make_backend
from matching.search.maintenance import reconcile
from matching.search.outbox import drain
from matching.search.port import SearchBackend
from matching.stats.endpoints import router as stats_router
from matching.subscription.endpoints import router as subscription_router

log = logging.getLogger("matching.app")


DOMAIN_GAUGES = (
    DomainGauge("matching_index_backlog", "Search index changes not yet applied to the engine", count(IndexOutbox)),
    DomainGauge(
        "matching_index_oldest_age_seconds",
        "Age of the oldest search index change not yet applied (0: the index is current)",
        oldest_age(IndexOutbox.created_at),
    ),
)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    engine = make_engine(settings.resolved_database_url("matching"))
    backend = make_backend(settings)
    factory = make_sessionmaker(engine)
    drain_outbox = OutboxDrainer(factory, backend, clock, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(_ensure_quietly, backend)
        gateway = install_user_status_check(app, "matching")
        worker = asyncio.create_task(_worker(drain_outbox, settings)) if settings.run_outbox_worker else None
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await asyncio.to_thread(backend.close)
            if gateway is not None:
                await gateway.aclose()

    app = create_service_app(
        "matching",
        engine=engine,
        clock=clock,
        lifespan=lifespan,
        log_level=settings.log_level,
        readiness={"search": lambda _app: backend.ping()},
        routers=[_api_router()],
        metrics_token=settings.metrics_token,
    )
    install_domain_metrics(app.state.metrics.registry, "matching", factory, clock, DOMAIN_GAUGES)
    app.state.search = backend
    app.state.settings = settings
    app.state.drain_outbox = drain_outbox
    return app


def _api_router() -> APIRouter:
    """Every module's routes behind the checks that apply to all of them."""
    api = APIRouter()
    for router in (
        search_router,
        batch_router,
        demand_router,
        interest_router,
        provider_router,
        product_router,
        challenge_router,
        matchmaking_router,
        subscription_router,
        stats_router,
        codelists_router,
        events_router,
        provider_internal_router,
        audit_router,
    ):
        api.include_router(router)
    return api


def _ensure_quietly(backend: SearchBackend) -> None:
    try:
        backend.ensure()
    except Exception:  # the worker keeps retrying; readiness reports the engine meanwhile
        log.exception("search index could not be prepared")


class OutboxDrainer:
    """One delivery at a time per process: a caller that finds one running asks it for another pass.

    Without this, every write request would start its own delivery; they would queue on the index writer
    and fill the thread pool that request transactions need to commit.
    """

    def __init__(
        self, factory: sessionmaker[Session], backend: SearchBackend, clock: Clock, settings: Settings
    ) -> None:
        self.factory = factory
        self.backend = backend
        self.clock = clock
        self.settings = settings
        self._running = threading.Lock()
        self._again = False

    def __call__(self) -> int:
        if not self._running.acquire(blocking=False):
            self._again = True
            return 0
        try:
            total = 0
            while True:
                self._again = False
                total += self._once()
                if not self._again:
                    return total
        finally:
            self._running.release()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._running:
            yield

    def _once(self) -> int:
        try:
            return drain(
                self.factory,
                self.backend,
                self.clock,
                batch_size=self.settings.outbox_batch_size,
                max_backoff=self.settings.outbox_max_backoff_seconds,
            )
        except Exception:
            log.exception("index outbox delivery failed")
            return 0


async def _worker(drain_outbox: OutboxDrainer, settings: Settings) -> None:
    loop = asyncio.get_running_loop()
    # The first pass reconciles: an index started afresh (a new schema, a lost directory) is refilled at once.
    last_reconcile = -math.inf
    while True:
        await asyncio.to_thread(drain_outbox)
        if settings.reconcile_interval_seconds and loop.time() - last_reconcile >= settings.reconcile_interval_seconds:
            last_reconcile = loop.time()
            await asyncio.to_thread(_reconcile_quietly, drain_outbox)
        await asyncio.sleep(settings.outbox_interval_seconds)


def _reconcile_quietly(drainer: OutboxDrainer) -> None:
    # Under the delivery lock: a reconcile that read the database before a change must not overwrite the
    # document a delivery wrote after it.
    with drainer.exclusive():
        try:
            report = reconcile(drainer.factory, drainer.backend, drainer.clock)
            log.info("reconciled the index: %s", report)
        except Exception:
            log.exception("index reconciliation failed")
