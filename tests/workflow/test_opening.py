"""The opening of custodian-sealed challenges (decision 0108): after the deadline the challenge waits in
`opening` until k custodians have each submitted their shares of every envelope in one action; the k-th
opens it in its request, and the applications then behave as service-sealed ones."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.models import Membership
from kit.clock import ManualClock
from tests.workflow.custody_helpers import (
    MARKER,
    add_account,
    apply_sealed,
    custodian_shares,
    headers_for,
    new_key,
    open_custodian_challenge,
)
from tests.workflow.factories import SCORES, Api
from workflow.custody import envelope
from workflow.models import Application, Notification, OpeningSubmission

GOV1, GOV2, SUPER1 = (USER_BY_NAME[u].id for u in ("gov1", "gov2", "super1"))


def _submit(api: Api, cid: str, user: str, shares: list[dict[str, str]]) -> Any:
    return api.post(f"/challenges/{cid}/opening/shares", user, json={"shares": shares})


def _code(response: Any) -> str:
    return str(response.json()["type"].rsplit("/", 1)[1])


def _actions(api: Api, cid: str) -> list[str]:
    return [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit"))]


def _in_opening(api: Api, vendors: tuple[str, ...] = ("vendor1", "vendor2")) -> tuple[str, dict[str, Any], list[str]]:
    cid, privates = open_custodian_challenge(api)
    ids = [apply_sealed(api, cid, v)["id"] for v in vendors]
    api.pass_deadline(cid)
    assert api.ok(api.get(f"/challenges/{cid}", "gov1"))["status"] == "opening"
    return cid, privates, ids


@pytest.mark.parametrize("pair", [("gov1", "gov2"), ("gov2", "super1")])
def test_fewer_than_k_cannot_open_and_any_k_can(api: Api, app: FastAPI, pair: tuple[str, str]) -> None:
    cid, privates, ids = _in_opening(api)
    first, second = pair
    status = api.ok(api.get(f"/challenges/{cid}/opening"))
    assert (status["state"], status["envelopes"], status["submitted"], status["threshold"]) == (
        "awaiting_custodians",
        2,
        0,
        2,
    )
    assert status["window_ends_at"] is not None
    # k - 1 custodians: still sealed; nobody reads anything.
    answer = api.ok(_submit(api, cid, first, custodian_shares(api, cid, first, privates[USER_BY_NAME[first].id])))
    assert (answer["state"], answer["submitted"]) == ("awaiting_custodians", 1)
    assert api.get(f"/challenges/{cid}/applications", "gov1").status_code == 403
    assert api.get(f"/applications/{ids[0]}/documents/0", "vendor1").status_code == 409
    with app.state.sessionmaker() as session:
        held = session.scalars(select(OpeningSubmission)).one()
        assert held.sealed_shares is not None
        assert b"share" not in held.sealed_shares  # held encrypted under the service-side key
    again = _submit(api, cid, first, [])
    assert (again.status_code, _code(again)) == (409, "already-submitted")
    # The k-th opens in its own request.
    answer = api.ok(_submit(api, cid, second, custodian_shares(api, cid, second, privates[USER_BY_NAME[second].id])))
    assert (answer["state"], answer["submitted"], answer["failures"]) == ("opened", 2, [])
    assert answer["opened_at"] is not None
    assert api.ok(api.get(f"/challenges/{cid}", "gov1"))["status"] == "qualification"
    listed = api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))
    assert sorted(a["id"] for a in listed) == sorted(ids)
    assert all(a["content"]["plan"] == MARKER and a["envelope"] is not None for a in listed)
    document = api.get(f"/applications/{ids[0]}/documents/0", "gov1")
    assert document.status_code == 200
    assert MARKER.encode() in document.content
    # No share remains; what is stored is the service-side ciphertext, as for a service-sealed application.
    with app.state.sessionmaker() as session:
        assert [r.sealed_shares for r in session.scalars(select(OpeningSubmission))] == [None, None]
        rows = list(session.scalars(select(Application).where(Application.challenge_id == cid)))
        assert {r.sealing for r in rows} == {"service"}
        assert all(MARKER.encode() not in r.sealed for r in rows)
    actions = _actions(api, cid)
    assert actions.count("custody.shares_submitted") == 2
    assert "custody.opened" in actions
    assert "transition.open_by_custodians" in actions
    opened = next(e for e in api.ok(api.get(f"/challenges/{cid}/audit")) if e["action"] == "custody.opened")
    assert sorted(o["application_id"] for o in opened["data"]["opened"]) == sorted(ids)
    assert "share" not in json.dumps(opened["data"]["opened"])
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_a_share_before_the_deadline_is_refused_and_audited(api: Api) -> None:
    cid, _ = open_custodian_challenge(api)
    apply_sealed(api, cid, "vendor1")
    early = _submit(api, cid, "gov1", [])
    assert (early.status_code, _code(early)) == (409, "opening-not-due")
    mine = api.get(f"/challenges/{cid}/opening/shares/mine", "gov1")
    assert (mine.status_code, _code(mine)) == (409, "opening-not-due")
    assert api.ok(api.get(f"/challenges/{cid}/opening"))["state"] == "sealed"
    assert "custody.share_refused" in _actions(api, cid)
    assert "custody.shares_submitted" not in _actions(api, cid)
    # Only the challenge's custodians; a service-sealed challenge has no opening.
    stranger = _submit(api, cid, "expert1", [])
    assert (stranger.status_code, _code(stranger)) == (403, "not-a-custodian")
    plain = api.open_challenge()
    assert _code(api.get(f"/challenges/{plain}/opening")) == "not-custodian-sealed"


def test_a_tampered_share_is_refused_and_a_tampered_ciphertext_invalidates_only_its_application(
    api: Api, app: FastAPI
) -> None:
    cid, privates, ids = _in_opening(api, ("vendor1", "vendor2", "vendor3"))
    shares = custodian_shares(api, cid, "gov1", privates[GOV1])
    wrong = [dict(shares[0], share=envelope.b64(b"\x01" * 33)), *shares[1:]]
    refused = _submit(api, cid, "gov1", wrong)
    assert (refused.status_code, _code(refused), refused.json()["field"]) == (422, "share-refused", "shares.0.share")
    assert "custody.share_refused" in _actions(api, cid)
    assert api.ok(api.get(f"/challenges/{cid}/opening"))["submitted"] == 0  # nothing stored
    # Someone with the database alters a stored ciphertext: the opening finds it, names it, opens the rest.
    with app.state.sessionmaker.begin() as session:
        row = session.get(Application, ids[1])
        assert row is not None
        stored = json.loads(row.sealed)
        raw = bytearray(envelope.unb64(stored["parts"][0]["ciphertext"]))
        raw[0] ^= 1
        stored["parts"][0]["ciphertext"] = envelope.b64(bytes(raw))
        row.sealed = json.dumps(stored).encode()
    api.ok(_submit(api, cid, "gov1", shares))
    answer = api.ok(_submit(api, cid, "super1", custodian_shares(api, cid, "super1", privates[SUPER1])))
    assert answer["state"] == "opened"
    assert [(f["application_id"], f["code"]) for f in answer["failures"]] == [(ids[1], "tampered-ciphertext")]
    assert "part 0" in answer["failures"][0]["reason"]
    assert api.ok(api.get(f"/challenges/{cid}", "gov1"))["status"] == "qualification"
    listed = {a["id"]: a for a in api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))}
    assert sorted(listed) == sorted([ids[0], ids[2]])
    mine = api.ok(api.get(f"/applications/{ids[1]}", "vendor2"))
    assert mine["status"] == "invalid"
    assert "tampered-ciphertext" in mine["qualification_reason"]
    assert "custody.opening_failed" in _actions(api, cid)


def test_a_custodian_who_joined_an_applicant_is_refused_at_the_opening(
    api: Api, accounts: tuple[str, FastAPI], clock: ManualClock
) -> None:
    supervisor = add_account(accounts[1], "gov", "supervisor", clock.now())
    token = headers_for(api.app.state.tokens, supervisor, "gov", "supervisor", clock.now())
    private, public = new_key()
    api.ok(api.client.post("/custody/keys", headers=token, json={"public_key": public}), 201)
    for user in ("gov1", "gov2"):
        api.ok(api.post("/custody/keys", user, json={"public_key": new_key()[1]}), 201)
    cid = api.draft(sealing="custodians", custodians=[GOV1, GOV2, supervisor])
    api.ok(api.act(cid, "submit", "ent1"))
    api.ok(api.act(cid, "approve", "gov1"))
    apply_sealed(api, cid, "vendor1")
    api.pass_deadline(cid)
    with accounts[1].state.sessionmaker.begin() as session:
        session.execute(
            update(Membership).where(Membership.user_id == supervisor).values(organisation_id=ORG_BY_KEY["vendor1"].id)
        )
    token = headers_for(api.app.state.tokens, supervisor, "gov", "supervisor", clock.now())
    shares = custodian_shares(api, cid, supervisor, private, headers=token)
    refused = api.client.post(f"/challenges/{cid}/opening/shares", headers=token, json={"shares": shares})
    assert (refused.status_code, _code(refused)) == (403, "custodian-conflict")
    refusals = [
        e["data"] for e in api.ok(api.get(f"/challenges/{cid}/audit")) if e["action"] == "custody.share_refused"
    ]
    assert refusals == [{"custodian": supervisor, "code": "custodian-conflict", "reason": refusals[0]["reason"]}]
    assert api.ok(api.get(f"/challenges/{cid}/opening"))["submitted"] == 0


def test_an_overdue_opening_is_escalated_and_extended_but_never_opens_short(api: Api, app: FastAPI) -> None:
    cid, privates, _ = _in_opening(api, ("vendor1",))
    api.ok(_submit(api, cid, "gov1", custodian_shares(api, cid, "gov1", privates[GOV1])))
    first = api.ok(api.get(f"/challenges/{cid}/opening"))
    for passes in (1, 2):
        ends = datetime.fromisoformat(api.ok(api.get(f"/challenges/{cid}/opening"))["window_ends_at"])
        api.clock.set(ends + timedelta(seconds=1))
        api.tick()
        status = api.ok(api.get(f"/challenges/{cid}/opening"))
        assert (status["state"], status["extensions"], status["submitted"]) == ("awaiting_custodians", passes, 1)
        assert datetime.fromisoformat(status["window_ends_at"]) > ends
    assert first["extensions"] == 0
    assert _actions(api, cid).count("custody.opening_extended") == 2
    assert api.ok(api.get(f"/challenges/{cid}", "gov1"))["status"] == "opening"
    with app.state.sessionmaker() as session:
        overdue = list(session.scalars(select(Notification).where(Notification.kind == "custody.opening_overdue")))
    assert USER_BY_NAME["admin"].id in {n.user_id for n in overdue}
    assert all("开标" in n.title for n in overdue)


def test_after_the_opening_experts_review_to_an_award(api: Api) -> None:
    cid, privates, _ids = _in_opening(api, ("vendor1", "vendor2", "vendor3"))
    for user in ("gov2", "super1"):
        api.ok(_submit(api, cid, user, custodian_shares(api, cid, user, privates[USER_BY_NAME[user].id])))
    api.qualify_all(cid)
    assert api.ok(api.act(cid, "start_review", "gov1"))["status"] == "expert_review"
    api.review(cid, ("expert1", "expert2"), SCORES)
    assignment = next(a for a in api.ok(api.get("/assignments?mine=true", "expert1")) if a["challenge_id"] == cid)
    read = api.ok(api.get(f"/applications/{assignment['application_id']}", "expert1"))
    assert read["content"]["plan"] == MARKER
    document = api.get(f"/applications/{assignment['application_id']}/documents/0", "expert1")
    assert document.status_code == 200
    assert MARKER.encode() in document.content
    assert api.ok(api.act(cid, "recommend", "gov1"))["status"] == "award_approval"
    assert api.ok(api.act(cid, "approve_award", "gov2"))["status"] == "publicity"
    api.end_publicity(cid)
    assert api.ok(api.get(f"/challenges/{cid}"))["status"] == "awarded"
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_candidates_are_the_active_reviewers_and_supervisors_with_their_keys(api: Api) -> None:
    key = api.ok(api.post("/custody/keys", "super1", json={"public_key": new_key()[1]}), 201)
    items = {c["user_id"]: c for c in api.ok(api.get("/custody/candidates", "ent1"))["items"]}
    assert items[SUPER1]["role"] == "supervisor"
    assert items[SUPER1]["fingerprint"] == key["fingerprint"]
    assert items[GOV1]["role"] == "gov_reviewer"
    assert items[GOV1]["fingerprint"] is None
    assert USER_BY_NAME["vendor1"].id not in items
    assert api.get("/custody/candidates", "vendor1").status_code == 403


def test_an_envelope_that_fails_todays_schema_is_invalid_with_the_reason(api: Api) -> None:
    cid, privates = open_custodian_challenge(api)
    good = apply_sealed(api, cid, "vendor1")["id"]
    bad = apply_sealed(api, cid, "vendor2", application={"plan": MARKER, "budget": "not a budget"})["id"]
    api.pass_deadline(cid)
    for user in ("gov1", "gov2"):
        answer = api.ok(_submit(api, cid, user, custodian_shares(api, cid, user, privates[USER_BY_NAME[user].id])))
    assert [(f["application_id"], f["code"]) for f in answer["failures"]] == [(bad, "invalid-application")]
    assert [a["id"] for a in api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))] == [good]
    mine = api.ok(api.get(f"/applications/{bad}", "vendor2"))
    assert mine["status"] == "invalid"
    assert "invalid-application" in mine["qualification_reason"]
