from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from kit.clock import ManualClock
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


def test_product_if_match_reads_lists_and_star_like_every_service(client: TestClient, as_: As) -> None:
    product = client.post("/products", json=product_body(), headers=as_("vendor1")).json()
    url = f"/products/{product['id']}"
    stale = client.patch(url, json={"name": "改名"}, headers={**as_("vendor1"), "If-Match": '"5", "6"'})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    listed = client.patch(url, json={"name": "改名"}, headers={**as_("vendor1"), "If-Match": '"0", "1"'})
    assert listed.status_code == 200
    assert listed.headers["etag"] == '"2"'
    star = client.patch(url, json={"name": "再改名"}, headers={**as_("vendor1"), "If-Match": "*"})
    assert star.status_code == 200
    assert star.headers["etag"] == '"3"'


def test_expired_recognition_drops_from_the_facet(client: TestClient, as_: As) -> None:
    body = product_body(
        recognitions=[{"scheme": "首版次", "level": "city", "edition_year": 2022, "recognised_on": "2022-01-01"}],
        category="首版次",
    )
    product = client.post("/products", json=body, headers=as_("vendor1")).json()
    assert product["recognitions"][0]["active"] is False
    facets = client.get("/search", params={"kind": "product"}).json()["facets"]
    assert facets["recognition_schemes"] == {}


def test_reconcile_refreshes_what_time_made_stale(client: TestClient, as_: As, clock: ManualClock) -> None:
    from matching.search.maintenance import reconcile
    from tests.matching.factories import published_demand

    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    published_demand(client, as_, valid_until="2026-12-31")
    clock.advance(timedelta(days=450))
    report = reconcile(client.app.state.sessionmaker, client.app.state.search, clock)  # type: ignore[attr-defined]
    assert report.updated == 2
    facets = client.get("/search").json()["facets"]
    assert facets["qualification_labels"] == {}
    assert facets["status"]["expired"] == 1


def test_profile_updates_need_the_current_etag(client: TestClient, as_: As) -> None:
    first = client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag == f'"{first.json()["version"]}"'
    assert client.get("/providers/me", headers=as_("vendor1")).headers["etag"] == etag
    assert client.get(f"/providers/{VENDOR1}").headers["etag"] == etag

    missing = client.put("/providers/me", json=provider_body(summary="改"), headers=as_("vendor1"))
    assert missing.status_code == 428
    assert missing.json()["type"].endswith("/if-match-required")
    assert missing.json()["current_version"] == first.json()["version"]  # as workflow's 428 always said
    saved = client.put("/providers/me", json=provider_body(summary="改"), headers={**as_("vendor1"), "If-Match": etag})
    assert saved.status_code == 200
    assert saved.headers["etag"] != etag
    stale = client.put("/providers/me", json=provider_body(summary="旧"), headers={**as_("vendor1"), "If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == saved.json()["version"]
    assert client.get("/providers/me", headers=as_("vendor1")).json()["summary"] == "改"


def test_first_profile_with_a_stale_etag_is_refused(client: TestClient, as_: As) -> None:
    r = client.put("/providers/me", json=provider_body(), headers={**as_("vendor2"), "If-Match": '"3"'})
    assert r.status_code == 412
    assert client.get("/providers/me", headers=as_("vendor2")).status_code == 404


def test_verification_changes_the_etag(client: TestClient, as_: As) -> None:
    etag = client.put("/providers/me", json=provider_body(), headers=as_("vendor1")).headers["etag"]
    client.post(f"/providers/{VENDOR1}/verify", headers=as_("admin"))
    r = client.put("/providers/me", json=provider_body(), headers={**as_("vendor1"), "If-Match": etag})
    assert r.status_code == 412


def test_public_provider_list_pages_and_filters(client: TestClient, as_: As, clock: ManualClock) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    expired = [{"label": "专精特新小巨人", "level": "national", "valid_until": "2026-01-01"}]
    client.put("/providers/me", json=provider_body(district="萧山区", qualifications=expired), headers=as_("vendor2"))
    client.put("/providers/me", json=provider_body(district="余杭区", qualifications=[]), headers=as_("vendor3"))
    client.post(f"/providers/{VENDOR1}/verify", headers=as_("admin"))

    page = client.get("/providers", params={"limit": 2}).json()
    assert page["total"] == 3
    assert len(page["items"]) == 2
    rest = client.get("/providers", params={"limit": 2, "offset": 2}).json()
    assert {p["id"] for p in page["items"] + rest["items"]} == {ORG_BY_KEY[f"vendor{i}"].id for i in (1, 2, 3)}

    def ids(**params: object) -> list[str]:
        return [p["id"] for p in client.get("/providers", params=params).json()["items"]]

    assert ids(district="萧山区") == [ORG_BY_KEY["vendor2"].id]
    assert ids(verified=True) == [VENDOR1]
    assert len(ids(verified=False)) == 2
    assert ids(qualification="高新技术企业") == [VENDOR1]
    assert ids(qualification="专精特新小巨人") == []  # expired labels stop counting
    assert client.get("/providers", params={"limit": 101}).status_code == 422


def test_text_with_nul_is_refused_on_every_database(client: TestClient, as_: As) -> None:
    assert client.get("/demands/a%00b").status_code == 400  # the path itself, refused before routing (kit)
    assert client.get("/search", params={"district": "a\x00"}).status_code == 422
    r = client.put("/providers/me", json=provider_body(summary="a\x00b"), headers=as_("vendor1"))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_a_product_with_unknown_fields_is_refused_naming_them_and_nothing_is_stored(
    client: TestClient, as_: As
) -> None:
    client.put("/providers/me", json=provider_body(), headers=as_("vendor1"))
    before = client.get("/search", params={"kind": "product"}).json()["total"]
    r = client.post("/products", json=product_body(description="多余", name_en="Line scanner"), headers=as_("vendor1"))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    named = {tuple(e["loc"]) for e in r.json()["errors"] if e["type"] == "extra_forbidden"}
    assert named == {("body", "description"), ("body", "name_en")}
    assert client.get("/search", params={"kind": "product"}).json()["total"] == before
