"""Domain gauges on /metrics, read from the service's database when Prometheus scrapes (decision 0086).

The numbers an operator pages on — an outbox that does not drain, dead letters, a scheduler that falls
behind, an index that lags — live in the database that every replica shares, so each scrape reads them
there (a few indexed aggregate queries) rather than each process keeping counts that would disagree.
When the database does not answer, the scrape still succeeds: the gauges are left out and
`<service>_domain_metrics_up` is 0, so an alert can tell "backlog 0" from "not measured".

Nothing here may reveal sealed applications (decision 0052): no gauge counts applications, their
notifications or their reads; the outbox carries challenge-level events only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from kit.clock import Clock

log = logging.getLogger("kit.domain_metrics")

Reader = Callable[[Session, datetime], float]


@dataclass(frozen=True)
class DomainGauge:
    name: str
    documentation: str
    read: Reader


def count(model: type[Any], *where: ColumnElement[bool]) -> Reader:
    def read(session: Session, _now: datetime) -> float:
        return float(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    return read


def oldest_age(column: InstrumentedAttribute[Any], *where: ColumnElement[bool]) -> Reader:
    """Seconds since the smallest `column` among the rows matching `where`; 0 when there is none."""

    def read(session: Session, now: datetime) -> float:
        oldest: datetime | None = session.scalar(select(func.min(column)).where(*where))
        return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0

    return read


def due_age(column: InstrumentedAttribute[Any]) -> Reader:
    """Seconds since the oldest `column` that is already due (≤ now); 0 when nothing is due: the lag of
    a worker that should have handled every due row by now."""

    def read(session: Session, now: datetime) -> float:
        oldest: datetime | None = session.scalar(select(func.min(column)).where(column <= now))
        return max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0

    return read


class DomainCollector(Collector):
    def __init__(
        self, service: str, sessions: sessionmaker[Session], clock: Clock, gauges: Sequence[DomainGauge]
    ) -> None:
        self.service = service
        self.sessions = sessions
        self.clock = clock
        self.gauges = tuple(gauges)

    def describe(self) -> list[Any]:
        # Registration must not query the database (prometheus_client calls collect() without this).
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.clock.now()
        values: list[tuple[DomainGauge, float]] = []
        try:
            with self.sessions() as session:
                values = [(gauge, gauge.read(session, now)) for gauge in self.gauges]
        except SQLAlchemyError as exc:
            log.warning("domain metrics not read: %s", exc.__class__.__name__)
            values = []
        for gauge, value in values:
            yield GaugeMetricFamily(gauge.name, gauge.documentation, value=value)
        yield GaugeMetricFamily(
            f"{self.service}_domain_metrics_up",
            "1 when the domain gauges were read from the database at this scrape, 0 when it did not answer",
            value=1.0 if values or not self.gauges else 0.0,
        )


def install(
    registry: CollectorRegistry,
    service: str,
    sessions: sessionmaker[Session],
    clock: Clock,
    gauges: Sequence[DomainGauge],
) -> DomainCollector:
    collector = DomainCollector(service, sessions, clock, gauges)
    registry.register(collector)
    return collector
