"""The administrator's reindex: the index rebuilt from the database, with counts, admins only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from kit.clock import ManualClock
from tests.matching.conftest import As
from tests.matching.factories import dead_engine, provider_body


def hits(client: TestClient) -> int:
    body = client.get("/search", params={"kind": "provider"}).json()
    return int(body["total"])


def test_reindex_rebuilds_a_wiped_index_and_counts_by_kind(client: TestClient, as_: As) -> None:
    assert client.put("/providers/me", json=provider_body(), headers=as_("vendor1")).status_code == 200
    assert hits(client) == 1
    client.app.state.search.reindex(iter([]))  # type: ignore[attr-defined]  # the index lost, the database intact
    assert hits(client) == 0

    response = client.post("/admin/search/reindex", headers=as_("admin"))
    assert response.status_code == 200, response.text
    assert response.json()["indexed"] == 1
    assert response.json()["by_kind"] == {"provider": 1}
    assert hits(client) == 1


def test_only_an_admin_reindexes(client: TestClient, as_: As) -> None:
    anonymous = client.post("/admin/search/reindex")
    assert anonymous.status_code == 401
    for user in ("vendor1", "ent1", "gov1"):
        refused = client.post("/admin/search/reindex", headers=as_(user))
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"


def test_reindex_with_the_engine_down_is_503(db_url: str, settings: object, clock: ManualClock, as_: As) -> None:
    from matching.app import create_app
    from matching.config import Settings
    from matching.models import Base
    from tests.support.databases import empty_tables

    assert isinstance(settings, Settings)
    empty_tables(db_url, Base.metadata)
    dead = dead_engine().client.config.url
    app = create_app(settings.model_copy(update={"search_backend": "meilisearch", "meili_url": dead}), clock)
    with TestClient(app) as client:
        response = client.post("/admin/search/reindex", headers=as_("admin"))
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
