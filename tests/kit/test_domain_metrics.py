"""A scrape while the database does not answer still succeeds: the domain gauges are left out and
`<service>_domain_metrics_up` says so, instead of a 0 backlog that would look healthy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import ManualClock
from kit.domain_metrics import DomainGauge, install


def _one(session: Session, _now: datetime) -> float:
    return float(session.execute(text("SELECT 7")).scalar_one())


def test_an_unreachable_database_gives_up_zero_and_no_gauges(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 12, 3, tzinfo=UTC))
    gauges = [DomainGauge("demo_backlog", "A backlog", _one)]
    healthy, broken = CollectorRegistry(), CollectorRegistry()
    install(healthy, "demo", sessionmaker(create_engine(f"sqlite:///{tmp_path / 'ok.db'}")), clock, gauges)
    missing = tmp_path / "no-such-dir" / "x.db"
    install(broken, "demo", sessionmaker(create_engine(f"sqlite:///{missing}")), clock, gauges)

    assert "demo_backlog 7.0" in generate_latest(healthy).decode()
    assert "demo_domain_metrics_up 1.0" in generate_latest(healthy).decode()
    down = generate_latest(broken).decode()
    assert "demo_domain_metrics_up 0.0" in down
    assert "demo_backlog" not in down
