"""The index outbox: kept while the engine is down, delivered once it answers."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from kit.clock import ManualClock
from matching.models import IndexOutbox
from matching.search.embedded import EmbeddedBackend
from matching.search.outbox import drain
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from tests.matching.conftest import As
from tests.matching.factories import dead_engine, provider_body


def test_outbox_row_is_written_with_the_change_and_removed_on_delivery(client: TestClient, as_: As) -> None:
    factory = client.app.state.sessionmaker  # type: ignore[attr-defined]
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    with factory() as session:
        assert session.scalars(select(IndexOutbox)).all() == []


def test_engine_down_keeps_rows_with_backoff_then_delivers(client: TestClient, as_: As, clock: ManualClock) -> None:
    app = client.app
    factory = app.state.sessionmaker  # type: ignore[attr-defined]
    app.state.drain_outbox = lambda: 0  # type: ignore[attr-defined]  # no delivery after the request
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    assert drain(factory, dead_engine(), clock) == 0
    with factory() as session:
        rows = session.scalars(select(IndexOutbox)).all()
        assert len(rows) == 1
        assert rows[0].attempts == 1
        assert "unreachable" in rows[0].last_error
        assert rows[0].next_attempt_at > clock.now()
    engine = EmbeddedBackend(SCHEMA, None)
    assert drain(factory, engine, clock) == 0  # not due yet
    clock.advance(timedelta(seconds=5))
    assert drain(factory, engine, clock) == 1
    assert engine.search(SearchRequest(q="缺陷检测")).total == 1
    with factory() as session:
        assert session.scalars(select(IndexOutbox)).all() == []


def test_lifespan_worker_delivers_pending_rows(db_url: str, settings: object, clock: ManualClock, as_: As) -> None:
    import time

    from matching.app import create_app
    from matching.config import Settings
    from matching.models import Base
    from tests.support.databases import empty_tables

    assert isinstance(settings, Settings)
    empty_tables(db_url, Base.metadata)
    app = create_app(settings.model_copy(update={"run_outbox_worker": True, "outbox_interval_seconds": 0.05}), clock)
    with TestClient(app) as client:
        real = app.state.drain_outbox
        app.state.drain_outbox = lambda: 0  # only the worker delivers in this test
        client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
        app.state.drain_outbox = real
        deadline = time.monotonic() + 5
        while client.get("/search", params={"q": "缺陷检测"}).json()["total"] == 0:
            assert time.monotonic() < deadline, "the worker did not deliver"
            time.sleep(0.05)


def test_engine_down_search_is_503_and_writes_still_succeed(
    db_url: str, settings: object, clock: ManualClock, as_: As
) -> None:
    from matching.app import create_app
    from matching.config import Settings
    from matching.models import Base
    from tests.support.databases import empty_tables

    assert isinstance(settings, Settings)
    empty_tables(db_url, Base.metadata)
    dead = dead_engine().client.config.url
    app = create_app(settings.model_copy(update={"search_backend": "meilisearch", "meili_url": dead}), clock)
    with TestClient(app) as client:
        r = client.get("/search", params={"q": "视觉"})
        assert r.status_code == 503
        assert r.headers["retry-after"] == "2"
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["search"].startswith("failed")
        assert client.put("/providers/me", json=provider_body(), headers=as_("vendor1")).status_code == 200
        with app.state.sessionmaker() as session:
            assert len(session.scalars(select(IndexOutbox)).all()) == 1


def test_metrics_show_the_index_backlog_and_its_age_until_delivered(
    client: TestClient, as_: As, clock: ManualClock
) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    def gauges() -> dict[str, float]:
        text = client.get("/metrics").text
        wanted = ("matching_index_backlog", "matching_index_oldest_age_seconds", "matching_domain_metrics_up")
        return {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name in wanted}

    app = client.app
    factory = app.state.sessionmaker  # type: ignore[attr-defined]
    app.state.drain_outbox = lambda: 0  # type: ignore[attr-defined]
    assert gauges() == {
        "matching_index_backlog": 0,
        "matching_index_oldest_age_seconds": 0,
        "matching_domain_metrics_up": 1,
    }
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    clock.advance(timedelta(seconds=42))
    assert gauges() == {
        "matching_index_backlog": 1,
        "matching_index_oldest_age_seconds": 42,
        "matching_domain_metrics_up": 1,
    }
    assert drain(factory, EmbeddedBackend(SCHEMA, None), clock) == 1
    assert gauges()["matching_index_backlog"] == 0


def test_index_delivery_leases_and_backs_off_like_the_event_relay(
    client: TestClient, as_: As, clock: ManualClock
) -> None:
    """The index outbox is claimed by kit.outbox.claim_due: a leased row is not claimed again until its lease
    ends, and failures wait 2, 4, 8 … seconds (capped), as before the move to the kit."""
    from kit.outbox import claim_due

    app = client.app
    factory = app.state.sessionmaker  # type: ignore[attr-defined]
    app.state.drain_outbox = lambda: 0  # type: ignore[attr-defined]
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    leased = claim_due(factory, IndexOutbox, clock.now(), batch=10, lease=timedelta(seconds=60))
    assert len(leased) == 1
    assert claim_due(factory, IndexOutbox, clock.now(), batch=10, lease=timedelta(seconds=60)) == []
    clock.advance(timedelta(seconds=61))
    waits = []
    for _ in range(3):
        assert drain(factory, dead_engine(), clock) == 0
        with factory() as session:
            row = session.scalars(select(IndexOutbox)).one()
            waits.append((row.next_attempt_at - clock.now()).total_seconds())
            clock.advance(row.next_attempt_at - clock.now())
    assert [round(w) for w in waits] == [2, 4, 8]
    assert drain(factory, dead_engine(), clock, max_backoff=5.0) == 0
    with factory() as session:
        assert round((session.scalars(select(IndexOutbox)).one().next_attempt_at - clock.now()).total_seconds()) == 5
