"""Every route × every role × own/other organisation, with the expected status written down.

The objects are owned by ent1 (demands) and vendor1 (profile, product, interest, subscription,
notification): ent1 and vendor1 are "own", ent2 and vendor2 the other organisation of the same role.
A route of the app without a row here fails the test, as does a row without a route.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from demo.accounts import ORG_BY_KEY
from tests.matching.conftest import As
from tests.matching.factories import challenge_event, demand_body, interest_body, product_body, provider_body
from tests.support.routes import app_routes

ROLES = ("anonymous", "ent1", "ent2", "vendor1", "vendor2", "expert1", "gov1", "admin", "service")
VENDOR1 = ORG_BY_KEY["vendor1"].id
CSV = "需求名称,需求类型,应用场景,发布单位,所在区县\n电池极片缺陷AI质检,应用场景,工业,某制造企业,萧山区\n".encode()


def expect(default: int, **cells: int) -> dict[str, int]:
    """`default` for every role not named; `users=` for every signed-in user not named."""
    users = cells.pop("users", default)
    out = {role: users for role in ROLES if role not in ("anonymous", "service")}
    out.update(anonymous=default, service=default)
    out.update(cells)
    return out


# Public reads: anyone, and a service token too (no identity is read).
OPEN = expect(200)
# Public reads that look at the caller when one is given: a service token is no access token (401).
PUBLIC = expect(200, service=401)
SIGNED_IN = expect(401, users=200)
ADMIN = expect(401, users=403, admin=200)
VENDOR = expect(401, users=403, vendor1=200, vendor2=200)
INTERNAL = expect(401, service=200)


@dataclass
class Row:
    status: dict[str, int]
    # Path parameters and request arguments; called once per cell when the route changes state.
    prepare: Callable[[World], tuple[dict[str, str], dict[str, Any]]] = field(default=lambda w: ({}, {}))


class World:
    def __init__(self, client: TestClient, as_: As) -> None:
        self.client = client
        self.as_ = as_
        self.ok(client.put("/providers/me", json=provider_body(), headers=as_("vendor1")), 200)
        self.product = self.ok(client.post("/products", json=product_body(), headers=as_("vendor1")), 201)["id"]
        body = {"name": "全部需求", "kind": "demand"}
        self.ok(client.post("/subscriptions", json=body, headers=as_("vendor1")), 201)
        self.demand = self.published_demand()
        self.pending = self.pending_demand()
        self.returned = self.returned_demand()
        self.interest = self.interest_in(self.demand)
        self.notification = self.ok(client.get("/notifications", headers=as_("vendor1")), 200)[0]["id"]
        self.draft_batch = self.batch()
        self.published_batch = self.batch()
        self.ok(client.post(f"/batches/{self.published_batch}/publish", headers=as_("admin")), 200)
        self.challenge = str(uuid.uuid4())
        event = challenge_event(self.challenge, 1)
        self.ok(client.post("/internal/events", json=event, headers=as_.service()), 200)

    def ok(self, response: Any, status: int) -> Any:
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def pending_demand(self) -> str:
        return str(self.ok(self.client.post("/demands", json=demand_body(), headers=self.as_("ent1")), 201)["id"])

    def published_demand(self) -> str:
        demand = self.pending_demand()
        self.ok(self.client.post(f"/demands/{demand}/review", json={"approve": True}, headers=self.as_("admin")), 200)
        return demand

    def returned_demand(self) -> str:
        demand = self.pending_demand()
        body = {"approve": False, "note": "请补充预算依据"}
        self.ok(self.client.post(f"/demands/{demand}/review", json=body, headers=self.as_("gov1")), 200)
        return demand

    def interest_in(self, demand: str) -> str:
        response = self.client.post(f"/demands/{demand}/interests", json=interest_body(), headers=self.as_("vendor1"))
        return str(self.ok(response, 201)["id"])

    def batch(self) -> str:
        body = {"code": f"B{uuid.uuid4().hex[:10]}", "name": "2026年第3批"}
        return str(self.ok(self.client.post("/batches", json=body, headers=self.as_("admin")), 201)["id"])

    def subscription(self) -> str:
        body = {"name": "矩阵", "q": "视觉"}
        response = self.client.post("/subscriptions", json=body, headers=self.as_("vendor1"))
        return str(self.ok(response, 201)["id"])


def on(**params: Callable[[World], str]) -> Callable[[World], tuple[dict[str, str], dict[str, Any]]]:
    return lambda w: ({k: f(w) for k, f in params.items()}, {})


def sending(
    body: Callable[[], Any], **params: Callable[[World], str]
) -> Callable[[World], tuple[dict[str, str], dict[str, Any]]]:
    return lambda w: ({k: f(w) for k, f in params.items()}, {"json": body()})


def _import(w: World) -> tuple[dict[str, str], dict[str, Any]]:
    return {"batch_id": w.batch()}, {"files": {"file": ("batch.csv", CSV, "text/csv")}, "params": {"dry_run": "true"}}


TABLE: dict[tuple[str, str, str], Row] = {
    # Reads.
    ("GET", "/healthz", ""): Row(OPEN),
    ("GET", "/readyz", ""): Row(OPEN),
    ("GET", "/metrics", ""): Row(OPEN),
    ("GET", "/search", ""): Row(PUBLIC),
    ("GET", "/search/suggest", ""): Row(PUBLIC, lambda w: ({}, {"params": {"q": "视觉"}})),
    ("GET", "/docs", ""): Row(OPEN),
    ("GET", "/docs/init.js", ""): Row(OPEN),
    ("GET", "/docs/assets/{name}", ""): Row(OPEN, on(name=lambda w: "swagger-ui.css")),
    ("POST", "/admin/search/reindex", ""): Row(ADMIN),
    ("GET", "/admin/audit", ""): Row(ADMIN),
    ("GET", "/admin/audit/verify", ""): Row(ADMIN),
    ("GET", "/admin/audit/export", ""): Row(ADMIN),
    ("GET", "/stats", ""): Row(OPEN),
    ("GET", "/codelists", ""): Row(OPEN),
    ("GET", "/demands.csv", ""): Row(OPEN),
    ("GET", "/demands.xlsx", ""): Row(ADMIN),
    ("GET", "/batches/template.xlsx", ""): Row(OPEN),
    ("GET", "/batches", ""): Row(PUBLIC),
    ("GET", "/batches/{batch_id}", "draft"): Row(
        expect(404, service=401, admin=200), on(batch_id=lambda w: w.draft_batch)
    ),
    ("GET", "/batches/{batch_id}", "published"): Row(PUBLIC, on(batch_id=lambda w: w.published_batch)),
    ("GET", "/challenges", ""): Row(OPEN),
    ("GET", "/challenges/{challenge_id}", ""): Row(OPEN, on(challenge_id=lambda w: w.challenge)),
    ("GET", "/challenges/{challenge_id}/matches", ""): Row(OPEN, on(challenge_id=lambda w: w.challenge)),
    ("GET", "/demands", ""): Row(PUBLIC),
    ("GET", "/demands/{demand_id}", "published"): Row(PUBLIC, on(demand_id=lambda w: w.demand)),
    ("GET", "/demands/{demand_id}", "pending"): Row(
        expect(404, service=401, ent1=200, gov1=200, admin=200), on(demand_id=lambda w: w.pending)
    ),
    ("GET", "/demands/{demand_id}/similar", "published"): Row(PUBLIC, on(demand_id=lambda w: w.demand)),
    ("GET", "/demands/{demand_id}/similar", "pending"): Row(
        expect(404, service=401, ent1=200, gov1=200, admin=200), on(demand_id=lambda w: w.pending)
    ),
    ("GET", "/demands/{demand_id}/matches", "published"): Row(PUBLIC, on(demand_id=lambda w: w.demand)),
    ("GET", "/demands/{demand_id}/matches", "pending"): Row(
        expect(404, service=401, ent1=200, gov1=200, admin=200), on(demand_id=lambda w: w.pending)
    ),
    # Everyone signed in reads the list; a non-publisher sees only its own interests in it.
    ("GET", "/demands/{demand_id}/interests", "published"): Row(SIGNED_IN, on(demand_id=lambda w: w.demand)),
    ("GET", "/demands/{demand_id}/interests", "pending"): Row(
        expect(401, users=404, ent1=200, gov1=200, admin=200), on(demand_id=lambda w: w.pending)
    ),
    # The review history: the owner and the reviewers.
    ("GET", "/demands/{demand_id}/reviews", ""): Row(
        expect(401, users=404, ent1=200, gov1=200, admin=200), on(demand_id=lambda w: w.returned)
    ),
    ("GET", "/interests", ""): Row(VENDOR),
    ("GET", "/notifications", ""): Row(SIGNED_IN),
    ("GET", "/subscriptions", ""): Row(VENDOR),
    ("GET", "/recommendations", ""): Row(expect(401, users=403, vendor1=200, vendor2=404)),
    ("GET", "/products/{product_id}", ""): Row(OPEN, on(product_id=lambda w: w.product)),
    ("GET", "/providers", ""): Row(OPEN),
    ("GET", "/providers/me", ""): Row(expect(401, users=403, vendor1=200, vendor2=404)),
    ("GET", "/providers/{provider_id}", ""): Row(OPEN, on(provider_id=lambda w: VENDOR1)),
    ("GET", "/internal/providers/{org_id}", ""): Row(INTERNAL, on(org_id=lambda w: VENDOR1)),
    # Writes, each cell on objects of its own.
    ("POST", "/batches", ""): Row(
        expect(401, users=403, admin=201),
        sending(lambda: {"code": f"M{uuid.uuid4().hex[:10]}", "name": "2026年第4批"}),
    ),
    ("POST", "/batches/{batch_id}/import", ""): Row(ADMIN, _import),
    ("POST", "/batches/{batch_id}/import/report.xlsx", ""): Row(ADMIN, _import),
    ("POST", "/batches/{batch_id}/publish", ""): Row(ADMIN, on(batch_id=World.batch)),
    ("POST", "/demands", ""): Row(
        expect(401, users=403, ent1=201, ent2=201, admin=201), sending(lambda: demand_body(publisher_name="某单位"))
    ),
    ("POST", "/demands/similar", ""): Row(OPEN, sending(lambda: {"title": "极片缺陷检测"})),
    ("POST", "/demands/{demand_id}/review", ""): Row(
        expect(401, users=403, gov1=200, admin=200), sending(lambda: {"approve": True}, demand_id=World.pending_demand)
    ),
    # The owner resubmits a returned demand; another enterprise learns nothing.
    ("PUT", "/demands/{demand_id}", ""): Row(
        expect(401, users=403, ent1=200, ent2=404), sending(demand_body, demand_id=World.returned_demand)
    ),
    ("POST", "/demands/{demand_id}/interests", ""): Row(
        expect(401, users=403, vendor1=201, vendor2=201),
        sending(lambda: interest_body(proposal="矩阵测试的对接意向"), demand_id=World.published_demand),
    ),
    # The publisher (ent1) and an admin decide; the interested vendor is told no; others learn nothing.
    ("POST", "/interests/{interest_id}/decision", ""): Row(
        expect(401, users=404, ent1=200, admin=200, vendor1=403),
        sending(lambda: {"decision": "deal"}, interest_id=lambda w: w.interest_in(w.published_demand())),
    ),
    ("POST", "/notifications/{notification_id}/read", ""): Row(
        expect(401, users=404, vendor1=204), on(notification_id=lambda w: w.notification)
    ),
    ("POST", "/products", ""): Row(expect(401, users=403, vendor1=201, vendor2=201), sending(product_body)),
    ("PATCH", "/products/{product_id}", ""): Row(
        expect(401, users=403, vendor1=200), sending(lambda: {"summary": "矩阵"}, product_id=lambda w: w.product)
    ),
    ("POST", "/providers/{provider_id}/verify", ""): Row(ADMIN, on(provider_id=lambda w: VENDOR1)),
    ("PUT", "/providers/me", ""): Row(VENDOR, sending(provider_body)),
    ("POST", "/subscriptions", ""): Row(
        expect(401, users=403, vendor1=201, vendor2=201), sending(lambda: {"name": "矩阵", "q": "视觉"})
    ),
    ("DELETE", "/subscriptions/{subscription_id}", ""): Row(
        expect(401, users=403, vendor1=204, vendor2=404), on(subscription_id=World.subscription)
    ),
    ("POST", "/internal/events", ""): Row(
        INTERNAL, sending(lambda: challenge_event(str(uuid.uuid4()), 1, event_id=str(uuid.uuid4())))
    ),
}


def test_every_route_has_a_row_and_every_row_a_route(client: TestClient) -> None:
    app: Any = client.app
    rows = {(method, path) for method, path, _ in TABLE}
    assert app_routes(app) - rows == set(), "routes without a row in the authorisation table"
    assert rows - app_routes(app) == set(), "rows for routes the app does not have"


def test_every_route_every_role(client: TestClient, as_: As) -> None:
    world = World(client, as_)
    headers = {role: as_(role) for role in ROLES if role not in ("anonymous", "service")}
    headers.update(anonymous={}, service=as_.service())
    # Reads first: the writes below (vendor2's first profile, say) must not change what a read sees.
    order = sorted(TABLE, key=lambda k: (k[0] != "GET", k))
    wrong: list[str] = []
    cells = 0
    for method, path, variant in order:
        row = TABLE[(method, path, variant)]
        assert set(row.status) == set(ROLES), (method, path, variant)
        for role in ROLES:
            params, kwargs = row.prepare(world)
            extra = {"If-Match": "*"} if (method, path) == ("PUT", "/providers/me") else {}
            r = client.request(method, path.format(**params), headers={**headers[role], **extra}, **kwargs)
            cells += 1
            if r.status_code != row.status[role]:
                wrong.append(f"{method} {path} [{variant}] as {role}: {r.status_code}, expected {row.status[role]}")
            if r.status_code >= 400:
                assert r.headers["content-type"] == "application/problem+json", (method, path, role)
    app: Any = client.app
    print(f"authorisation matrix: {len(TABLE)} rows ({len(app_routes(app))} routes) × {len(ROLES)} roles")
    assert not wrong, "\n".join(wrong)
    assert cells == len(TABLE) * len(ROLES)
