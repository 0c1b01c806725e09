from __future__ import annotations

from fastapi.testclient import TestClient

from tests.matching.conftest import As
from tests.matching.factories import challenge_event, product_body, provider_body, published_demand


def seed(client: TestClient, as_: As) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    client.put("/providers/me", json=provider_body(district="萧山区", tags=["数字安防"]), headers=as_("vendor2"))
    client.post("/products", json=product_body(), headers=as_("vendor1"))
    published_demand(client, as_)
    client.post("/internal/events", headers=as_.service(), json=challenge_event("c-1", 1))


def test_response_shape_and_cross_kind_ranking(client: TestClient, as_: As) -> None:
    seed(client, as_)
    body = client.get("/search", params={"q": "AI质检"}).json()
    assert set(body) == {"hits", "facets", "total", "page", "hits_per_page"}
    assert {"id", "kind", "title", "highlight"} <= set(body["hits"][0])
    assert len({h["kind"] for h in body["hits"]}) >= 2
    assert body["facets"]["kind"] == {
        k: sum(1 for h in body["hits"] if h["kind"] == k) for k in {h["kind"] for h in body["hits"]}
    }


def test_facet_filters_and_ranges(client: TestClient, as_: As) -> None:
    seed(client, as_)
    assert client.get("/search", params={"district": "萧山区", "kind": "provider"}).json()["total"] == 1
    assert client.get("/search", params=[("end_tag", "工业视觉"), ("end_tag", "数字安防")]).json()["total"] == 5
    assert client.get("/search", params={"budget_min": 150, "kind": "demand"}).json()["total"] == 1
    assert client.get("/search", params={"budget_min": 250, "kind": "demand"}).json()["total"] == 0
    assert client.get("/search", params={"deadline_to": "2027-01-31", "kind": "challenge"}).json()["total"] == 1
    assert client.get("/search", params={"deadline_to": "2027-01-30", "kind": "challenge"}).json()["total"] == 0


def test_bad_parameters_are_422(client: TestClient) -> None:
    assert client.get("/search", params={"kind": "bid"}).status_code == 422
    assert client.get("/search", params={"sort": "secret:asc"}).status_code == 422
    assert client.get("/search", params={"budget_min": "lots"}).status_code == 422
    assert client.get("/search", params={"hits_per_page": 1000}).status_code == 422


def test_an_unknown_status_filter_is_422_naming_the_field(client: TestClient, as_: As) -> None:
    seed(client, as_)
    for params in ({"status": "bogus"}, [("status", "open"), ("status", "closed!")]):
        response = client.get("/search", params=params)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        body = response.json()
        assert body["field"] == "status"
        assert body["detail"].startswith("status:")
        assert "open" in body["allowed"]
    # Every value OpenAPI names is accepted, one at a time and repeated.
    enum = client.get("/openapi.json").json()["paths"]["/search"]["get"]["parameters"]
    statuses = next(p for p in enum if p["name"] == "status")["schema"]["items"]["enum"]
    for status in statuses:
        assert client.get("/search", params={"status": status}).status_code == 200, status
    assert client.get("/search", params=[("status", s) for s in statuses]).json()["total"] == 5


def test_a_saved_search_with_an_unknown_status_is_refused(client: TestClient, as_: As) -> None:
    body = {"name": "坏的状态", "q": "", "filters": {"status": ["bogus"]}}
    response = client.post("/subscriptions", json=body, headers=as_("vendor1"))
    assert (response.status_code, response.json()["field"]) == (422, "status")


def test_sort_and_pagination(client: TestClient, as_: As) -> None:
    seed(client, as_)
    page1 = client.get("/search", params={"hits_per_page": 2, "page": 1, "sort": "updated_at:desc"}).json()
    page2 = client.get("/search", params={"hits_per_page": 2, "page": 2, "sort": "updated_at:desc"}).json()
    assert page1["total"] == 5
    assert len(page1["hits"]) == 2
    assert not {h["id"] for h in page1["hits"]} & {h["id"] for h in page2["hits"]}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    assert ready["checks"] == {"database": "ok", "search": "ok"}


def test_taxonomy_facets_are_the_same_for_every_kind(client: TestClient, as_: As) -> None:
    seed(client, as_)
    facets = client.get("/search").json()["facets"]
    assert set(facets["layer_tags"]) <= {"基础层", "技术层", "应用层"}
    assert facets["end_tags"] == {"工业视觉": 3, "数字安防": 2}
    assert client.get("/search", params={"tag": "感知智能"}).json()["total"] == facets["capability_tags"]["感知智能"]


def test_suggest_offers_titles_with_the_item_they_open(client: TestClient, as_: As) -> None:
    seed(client, as_)
    title = client.get("/search", params={"kind": "provider"}).json()["hits"][0]
    body = client.get("/search/suggest", params={"q": title["title"][:3]}).json()
    assert {"text": title["title"], "field": "title", "id": title["id"], "kind": "provider"} in body["suggestions"]


def test_suggest_refuses_a_missing_or_too_long_q_naming_it(client: TestClient) -> None:
    for params in ({}, {"q": ""}, {"q": "长" * 51}, {"q": "视觉", "limit": 0}):
        response = client.get("/search/suggest", params=params)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert ("limit" if "limit" in params else "q") in response.text
