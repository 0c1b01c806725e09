"""The embedded index when its directory cannot be written: writes to the database go on, index changes wait
in the outbox, searches answer from the last commit, and everything is delivered once the directory is back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from kit.clock import ManualClock
from matching.app import create_app
from matching.config import Settings
from matching.models import Base, IndexOutbox
from matching.search.embedded import EmbeddedBackend
from matching.search.outbox import drain
from matching.search.port import SearchRequest
from matching.search.schema import SCHEMA
from tests.matching.conftest import As
from tests.support.databases import empty_tables


def found(client: TestClient, q: str) -> list[str]:
    response = client.get("/search", params={"q": q, "kind": "product"})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


def test_index_directory_gone_keeps_changes_in_the_outbox_until_it_is_back(
    db_url: str, settings: Settings, clock: ManualClock, as_: As, tmp_path: Path
) -> None:
    empty_tables(db_url, Base.metadata)
    index_dir, away = tmp_path / "search", tmp_path / "search-away"
    app = create_app(settings.model_copy(update={"index_dir": index_dir}), clock)
    with TestClient(app) as client:
        factory, backend = app.state.sessionmaker, app.state.search
        app.state.drain_outbox = lambda: 0  # deliveries are driven by hand below
        before = client.post("/products", json={"name": "线阵相机 alpha"}, headers=as_("vendor1"))
        assert before.status_code == 201, before.text
        assert drain(factory, backend, clock) == 1
        assert found(client, "alpha") == [before.json()["id"]]

        index_dir.rename(away)  # the volume is gone (unmounted, moved, deleted)
        during = client.post("/products", json={"name": "面阵相机 bravo"}, headers=as_("vendor1"))
        assert during.status_code == 201, during.text
        assert drain(factory, backend, clock) == 0
        with factory() as session:
            (row,) = session.scalars(select(IndexOutbox)).all()
            assert row.doc_id == during.json()["id"]
            assert row.attempts == 1
            assert "cannot be written" in row.last_error
            assert row.next_attempt_at > clock.now()
        # Searches answer from the last commit, which stays readable.
        assert found(client, "alpha") == [before.json()["id"]]
        assert found(client, "bravo") == []
        clock.advance(timedelta(seconds=5))
        assert drain(factory, backend, clock) == 0, "delivered although the directory is still gone"

        away.rename(index_dir)
        clock.advance(timedelta(seconds=10))
        assert drain(factory, backend, clock) == 1
        assert found(client, "bravo") == [during.json()["id"]]
        assert found(client, "alpha") == [before.json()["id"]]
        with factory() as session:
            assert session.scalars(select(IndexOutbox)).all() == []

    # Committed to the directory, not only visible to the process that wrote it.
    reopened = EmbeddedBackend(SCHEMA, index_dir)
    try:
        assert reopened.search(SearchRequest(q="bravo")).total == 1
        assert reopened.search(SearchRequest(q="alpha")).total == 1
    finally:
        reopened.close()
