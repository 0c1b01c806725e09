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


def test_same_key_with_another_body_is_a_conflict(client: TestClient, as_: As) -> None:
    headers = {**as_("ent1"), "Idempotency-Key": "k-2"}
    assert client.post("/demands", json=demand_body(), headers=headers).status_code == 201
    assert client.post("/demands", json=demand_body(title="另一个需求标题"), headers=headers).status_code == 409


def test_keys_are_per_caller(client: TestClient, as_: As) -> None:
    one = client.post("/products", json=product_body(), headers={**as_("vendor1"), "Idempotency-Key": "same"})
    two = client.post("/products", json=product_body(), headers={**as_("vendor2"), "Idempotency-Key": "same"})
    assert one.json()["id"] != two.json()["id"]
