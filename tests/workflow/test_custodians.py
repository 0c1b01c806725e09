"""A challenge's opening custodians (decision 0107): set by the owner in the draft, checked when the
challenge is submitted for approval and again at approval — k ≥ 2 and k ≤ n, distinct, each an active
government reviewer or supervisor in the accounts directory, none from a vendor, each with a registered
key — every refusal a 422 naming the field; fixed once published."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from gateway.models import User
from kit.clock import ManualClock
from kit.demo import USER_BY_NAME
from tests.workflow.custody_helpers import add_account, headers_for, new_key
from tests.workflow.factories import Api, application_body

GOV1, GOV2, SUPER1 = (USER_BY_NAME[u].id for u in ("gov1", "gov2", "super1"))


def _register(api: Api, *users: str) -> None:
    for user in users:
        api.ok(api.post("/custody/keys", user, json={"public_key": new_key()[1]}), 201)


def _custodian_draft(api: Api, custodians: list[str], **more: Any) -> str:
    return api.draft(sealing="custodians", custodians=custodians, **more)


def test_a_challenge_is_sealed_by_the_service_unless_its_owner_names_custodians(api: Api) -> None:
    cid = api.draft()
    ch = api.ok(api.get(f"/challenges/{cid}", "ent1"))
    assert (ch["sealing"], ch["custodians"], ch["custodian_threshold"]) == ("service", [], 2)
    etag = api.get(f"/challenges/{cid}", "ent1").headers["ETag"]
    body = {"sealing": "custodians", "custodians": [GOV1, GOV2, SUPER1], "custodian_threshold": 3}
    ch = api.ok(api.patch(f"/challenges/{cid}", "ent1", body, if_match=etag))
    assert (ch["sealing"], ch["custodians"], ch["custodian_threshold"]) == ("custodians", [GOV1, GOV2, SUPER1], 3)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"custodian_threshold": 1}, "custodian_threshold"),
        ({"custodian_threshold": 16}, "custodian_threshold"),
        ({"custodians": [f"u{i}" for i in range(16)]}, "custodians"),
        ({"sealing": "vendor"}, "sealing"),
    ],
)
def test_the_fields_are_typed(api: Api, body: dict[str, Any], field: str) -> None:
    refused = api.post("/challenges", "ent1", json={"title": "保管人字段", **body})
    assert refused.status_code == 422, refused.text
    assert field in {str(e["loc"][1]) for e in refused.json()["errors"]}, refused.text


def _refused(api: Api, cid: str, action: str, user: str, field: str, code: str) -> None:
    refused = api.act(cid, action, user)
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert (problem["field"], problem["type"].rsplit("/", 1)[1]) == (field, code), problem
    assert field in problem["detail"]


@pytest.mark.parametrize(
    ("custodians", "threshold", "field", "code"),
    [
        ([GOV1], 2, "custodians", "custodians-required"),
        ([GOV1, GOV2, SUPER1], 4, "custodian_threshold", "custodian-threshold"),
        ([GOV1, GOV2, GOV1], 2, "custodians.2", "custodian-repeated"),
        ([GOV1, USER_BY_NAME["expert1"].id], 2, "custodians.1", "not-a-custodian"),
        ([GOV1, USER_BY_NAME["vendor1"].id], 2, "custodians.1", "not-a-custodian"),
        ([GOV1, GOV2, "no-such-user"], 2, "custodians.2", "not-a-custodian"),
        ([GOV1, USER_BY_NAME["admin"].id], 2, "custodians.1", "not-a-custodian"),
    ],
)
def test_submission_checks_the_custodians(
    api: Api, custodians: list[str], threshold: int, field: str, code: str
) -> None:
    _register(api, "gov1", "gov2", "super1")
    cid = _custodian_draft(api, custodians, custodian_threshold=threshold)
    _refused(api, cid, "submit", "ent1", field, code)
    assert api.ok(api.get(f"/challenges/{cid}", "ent1"))["status"] == "draft"


def test_each_custodian_needs_a_registered_key(api: Api) -> None:
    _register(api, "gov1", "super1")
    cid = _custodian_draft(api, [GOV1, GOV2, SUPER1])
    _refused(api, cid, "submit", "ent1", "custodians.1", "no-opening-key")
    _register(api, "gov2")
    assert api.ok(api.act(cid, "submit", "ent1"))["status"] == "pending_approval"


def test_no_custodian_from_a_vendor(api: Api, accounts: tuple[str, FastAPI], clock: ManualClock) -> None:
    """A supervisor recorded in a vendor's organisation (the membership rules refuse it now; an older
    account or a directory gone wrong) is refused at submission with its position."""
    outsider = add_account(accounts[1], "vendor2", "supervisor", clock.now())
    token = headers_for(api.app.state.tokens, outsider, "vendor2", "supervisor", clock.now())
    api.ok(api.client.post("/custody/keys", headers=token, json={"public_key": new_key()[1]}), 201)
    _register(api, "gov1", "gov2")
    cid = _custodian_draft(api, [GOV1, GOV2, outsider])
    _refused(api, cid, "submit", "ent1", "custodians.2", "custodian-conflict")


def test_approval_checks_them_again_and_both_checks_are_in_the_chain(
    api: Api, accounts: tuple[str, FastAPI], clock: ManualClock
) -> None:
    supervisor = add_account(accounts[1], "gov", "supervisor", clock.now())
    token = headers_for(api.app.state.tokens, supervisor, "gov", "supervisor", clock.now())
    key = api.ok(api.client.post("/custody/keys", headers=token, json={"public_key": new_key()[1]}), 201)
    _register(api, "gov1", "super1")
    cid = _custodian_draft(api, [GOV1, SUPER1, supervisor])
    assert api.ok(api.act(cid, "submit", "ent1"))["status"] == "pending_approval"
    # Suspended between submission and approval: approval refuses, naming the position.
    with accounts[1].state.sessionmaker.begin() as session:
        session.execute(update(User).where(User.id == supervisor).values(status="suspended"))
    _refused(api, cid, "approve", "gov2", "custodians.2", "not-a-custodian")
    assert api.ok(api.get(f"/challenges/{cid}", "gov2"))["status"] == "pending_approval"
    with accounts[1].state.sessionmaker.begin() as session:
        session.execute(update(User).where(User.id == supervisor).values(status="active"))
    assert api.ok(api.act(cid, "approve", "gov2"))["status"] == "open"
    checks = [
        e["data"] for e in api.ok(api.get(f"/challenges/{cid}/audit")) if e["action"] == "custody.custodians_checked"
    ]
    assert [c["stage"] for c in checks] == ["submit", "approve"]
    # The refused approval left nothing behind: one approval in the chain, which verifies.
    chain = api.ok(api.get(f"/challenges/{cid}/audit"))
    assert [e["action"] for e in chain].count("transition.approve") == 1
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True
    assert checks[1]["threshold"] == 2
    assert [c["user_id"] for c in checks[1]["custodians"]] == [GOV1, SUPER1, supervisor]
    assert checks[1]["custodians"][2]["fingerprint"] == key["fingerprint"]


def test_the_custodians_are_fixed_once_published_and_plaintext_is_refused(api: Api) -> None:
    _register(api, "gov1", "gov2", "super1")
    cid = _custodian_draft(api, [GOV1, GOV2, SUPER1])
    api.ok(api.act(cid, "submit", "ent1"))
    api.ok(api.act(cid, "approve", "gov1"))
    etag = api.get(f"/challenges/{cid}", "ent1").headers["ETag"]
    for field, value in (("custodians", [GOV1, GOV2]), ("custodian_threshold", 3), ("sealing", "service")):
        refused = api.patch(f"/challenges/{cid}", "ent1", {field: value, "reason": "更换保管人"}, if_match=etag)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == field
    # The vendor's side seals under custodian sealing: a plaintext application is refused.
    refused = api.post(f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1"))
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "envelope"
    assert api.ok(api.get("/applications", "vendor1")) == []


def test_a_service_sealed_challenge_needs_no_custodians(api: Api) -> None:
    cid = api.open_challenge()
    assert [e for e in api.ok(api.get(f"/challenges/{cid}/audit")) if e["action"].startswith("custody.")] == []
