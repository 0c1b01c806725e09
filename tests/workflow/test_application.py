from __future__ import annotations

import base64
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, text

from demo.accounts import ORG_BY_KEY
from demo.tokens import auth_headers
from kit.db import normalise_url
from tests.workflow.factories import Api, application_body

OTHERS = (None, "ent1", "ent2", "vendor2", "expert1", "expert4", "gov1", "gov2", "admin")
PLAN = "三个月完成样机，六个月完成产线部署。"


def _sealed_paths(cid: str, app_id: str) -> list[str]:
    return [
        f"/applications/{app_id}",
        f"/applications/{app_id}/documents/0",
        f"/challenges/{cid}/applications",
        "/applications?mine=true",
        f"/challenges/{cid}",
        f"/challenges/{cid}/audit",
        f"/challenges/{cid}/ocds",
        f"/challenges/{cid}/ranking",
        f"/challenges/{cid}/publicity",
        "/assignments?mine=true",
        "/notifications",
        f"/challenges/{cid}/questions",
        f"/challenges/{cid}/transitions",
        "/challenges",
    ]


def test_sealed_read_matrix_before_opening(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    for user in OTHERS:
        for path in _sealed_paths(cid, receipt["id"]):
            r = api.get(path, user)
            text_ = r.text
            if receipt["id"] not in path:  # a 404 body echoes the path it was asked for
                assert receipt["id"] not in text_, (user, path)
            assert receipt["sha256"] not in text_, (user, path)
            assert PLAN not in text_, (user, path)
            if path.startswith("/applications/") or path.endswith("/applications"):
                assert r.status_code in (401, 403, 404), (user, path, r.status_code)
        assert "numberOfTenderers" not in api.get(f"/challenges/{cid}/ocds", user).text
    mine = api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    assert mine["content"]["plan"] == PLAN
    assert api.get(f"/applications/{receipt['id']}/documents/0", "vendor1").content.startswith(b"%PDF")
    assert api.get(f"/challenges/{cid}/applications", "vendor1").status_code == 403


def test_after_opening_owner_gov_and_cleared_experts_read_and_it_is_audited(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    assert api.ok(api.get(f"/applications/{receipt['id']}", "ent1"))["content"]["plan"] == PLAN
    assert api.get(f"/applications/{receipt['id']}", "ent2").status_code == 404
    assert api.get(f"/applications/{receipt['id']}", "vendor2").status_code == 404
    assert api.get(f"/applications/{receipt['id']}", "expert1").status_code == 404
    assert api.get(f"/applications/{receipt['id']}", "admin").status_code == 404
    assert len(api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))) == 1
    actions = [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit"))]
    assert "applications.opened" in actions
    assert "application.read" in actions
    assert "applications.read" in actions


def test_content_is_encrypted_at_rest(api: Api, db_url: str) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        blob = conn.execute(text("SELECT sealed FROM applications WHERE id = :i"), {"i": receipt["id"]}).scalar_one()
    engine.dispose()
    assert PLAN.encode() not in bytes(blob)
    assert b"sealed plan" not in bytes(blob)


def test_idempotency_key_replays_the_same_receipt(api: Api, db_url: str) -> None:
    cid = api.open_challenge()
    body = application_body("vendor1")
    headers = {"Idempotency-Key": "k-1"}
    first = api.ok(api.post(f"/challenges/{cid}/applications", "vendor1", json=body, headers=headers), 201)
    again = api.post(f"/challenges/{cid}/applications", "vendor1", json=body, headers=headers)
    assert api.ok(again, 201)["receipt_no"] == first["receipt_no"]
    assert again.headers["Idempotent-Replayed"] == "true"
    changed = {**body, "plan": "另一个方案"}
    reused = api.post(f"/challenges/{cid}/applications", "vendor1", json=changed, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    # One per organisation (the factory's limit), with a fresh key or none: refused, nothing written.
    for headers in ({"Idempotency-Key": "k-2"}, {}):
        refused = api.post(f"/challenges/{cid}/applications", "vendor1", json=body, headers=headers)
        assert refused.status_code == 409
        assert refused.json()["type"].endswith("/application-limit")
    receipts = [n for n in api.ok(api.get("/notifications", "vendor1")) if n["kind"] == "application.received"]
    assert len(receipts) == 1
    assert first["receipt_no"] in receipts[0]["body"]
    assert first["sha256"] in receipts[0]["body"]
    assert [a["id"] for a in api.ok(api.get("/applications?mine=true", "vendor1"))] == [first["id"]]
    # The receipt leaves the app (e-mail, SMS) through one delivery row, written with it; the
    # replay and the refusals wrote none.
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        deliveries = conn.execute(
            text("SELECT topic FROM notification_deliveries WHERE notification_id = :n"), {"n": receipts[0]["id"]}
        ).all()
        total = conn.execute(text("SELECT count(*) FROM notification_deliveries")).scalar_one()
        notices = conn.execute(text("SELECT count(*) FROM notifications")).scalar_one()
    engine.dispose()
    assert [d.topic for d in deliveries] == ["fanout"]
    assert total == notices


def test_one_second_late_is_refused(api: Api) -> None:
    cid = api.open_challenge()
    deadline = datetime.fromisoformat(api.ok(api.get(f"/challenges/{cid}"))["application_deadline"])
    api.clock.set(deadline - timedelta(seconds=1))
    api.apply(cid, "vendor1")
    api.clock.set(deadline)
    r = api.post(f"/challenges/{cid}/applications", "vendor2", json=application_body("vendor2"))
    assert r.status_code == 409
    assert r.json()["type"].endswith("deadline-passed")


def test_replace_and_withdraw_until_the_deadline(api: Api) -> None:
    cid = api.open_challenge()
    first = api.apply(cid, "vendor1")
    replaced = api.ok(
        api.put(f"/applications/{first['id']}", "vendor1", json=application_body("vendor1", plan="更新后的方案"))
    )
    assert replaced["sha256"] != first["sha256"]
    assert replaced["receipt_no"] != first["receipt_no"]
    assert api.put(f"/applications/{first['id']}", "vendor2", json=application_body("vendor2")).status_code == 404
    api.ok(api.post(f"/applications/{first['id']}/withdraw", "vendor1"))
    assert api.post(f"/applications/{first['id']}/withdraw", "vendor1").status_code == 409
    api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    assert api.post(f"/applications/{first['id']}/withdraw", "vendor1").status_code == 409


def test_document_limits(api: Api) -> None:
    cid = api.open_challenge()
    exe = [{"name": "a.exe", "content_type": "application/x-msdownload", "content_base64": "TVo="}]
    r = api.post(f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1", documents=exe))
    assert r.status_code == 422
    api.app.state.settings.max_document_bytes = 8
    big = [{"name": "a.pdf", "content_type": "application/pdf", "content_base64": base64.b64encode(b"x" * 9).decode()}]
    r = api.post(f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1", documents=big))
    assert r.status_code == 413


def test_consortium_rules(api: Api) -> None:
    cid = api.open_challenge(eligibility={"consortium_allowed": False})
    members = [{"org_name": "浙江大学", "role": "算法"}]
    r = api.post(f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1", consortium=members))
    assert r.status_code == 422


@pytest.mark.parametrize("result", ["eligible", "ineligible", "fixup"])
def test_formal_check_flags_and_decisions(api: Api, result: str) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1", qualifications=[])
    api.pass_deadline(cid)
    app = api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))[0]
    assert {"rule": "missing_qualification", "detail": "高新技术企业"} in app["flags"]
    assert api.post(f"/applications/{receipt['id']}/qualification", "ent1", json={"result": result}).status_code == 403
    if result != "eligible":
        assert (
            api.post(f"/applications/{receipt['id']}/qualification", "gov1", json={"result": result}).status_code == 422
        )
    api.ok(
        api.post(
            f"/applications/{receipt['id']}/qualification",
            "gov1",
            json={"result": result, "reason": "缺少高新技术企业证书"},
        )
    )
    start = api.act(cid, "start_review", "gov1")
    if result == "eligible":
        assert api.ok(start)["status"] == "expert_review"
        return
    assert start.status_code == 409
    if result == "fixup":
        api.ok(api.post(f"/applications/{receipt['id']}/fixup", "vendor1", json={"note": "已补交证书"}))
        api.ok(api.post(f"/applications/{receipt['id']}/qualification", "gov1", json={"result": "eligible"}))
        assert api.ok(api.act(cid, "start_review", "gov1"))["status"] == "expert_review"


def test_fixup_window_lapses(api: Api) -> None:
    cid = api.open_challenge(min_applications=1)
    a = api.apply(cid, "vendor1")
    b = api.apply(cid, "vendor2")
    api.pass_deadline(cid)
    api.ok(api.post(f"/applications/{a['id']}/qualification", "gov1", json={"result": "eligible"}))
    api.ok(api.post(f"/applications/{b['id']}/qualification", "gov1", json={"result": "fixup", "reason": "补正"}))
    assert api.act(cid, "start_review", "gov1").status_code == 409
    api.clock.advance(timedelta(days=4))
    assert api.post(f"/applications/{b['id']}/fixup", "vendor2", json={"note": "晚了"}).status_code == 409
    assert api.ok(api.act(cid, "start_review", "gov1"))["status"] == "expert_review"
    assert api.ok(api.get("/applications?mine=true", "vendor2"))[0]["status"] == "ineligible"


@pytest.mark.postgres
def test_an_organisation_id_longer_than_its_column_is_a_422_and_nothing_is_written(api: Api) -> None:
    """Signed tokens carry the organisation id; one that cannot be stored must not become a 500.
    (PostgreSQL enforces VARCHAR lengths; SQLite stores the value.)"""
    cid = api.open_challenge()
    token = api.app.state.tokens.issue_access(
        user_id="u-long",
        username="u-long",
        roles=["vendor"],
        org_id="o" * 40,
        org_kind="vendor",
        org_name="过长编号单位",
        now=api.clock.now(),
    )
    r = api.client.post(
        f"/challenges/{cid}/applications",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "long-org"},
        json=application_body("vendor1"),
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"].endswith("/value-does-not-fit")
    api.pass_deadline(cid)
    assert api.ok(api.get(f"/challenges/{cid}/applications", "gov1")) == []


def test_a_member_who_joined_after_the_submission_reads_it_only_after_the_opening(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    sealed_at = datetime.fromisoformat(receipt["submitted_at"])
    tokens, now = api.app.state.tokens, api.clock.now
    newcomer = auth_headers(tokens, "vendor1", now(), member_since=sealed_at + timedelta(seconds=1))
    veteran = auth_headers(tokens, "vendor1", now(), member_since=sealed_at - timedelta(days=30))
    for path in (f"/applications/{receipt['id']}", f"/applications/{receipt['id']}/documents/0"):
        refused = api.client.get(path, headers=newcomer)
        assert refused.status_code == 404, path
        assert PLAN not in refused.text
        assert api.client.get(path, headers=veteran).status_code == 200, path
    # The organisation's list (metadata only) still shows it to the newcomer.
    assert [a["id"] for a in api.client.get("/applications", headers=newcomer).json()] == [receipt["id"]]
    api.pass_deadline(cid)
    newcomer = auth_headers(tokens, "vendor1", now(), member_since=sealed_at + timedelta(seconds=1))
    assert api.client.get(f"/applications/{receipt['id']}", headers=newcomer).json()["content"]["plan"] == PLAN


def test_early_reads_are_audited_privately_and_published_at_the_opening(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    public_before = api.ok(api.get(f"/challenges/{cid}/audit"))
    api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    assert api.get(f"/applications/{receipt['id']}/documents/0", "vendor1").status_code == 200
    # The public chain does not grow with an early read: it would count the sealed submissions.
    assert api.ok(api.get(f"/challenges/{cid}/audit")) == public_before
    api.pass_deadline(cid)
    chain = api.ok(api.get(f"/challenges/{cid}/audit"))
    batch = [e for e in chain if e["action"] == "applications.sealed_reads"]
    assert len(batch) == 1
    # The test clock stands still: both reads have one time, and their order is not asserted.
    reads = [(r["application_id"], r["document"], r["roles"], r["org_id"]) for r in batch[0]["data"]["reads"]]
    assert sorted(reads, key=str) == [
        (receipt["id"], 0, ["vendor"], ORG_BY_KEY["vendor1"].id),
        (receipt["id"], None, ["vendor"], ORG_BY_KEY["vendor1"].id),
    ]
    assert PLAN not in str(chain)
    # After the opening every read, the submitter's too, goes into the chain at once.
    api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    api.get(f"/applications/{receipt['id']}/documents/0", "ent1")
    last = api.ok(api.get(f"/challenges/{cid}/audit"))[-2:]
    assert [(e["action"], e["data"]["document"], e["data"]["roles"]) for e in last] == [
        ("application.read", None, ["vendor"]),
        ("application.read", 0, ["enterprise"]),
    ]
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_a_withdrawn_applications_early_reads_stay_out_of_the_public_chain(api: Api) -> None:
    cid = api.open_challenge()
    kept = api.apply(cid, "vendor1")
    gone = api.apply(cid, "vendor2")
    api.ok(api.get(f"/applications/{gone['id']}", "vendor2"))
    api.ok(api.post(f"/applications/{gone['id']}/withdraw", "vendor2"))
    api.ok(api.get(f"/applications/{kept['id']}", "vendor1"))
    api.pass_deadline(cid)
    chain = str(api.ok(api.get(f"/challenges/{cid}/audit")))
    assert kept["id"] in chain
    assert gone["id"] not in chain


def test_only_vendors_list_their_organisations_applications(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor2")
    assert [a["id"] for a in api.ok(api.get("/applications?mine=true", "vendor2"))] == [receipt["id"]]
    # expert4 belongs to vendor2's organisation, as an expert: no read of its applications.
    for user in ("expert4", "ent1", "gov1", "admin"):
        refused = api.get("/applications?mine=true", user)
        assert refused.status_code == 403, user
        assert receipt["id"] not in refused.text


def test_the_applicant_sees_no_outcome_before_the_publicity(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    api.qualify_all(cid)
    api.ok(api.act(cid, "start_review", "gov1"))
    api.review(cid, ("expert1", "expert2"), {ORG_BY_KEY["vendor1"].name: {"tech": 90, "team": 80}})
    assert api.ok(api.act(cid, "recommend", "gov1"))["status"] == "award_approval"
    assert api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))[0]["status"] == "recommended"
    for view in (
        api.ok(api.get("/applications?mine=true", "vendor1"))[0],
        api.ok(api.get(f"/applications/{receipt['id']}", "vendor1")),
    ):
        assert (view["status"], view["score"], view["rank"]) == ("eligible", None, None)
    assert "recommended" not in api.get("/applications?mine=true", "vendor1").text
    api.ok(api.act(cid, "approve_award", "gov2"))
    shown = api.ok(api.get("/applications?mine=true", "vendor1"))[0]
    assert (shown["status"], shown["score"], shown["rank"]) == ("recommended", 86.0, 1)
