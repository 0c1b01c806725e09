from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from kit.clock import ManualClock
from kit.demo import ORG_BY_KEY
from tests.matching.conftest import As
from tests.matching.factories import product_body, provider_body

VENDOR1 = ORG_BY_KEY["vendor1"].id


def test_vendor_saves_profile_and_it_is_searchable_at_once(client: TestClient, as_: As) -> None:
    r = client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    assert r.status_code == 200, r.text
    assert r.json()["id"] == VENDOR1
    assert r.json()["verified"] is False
    hits = client.get("/search", params={"q": "缺陷检测", "kind": "provider"}).json()["hits"]
    assert [h["id"] for h in hits] == [VENDOR1]
    assert hits[0]["verified"] is False


def test_only_vendors_keep_profiles(client: TestClient, as_: As) -> None:
    assert client.put("/providers/me", json=provider_body(), headers=as_("ent1")).status_code == 403
    assert client.put("/providers/me", json=provider_body()).status_code == 401


def test_profile_refuses_unknown_tags_and_districts(client: TestClient, as_: As) -> None:
    r = client.put("/providers/me", json=provider_body(tags=["量子通信"]), headers=as_("vendor1"))
    assert r.status_code == 422
    r = client.put("/providers/me", json=provider_body(district="朝阳区"), headers=as_("vendor1"))
    assert r.status_code == 422


def test_admin_verifies_and_the_badge_is_a_filter(client: TestClient, as_: As) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    client.put("/providers/me", json=provider_body(district="萧山区"), headers=as_("vendor2"))
    assert client.post(f"/providers/{VENDOR1}/verify", headers=as_("vendor1")).status_code == 403
    assert client.post(f"/providers/{VENDOR1}/verify", headers=as_("admin")).json()["verified"] is True
    verified = client.get("/search", params={"kind": "provider", "verified": "true"}).json()
    assert [h["id"] for h in verified["hits"]] == [VENDOR1]
    assert verified["facets"]["verified"] == {"true": 1}


def test_expired_labels_stop_counting(client: TestClient, as_: As, clock: ManualClock) -> None:
    body = provider_body(
        qualifications=[
            {"label": "专精特新“小巨人”", "level": "national", "valid_until": "2026-12-31"},
            {"label": "高新技术企业", "level": "national", "valid_until": "2026-11-01"},
        ]
    )
    r = client.put("/providers/me", json=body, headers=as_("vendor1")).json()
    assert r["active_labels"] == ["专精特新小巨人"]
    assert {q["label"]: q["active"] for q in r["qualifications"]} == {"专精特新小巨人": True, "高新技术企业": False}
    facets = client.get("/search", params={"kind": "provider"}).json()["facets"]["qualification_labels"]
    assert facets == {"专精特新小巨人": 1}
    clock.advance(timedelta(days=60))
    assert client.get(f"/providers/{VENDOR1}").json()["active_labels"] == []


def test_internal_provider_needs_a_service_token(client: TestClient, as_: As) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    assert client.get(f"/internal/providers/{VENDOR1}", headers=as_("vendor1")).status_code == 401
    r = client.get(f"/internal/providers/{VENDOR1}", headers=as_.service())
    assert r.status_code == 200
    assert r.json()["qualifications"] == [
        {"label": "高新技术企业", "level": "national", "valid_until": "2027-12-31", "active": True}
    ]
    assert client.get("/internal/providers/nobody", headers=as_.service()).status_code == 404


def test_product_normalises_first_set_and_defaults_validity(client: TestClient, as_: As) -> None:
    r = client.post("/products", json=product_body(), headers=as_("vendor1"))
    assert r.status_code == 201, r.text
    product = r.json()
    assert product["category"] == "首台套"
    assert product["recognitions"][0]["scheme"] == "首台套"
    assert product["recognitions"][0]["valid_until"] == "2028-06-01"
    hits = client.get("/search", params={"q": "首台套", "recognition_scheme": "首台套"}).json()["hits"]
    assert [h["id"] for h in hits] == [product["id"]]


def test_only_the_owner_patches_a_product_with_if_match(client: TestClient, as_: As) -> None:
    product = client.post("/products", json=product_body(), headers=as_("vendor1")).json()
    url = f"/products/{product['id']}"
    assert client.patch(url, json={"name": "改名"}, headers=as_("vendor2")).status_code == 403
    stale = client.patch(url, json={"name": "改名"}, headers={**as_("vendor1"), "If-Match": '"7"'})
    assert stale.status_code == 412
    ok = client.patch(url, json={"name": "智能光学检测一体机"}, headers={**as_("vendor1"), "If-Match": '"1"'})
    assert ok.status_code == 200
    assert ok.headers["etag"] == '"2"'
    assert client.get("/search", params={"q": "光学检测"}).json()["hits"][0]["id"] == product["id"]
    assert client.get("/search", params={"q": "线阵"}).json()["total"] == 0


def test_expired_recognition_drops_from_the_facet(client: TestClient, as_: As) -> None:
    body = product_body(
        recognitions=[{"scheme": "首版次", "level": "city", "edition_year": 2022, "recognised_on": "2022-01-01"}],
        category="首版次",
    )
    product = client.post("/products", json=body, headers=as_("vendor1")).json()
    assert product["recognitions"][0]["active"] is False
    facets = client.get("/search", params={"kind": "product"}).json()["facets"]
    assert facets["recognition_schemes"] == {}
