"""matching's administrative acts (publishing or returning a demand, batches, verifying a provider,
reindexing, an admin's edits) each append one entry to its hash chain, which verifies."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from kit.db import normalise_url
from tests.matching.conftest import As
from tests.matching.factories import demand_body, interest_body, provider_body

CSV = "需求名称,需求类型,应用场景,发布单位,所在区县\n电池极片缺陷AI质检,应用场景,工业,某制造企业,萧山区\n".encode()
ADMIN = f"user:{USER_BY_NAME['admin'].id}"
GOV1 = f"user:{USER_BY_NAME['gov1'].id}"


class World:
    def __init__(self, client: TestClient, as_: As) -> None:
        self.client, self.as_ = client, as_

    def ok(self, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    def pending(self) -> str:
        return str(self.ok(self.client.post("/demands", json=demand_body(), headers=self.as_("ent1")), 201)["id"])

    def batch(self) -> str:
        body = {"code": f"B{uuid.uuid4().hex[:10]}", "name": "2026年第5批"}
        return str(self.ok(self.client.post("/batches", json=body, headers=self.as_("admin")), 201)["id"])

    def imported_batch(self) -> str:
        batch = self.batch()
        files = {"file": ("batch.csv", CSV, "text/csv")}
        self.ok(self.client.post(f"/batches/{batch}/import", files=files, headers=self.as_("admin")))
        return batch


@dataclass
class Act:
    action: str
    run: Callable[[World], str]  # performs the act, answers the entry's target
    actor: str = ADMIN
    reason: str = ""


def _published(w: World) -> str:
    demand = w.pending()
    w.ok(w.client.post(f"/demands/{demand}/review", json={"approve": True}, headers=w.as_("admin")))
    return f"demand:{demand}"


def _returned(w: World) -> str:
    demand = w.pending()
    body = {"approve": False, "note": "请补充预算依据"}
    w.ok(w.client.post(f"/demands/{demand}/review", json=body, headers=w.as_("gov1")))
    return f"demand:{demand}"


def _batch_created(w: World) -> str:
    return f"batch:{w.batch()}"


def _batch_imported(w: World) -> str:
    return f"batch:{w.imported_batch()}"


def _batch_published(w: World) -> str:
    batch = w.imported_batch()
    w.ok(w.client.post(f"/batches/{batch}/publish", headers=w.as_("admin")))
    return f"batch:{batch}"


def _provider_verified(w: World) -> str:
    w.ok(w.client.put("/providers/me", json=provider_body(), headers={**w.as_("vendor1"), "If-Match": "*"}))
    org = ORG_BY_KEY["vendor1"].id
    w.ok(w.client.post(f"/providers/{org}/verify", headers=w.as_("admin")))
    return f"provider:{org}"


def _reindexed(w: World) -> str:
    w.ok(w.client.post("/admin/search/reindex", headers=w.as_("admin")))
    return "search:index"


def _demand_created(w: World) -> str:
    batch = w.batch()
    body = demand_body(batch_id=batch, publisher_name="某单位")
    return f"demand:{w.ok(w.client.post('/demands', json=body, headers=w.as_('admin')), 201)['id']}"


def _interest_decided(w: World) -> str:
    demand = _published(w).split(":", 1)[1]
    interest = w.ok(w.client.post(f"/demands/{demand}/interests", json=interest_body(), headers=w.as_("vendor1")), 201)
    body = {"decision": "declined", "reason": "代发布单位处理"}
    w.ok(w.client.post(f"/interests/{interest['id']}/decision", json=body, headers=w.as_("admin")))
    return f"interest:{interest['id']}"


ACTS = [
    Act("demand.published", _published),
    Act("demand.returned", _returned, actor=GOV1, reason="请补充预算依据"),
    Act("batch.created", _batch_created),
    Act("batch.imported", _batch_imported),
    Act("batch.published", _batch_published),
    Act("provider.verified", _provider_verified),
    Act("search.reindexed", _reindexed),
    Act("demand.created", _demand_created),
    Act("interest.decided", _interest_decided, reason="代发布单位处理"),
]


def _entries(w: World, **params: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = w.ok(w.client.get("/admin/audit", params=params, headers=w.as_("admin")))["items"]
    return items


@pytest.mark.parametrize("act", ACTS, ids=[a.action for a in ACTS])
def test_each_administrative_act_appends_one_entry(act: Act, client: TestClient, as_: As) -> None:
    w = World(client, as_)
    target = act.run(w)
    entries = _entries(w, action=act.action)
    assert len(entries) == 1, entries
    assert (entries[0]["target"], entries[0]["actor"], entries[0]["reason"]) == (target, act.actor, act.reason)
    assert w.ok(client.get("/admin/audit/verify", headers=as_("admin")))["valid"] is True


def test_an_enterprise_deciding_its_own_interest_and_a_dry_run_are_not_administrative(
    client: TestClient, as_: As
) -> None:
    w = World(client, as_)
    demand = _published(w).split(":", 1)[1]
    interest = w.ok(client.post(f"/demands/{demand}/interests", json=interest_body(), headers=as_("vendor1")), 201)
    w.ok(client.post(f"/interests/{interest['id']}/decision", json={"decision": "deal"}, headers=as_("ent1")))
    batch = w.batch()
    files = {"file": ("batch.csv", CSV, "text/csv")}
    w.ok(client.post(f"/batches/{batch}/import", files=files, params={"dry_run": "true"}, headers=as_("admin")))
    assert [e["action"] for e in _entries(w)] == ["batch.created", "demand.published"]


def test_a_tampered_row_is_found(client: TestClient, as_: As, db_url: str) -> None:
    w = World(client, as_)
    for act in ACTS[:4]:
        act.run(w)
    count = w.ok(client.get("/admin/audit/verify", headers=as_("admin")))["entries"]
    engine = create_engine(normalise_url(db_url))
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_append_only"))
        conn.execute(text("DELETE FROM admin_audit WHERE seq = 3"))
        if postgres:
            conn.execute(text("ALTER TABLE admin_audit ENABLE TRIGGER admin_audit_append_only"))
    engine.dispose()
    result = w.ok(client.get("/admin/audit/verify", headers=as_("admin")))
    assert (result["service"], result["valid"], result["first_invalid_seq"]) == ("matching", False, 4)
    assert result["entries"] == count - 1
