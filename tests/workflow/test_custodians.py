"""A challenge's opening custodians (decision 0107): set by the owner in the draft, checked when the
challenge is submitted for approval and again at approval — k ≥ 2 and k ≤ n, distinct, each an active
government reviewer or supervisor in the accounts directory, none from a vendor, each with a registered
key — every refusal a 422 naming the field; fixed once published."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.models import User
from kit.audit import canonical
from kit.clock import ManualClock
from tests.workflow.custody_helpers import add_account, headers_for, new_key
from tests.workflow.factories import Api, application_body
from workflow.custody import envelope
from workflow.models import Application

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


# --- envelope submissions ------------------------------------------------------------------------

MARKER = "ENVELOPE-PLAN-7f3c 仅保管人开标后可见"


def _open_custodian_challenge(api: Api) -> tuple[str, dict[str, Any]]:
    """An open challenge sealed to gov1, gov2 and super1 (k = 2), and each custodian's private key."""
    privates = {}
    for user in ("gov1", "gov2", "super1"):
        private, public = new_key()
        api.ok(api.post("/custody/keys", user, json={"public_key": public}), 201)
        privates[USER_BY_NAME[user].id] = private
    cid = _custodian_draft(api, [GOV1, GOV2, SUPER1])
    api.ok(api.act(cid, "submit", "ent1"))
    assert api.ok(api.act(cid, "approve", "gov1"))["status"] == "open"
    return cid, privates


def _seal(api: Api, cid: str, org_key: str = "vendor1", **overrides: Any) -> envelope.Envelope:
    served = api.ok(api.get(f"/challenges/{cid}/custodians", "vendor1"))
    keys = [envelope.OpeningKey(c["user_id"], envelope.unb64(c["public_key"])) for c in served["custodians"]]
    args: dict[str, Any] = {
        "challenge_id": cid,
        "organisation_id": ORG_BY_KEY[org_key].id,
        "application": {k: v for k, v in application_body("vendor1", plan=MARKER).items() if k != "documents"},
        "documents": [envelope.Document("方案.pdf", "application/pdf", f"%PDF {MARKER}".encode())],
        "custodians": keys,
        "threshold": served["threshold"],
    }
    return envelope.seal(**{**args, **overrides})


def _body(sealed: envelope.Envelope) -> dict[str, Any]:
    return {"envelope": sealed.model_dump(mode="json")}


def test_a_vendor_submits_an_envelope_and_gets_todays_receipt(api: Api, app: FastAPI) -> None:
    cid, privates = _open_custodian_challenge(api)
    sealed = _seal(api, cid)
    receipt = api.ok(api.post(f"/challenges/{cid}/applications/sealed", "vendor1", json=_body(sealed)), 201)
    assert receipt["sha256"] == envelope.sha256_hex(canonical(sealed.header.model_dump(mode="json")))
    # Stored as uploaded: ciphertext and public metadata, no plaintext.
    with app.state.sessionmaker() as session:
        row = session.get(Application, receipt["id"])
        assert row is not None
        assert row.sealing == "custodians"
        stored = row.sealed
    assert MARKER.encode() not in stored
    assert b"ENVELOPE-PLAN" not in stored
    assert envelope.Envelope.model_validate_json(stored) == sealed
    # Before the opening the vendor reads the header only; the documents are inside the envelope.
    mine = api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    assert mine["content"] is None
    assert mine["documents"] == []
    assert mine["envelope"] == sealed.header.model_dump(mode="json")
    assert api.get(f"/applications/{receipt['id']}/documents/0", "vendor1").status_code == 409
    signed = api.ok(api.get(f"/applications/{receipt['id']}/receipt", "vendor1"))
    assert signed["statement"]["sha256"] == receipt["sha256"]
    assert [f["sha256"] for f in signed["statement"]["files"]] == [sealed.header.parts[1].sha256]
    assert MARKER not in api.get(f"/applications/{receipt['id']}/receipt.pdf", "vendor1").text
    # Any two custodians open what was stored; the platform could not.
    opened = envelope.Envelope.model_validate_json(stored)
    shares = {c: envelope.open_share(opened, c, privates[c]) for c in (GOV2, SUPER1)}
    parts = envelope.open_parts(opened, envelope.combine(opened.header, shares))
    assert MARKER in parts[0].decode()
    assert MARKER.encode() in parts[1]


def test_a_wrong_envelope_is_refused_naming_the_field(api: Api) -> None:
    cid, _ = _open_custodian_challenge(api)
    other, _ = _open_custodian_challenge(api)
    served = api.ok(api.get(f"/challenges/{cid}/custodians", "vendor1"))
    two = [envelope.OpeningKey(c["user_id"], envelope.unb64(c["public_key"])) for c in served["custodians"][:2]]
    good = _seal(api, cid)
    tampered = good.model_copy(
        update={"parts": [envelope.Part(nonce=good.parts[0].nonce, ciphertext=good.parts[1].ciphertext), good.parts[1]]}
    )
    cases = {
        "envelope.header.challenge_id": _seal(api, other),
        "envelope.header.organisation_id": _seal(api, cid, "vendor2"),
        "envelope.header.threshold": _seal(api, cid, threshold=3),
        "envelope.header.custodians": _seal(api, cid, custodians=two),
        "envelope.parts.0.ciphertext": tampered,
    }
    for field, sealed in cases.items():
        refused = api.post(f"/challenges/{cid}/applications/sealed", "vendor1", json=_body(sealed))
        assert refused.status_code == 422, (field, refused.text)
        assert (refused.json()["field"], refused.json()["type"].rsplit("/", 1)[1]) == (field, "envelope-refused")
    # An envelope for a challenge the service seals is refused too.
    plain = api.open_challenge()
    refused = api.post(f"/challenges/{plain}/applications/sealed", "vendor1", json=_body(_seal(api, cid)))
    assert (refused.status_code, refused.json()["field"]) == (422, "envelope")
    assert api.ok(api.get("/applications", "vendor1")) == []


def test_an_envelope_is_replaced_and_the_challenge_closes_with_it_sealed(api: Api) -> None:
    cid, _ = _open_custodian_challenge(api)
    first = api.ok(api.post(f"/challenges/{cid}/applications/sealed", "vendor1", json=_body(_seal(api, cid))), 201)
    again = _seal(api, cid)
    replaced = api.ok(api.put(f"/applications/{first['id']}/sealed", "vendor1", json=_body(again)))
    assert replaced["id"] == first["id"]
    assert replaced["receipt_no"] != first["receipt_no"]
    assert api.ok(api.get(f"/applications/{first['id']}", "vendor1"))["envelope"]["envelope_id"] == (
        again.header.envelope_id
    )
    plaintext = api.put(f"/applications/{first['id']}", "vendor1", json=application_body("vendor1"))
    assert (plaintext.status_code, plaintext.json()["field"]) == (422, "envelope")
    api.pass_deadline(cid)
    # Past the deadline the challenge waits for its custodians (decision 0108): nobody reads the envelope.
    assert api.ok(api.get(f"/challenges/{cid}", "gov1"))["status"] == "opening"
    assert api.get(f"/challenges/{cid}/applications", "gov1").status_code == 403
    mine = api.ok(api.get(f"/applications/{first['id']}", "vendor1"))
    assert (mine["content"], mine["envelope"]["envelope_id"]) == (None, again.header.envelope_id)
    # What needs the content waits for the custodians, as a 409, never a 500.
    awaiting = api.get(f"/applications/{first['id']}/documents/0", "vendor1")
    assert (awaiting.status_code, awaiting.json()["type"].rsplit("/", 1)[1]) == (409, "awaiting-custodians")
