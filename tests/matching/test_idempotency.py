from __future__ import annotations

from fastapi.testclient import TestClient

from tests.matching.conftest import As
from tests.matching.factories import demand_body, product_body


def test_retried_create_returns_the_first_answer_and_creates_once(client: TestClient, as_: As) -> None:
    headers = {**as_("vendor1"), "Idempotency-Key": "k-1"}
    first = client.post("/products", json=product_body(), headers=headers)
    again = client.post("/products", json=product_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert client.get("/search", params={"kind": "product"}).json()["total"] == 1


def test_same_key_with_another_body_is_refused_as_in_workflow(client: TestClient, as_: As) -> None:
    """Decision 0088: matching answered 409 here and workflow 422; both answer 422 idempotency-key-reused."""
    headers = {**as_("ent1"), "Idempotency-Key": "k-2"}
    assert client.post("/demands", json=demand_body(), headers=headers).status_code == 201
    reused = client.post("/demands", json=demand_body(title="另一个需求标题"), headers=headers)
    assert reused.status_code == 422
    assert reused.headers["content-type"] == "application/problem+json"
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    assert reused.json()["field"] == "Idempotency-Key"


def test_keys_are_per_caller(client: TestClient, as_: As) -> None:
    one = client.post("/products", json=product_body(), headers={**as_("vendor1"), "Idempotency-Key": "same"})
    two = client.post("/products", json=product_body(), headers={**as_("vendor2"), "Idempotency-Key": "same"})
    assert one.json()["id"] != two.json()["id"]
