from typing import Any

from fastapi.testclient import TestClient

from tests.gateway.conftest import bearer, login
from tests.gateway.factories import NEW_ORG, registration


def test_self_registration_waits_for_admin_verification(client: TestClient) -> None:
    created = client.post("/api/auth/register", json=registration())
    assert created.status_code == 201, created.text
    org_id = created.json()["organisation"]["id"]
    assert created.json()["organisation"]["status"] == "pending"

    pending = client.post("/api/auth/token", data={"username": "newvendor", "password": "a-long-password"})
    assert pending.status_code == 403
    assert pending.json()["type"].endswith("/organisation-pending")

    admin = bearer(client, "admin")
    queue = client.get("/api/admin/organisations", params={"status": "pending"}, headers=admin).json()
    assert [o["id"] for o in queue] == [org_id]
    assert client.post(f"/api/admin/organisations/{org_id}/verify", headers=admin).status_code == 200
    again = client.post(f"/api/admin/organisations/{org_id}/verify", headers=admin)
    assert again.status_code == 409

    tokens = login(client, "newvendor", "a-long-password")
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    assert me["roles"] == ["vendor"]
    assert me["organisation"]["district"] == "西湖区"


def test_a_rejected_registrant_is_told_the_reason_on_sign_in(client: TestClient) -> None:
    org_id = client.post("/api/auth/register", json=registration()).json()["organisation"]["id"]
    admin = bearer(client, "admin")

    rejected = client.post(
        f"/api/admin/organisations/{org_id}/reject", json={"reason": "营业执照副本模糊，请重新上传"}, headers=admin
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "营业执照副本模糊，请重新上传"
    listed = client.get("/api/admin/organisations", params={"status": "rejected"}, headers=admin).json()
    assert [o["id"] for o in listed] == [org_id]

    sign_in = client.post("/api/auth/token", data={"username": "newvendor", "password": "a-long-password"})
    assert sign_in.status_code == 403
    assert sign_in.json()["type"].endswith("/organisation-rejected")
    assert sign_in.json()["reason"] == "营业执照副本模糊，请重新上传"
    assert "营业执照副本模糊" in sign_in.json()["detail"]

    assert client.post(f"/api/admin/organisations/{org_id}/verify", headers=admin).status_code == 409
    again = client.post(f"/api/admin/organisations/{org_id}/reject", json={"reason": "再次退回"}, headers=admin)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/illegal-action")
    assert again.json()["organisation_status"] == "rejected"
    assert again.json()["allowed_actions"] == []


def test_a_rejection_needs_a_reason_and_an_admin(client: TestClient) -> None:
    org_id = client.post("/api/auth/register", json=registration()).json()["organisation"]["id"]
    admin = bearer(client, "admin")
    for body in ({}, {"reason": ""}, {"reason": " "}):
        response = client.post(f"/api/admin/organisations/{org_id}/reject", json=body, headers=admin)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert "reason" in response.json()["detail"]
    vendor = client.post(
        f"/api/admin/organisations/{org_id}/reject", json={"reason": "不符合条件"}, headers=bearer(client, "vendor1")
    )
    assert vendor.status_code == 403
    missing = client.post("/api/admin/organisations/no-such-org/reject", json={"reason": "不符合条件"}, headers=admin)
    assert missing.status_code == 404
    queue = client.get("/api/admin/organisations", params={"status": "pending"}, headers=admin).json()
    assert [o["status"] for o in queue if o["id"] == org_id] == ["pending"]


def test_bad_credit_code_is_a_clear_422(client: TestClient) -> None:
    body = registration()
    body["organisation"]["credit_code"] = body["organisation"]["credit_code"][:17] + "0"
    if body["organisation"]["credit_code"] == registration()["organisation"]["credit_code"]:
        body["organisation"]["credit_code"] = body["organisation"]["credit_code"][:17] + "1"
    response = client.post("/api/auth/register", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "校验位" in response.json()["detail"]
    assert "organisation.credit_code" in response.json()["detail"]


def test_duplicate_code_or_username_is_409_and_writes_nothing(client: TestClient) -> None:
    assert client.post("/api/auth/register", json=registration()).status_code == 201
    dup_user = registration()
    dup_user["organisation"]["credit_code"] = "91330108665477348D"  # vendor1's code
    dup_user["user"]["username"] = "another"
    response = client.post("/api/auth/register", json=dup_user)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/credit-code-taken")

    from gateway.creditcode import check_character

    fresh = registration()
    fresh["organisation"]["credit_code"] = "91330106MA2H00002" + check_character("91330106MA2H00002")
    response = client.post("/api/auth/register", json=fresh)  # username "newvendor" is taken
    assert response.status_code == 409
    admin = bearer(client, "admin")
    codes = [o["credit_code"] for o in client.get("/api/admin/organisations", headers=admin).json()]
    assert fresh["organisation"]["credit_code"] not in codes, "the organisation row was rolled back"


def test_unknown_district_is_rejected(client: TestClient) -> None:
    body = registration()
    body["organisation"]["district"] = "浦东新区"
    response = client.post("/api/auth/register", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("organisation.district")


def test_reviewers_see_the_expert_pool_with_affiliations(client: TestClient) -> None:
    experts = client.get("/api/directory/experts", headers=bearer(client, "gov1"))
    assert experts.status_code == 200
    by_name = {e["username"]: e for e in experts.json()}
    assert sorted(by_name) == ["expert1", "expert2", "expert3", "expert4"]
    assert by_name["expert4"]["organisation_name"] == "杭州湘湖智感科技有限公司"
    assert client.get("/api/directory/experts", headers=bearer(client, "vendor1")).status_code == 403


def test_a_username_differing_only_in_case_is_taken(client: TestClient) -> None:
    assert client.post("/api/auth/register", json=registration()).status_code == 201
    from gateway.creditcode import check_character

    again = registration()
    again["organisation"]["credit_code"] = "91330106MA2H00003" + check_character("91330106MA2H00003")
    again["user"]["username"] = "NewVendor"
    response = client.post("/api/auth/register", json=again)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/username-taken")


def test_a_registration_with_an_unknown_field_is_refused_naming_it(client: TestClient) -> None:
    body: dict[str, Any] = registration()
    body["user"]["role"] = "admin"
    response = client.post("/api/auth/register", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("user.role:")
    token = client.post("/api/auth/token", data={"username": "newvendor", "password": NEW_ORG["user"]["password"]})
    assert token.status_code == 401, "the refused registration created no account"
