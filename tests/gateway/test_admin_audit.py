"""Every administrative act of the gateway appends one entry to its hash chain (actor, action,
target, time, reason); the chain verifies, a tampered row is found, and only admins read it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from demo.accounts import ORG_BY_KEY, USER_BY_NAME
from gateway.admin_create import main as create_admin_command
from gateway.config import Settings
from gateway.creditcode import check_character
from kit import totp
from kit.clock import ManualClock
from kit.db import normalise_url
from tests.gateway.conftest import PASSWORD, bearer
from tests.gateway.factories import enrol

ADMIN_ID = USER_BY_NAME["admin"].id
VENDOR1 = USER_BY_NAME["vendor1"].id


def credit_code(n: int) -> str:
    body = f"91330106MA2H{n:05d}"
    return body + check_character(body)


class World:
    def __init__(self, client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path) -> None:
        self.client, self.clock, self.settings, self.tmp_path = client, clock, settings, tmp_path
        self.admin = bearer(client, "admin")
        self.n = 0

    def pending_org(self) -> str:
        self.n += 1
        body = {
            "organisation": {"name": f"待审机构{self.n}", "kind": "vendor", "credit_code": credit_code(self.n)},
            "user": {"username": f"registrant{self.n}", "password": "a-long-password", "display_name": "注册人"},
        }
        body["organisation"]["district"] = "西湖区"
        response = self.client.post("/api/auth/register", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["organisation"]["id"])

    def post(self, path: str, json: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
        response = self.client.post(path, json=json, headers=headers or self.admin)
        assert response.status_code in (200, 201), (path, response.text)
        return response.json() if response.content else None


@dataclass
class Act:
    action: str
    # Performs the act; answers (target, expected actor) of the entry it must append.
    run: Callable[[World], tuple[str, str]]
    reason: str = ""
    # False for the command, which runs on the system clock rather than the app's.
    app_clock: bool = True


def _verify(w: World) -> tuple[str, str]:
    org = w.pending_org()
    w.post(f"/api/admin/organisations/{org}/verify")
    return f"organisation:{org}", f"user:{ADMIN_ID}"


def _reject(w: World) -> tuple[str, str]:
    org = w.pending_org()
    w.post(f"/api/admin/organisations/{org}/reject", {"reason": "营业执照信息不符"})
    return f"organisation:{org}", f"user:{ADMIN_ID}"


def _suspend_org(w: World) -> tuple[str, str]:
    org = ORG_BY_KEY["vendor2"].id
    w.post(f"/api/admin/organisations/{org}/suspend", {"reason": "资质过期"})
    return f"organisation:{org}", f"user:{ADMIN_ID}"


def _reactivate_org(w: World) -> tuple[str, str]:
    org = ORG_BY_KEY["vendor2"].id
    w.post(f"/api/admin/organisations/{org}/suspend", {"reason": "资质过期"})  # only a suspended one comes back
    w.post(f"/api/admin/organisations/{org}/reactivate")
    return f"organisation:{org}", f"user:{ADMIN_ID}"


def _create_org(w: World) -> tuple[str, str]:
    body = {"name": "新设运营机构", "kind": "enterprise", "credit_code": credit_code(900), "district": "余杭区"}
    org = w.post("/api/admin/organisations", body)["id"]
    return f"organisation:{org}", f"user:{ADMIN_ID}"


def _create_user(w: World) -> tuple[str, str]:
    body = {
        "username": "reviewer9",
        "password": PASSWORD,
        "display_name": "新审核员",
        "organisation_id": ORG_BY_KEY["gov"].id,
        "roles": ["gov_reviewer"],
    }
    user = w.post("/api/admin/users", body)["id"]
    return f"user:{user}", f"user:{ADMIN_ID}"


def _suspend_user(w: World) -> tuple[str, str]:
    w.post(f"/api/admin/users/{USER_BY_NAME['vendor3'].id}/suspend", {"reason": "离职"})
    return f"user:{USER_BY_NAME['vendor3'].id}", f"user:{ADMIN_ID}"


def _activate_user(w: World) -> tuple[str, str]:
    w.post(f"/api/admin/users/{USER_BY_NAME['vendor3'].id}/suspend", {"reason": "离职"})  # only a suspended one
    w.post(f"/api/admin/users/{USER_BY_NAME['vendor3'].id}/activate")
    return f"user:{USER_BY_NAME['vendor3'].id}", f"user:{ADMIN_ID}"


def _reset_password(w: World) -> tuple[str, str]:
    w.post(f"/api/admin/users/{USER_BY_NAME['vendor4'].id}/reset-password")
    return f"user:{USER_BY_NAME['vendor4'].id}", f"user:{ADMIN_ID}"


def _reset_link(w: World) -> tuple[str, str]:
    w.post(f"/api/admin/users/{USER_BY_NAME['vendor4'].id}/password-reset-link", {"reason": "电话核实身份"})
    return f"user:{USER_BY_NAME['vendor4'].id}", f"user:{ADMIN_ID}"


def _reset_by_link(w: World) -> tuple[str, str]:
    vendor4 = USER_BY_NAME["vendor4"].id
    issued = w.post(f"/api/admin/users/{vendor4}/password-reset-link", {"reason": "电话核实身份"})
    token = issued["link"].split("token=")[1]
    body = {"token": token, "new_password": "Fresh-vendor-pass-2026"}
    assert w.client.post("/api/auth/password-reset/link", json=body).status_code == 204
    return f"user:{vendor4}", f"user:{vendor4}"


def _totp_enabled(w: World) -> tuple[str, str]:
    enrol(w.client, bearer(w.client, "vendor1"), w.clock)
    return f"user:{VENDOR1}", f"user:{VENDOR1}"


def _totp_disabled(w: World) -> tuple[str, str]:
    secret, _ = enrol(w.client, bearer(w.client, "vendor1"), w.clock)
    w.clock.advance(timedelta(seconds=31))
    code = totp.code_at(secret, w.clock.now())
    signed_in = w.client.post("/api/auth/token", data={"username": "vendor1", "password": PASSWORD, "totp_code": code})
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    w.clock.advance(timedelta(seconds=31))
    body = {"password": PASSWORD, "code": totp.code_at(secret, w.clock.now())}
    response = w.client.request("DELETE", "/api/auth/totp", json=body, headers=headers)
    assert response.status_code == 204, response.text
    return f"user:{VENDOR1}", f"user:{VENDOR1}"


def _totp_reset(w: World) -> tuple[str, str]:
    enrol(w.client, bearer(w.client, "vendor1"), w.clock)

    def factor() -> bool:
        users = w.client.get("/api/admin/users", headers=w.admin).json()
        return bool(next(u["totp_enabled"] for u in users if u["id"] == VENDOR1))

    assert factor() is True
    w.post(f"/api/admin/users/{VENDOR1}/totp/reset", {"reason": "手机遗失，已电话核实身份"})
    assert factor() is False
    # Nothing left to reset: a conflict, and no second entry.
    again = w.client.post(f"/api/admin/users/{VENDOR1}/totp/reset", json={"reason": "再次"}, headers=w.admin)
    assert again.status_code == 409
    return f"user:{VENDOR1}", f"user:{ADMIN_ID}"


def _password_changed(w: World) -> tuple[str, str]:
    headers = bearer(w.client, "ent2")
    body = {"current_password": PASSWORD, "new_password": "Another-long-pass-2026"}
    assert w.client.post("/api/auth/password", json=body, headers=headers).status_code == 200
    ent2 = USER_BY_NAME["ent2"].id
    return f"user:{ent2}", f"user:{ent2}"


def _invited(w: World) -> tuple[str, str]:
    org = ORG_BY_KEY["ent1"].id
    response = w.client.post(f"/api/organisations/{org}/invitations", headers=bearer(w.client, "ent1"))
    assert response.status_code == 201, response.text
    return f"organisation:{org}", f"user:{USER_BY_NAME['ent1'].id}"


def _first_admin(w: World) -> tuple[str, str]:
    path = w.tmp_path / "pw"
    path.write_text("Vision-valley-2026!\n", encoding="utf-8")
    args = ["--username", "ops-admin", "--display-name", "运维", "--password-file", str(path)]
    assert create_admin_command(args, w.settings) == 0
    users = w.client.get("/api/admin/users", headers=w.admin).json()
    return f"user:{next(u['id'] for u in users if u['username'] == 'ops-admin')}", "system:command"


ACTS = [
    Act("organisation.verified", _verify),
    Act("organisation.rejected", _reject, "营业执照信息不符"),
    Act("organisation.suspended", _suspend_org, "资质过期"),
    Act("organisation.reactivated", _reactivate_org),
    Act("organisation.created", _create_org),
    Act("user.created", _create_user),
    Act("user.suspended", _suspend_user, "离职"),
    Act("user.activated", _activate_user),
    Act("user.password_reset", _reset_password),
    Act("user.password_reset_link", _reset_link, "电话核实身份"),
    Act("user.password_reset_by_link", _reset_by_link),
    Act("user.totp_enabled", _totp_enabled),
    Act("user.totp_disabled", _totp_disabled),
    Act("user.totp_reset", _totp_reset, "手机遗失，已电话核实身份"),
    Act("user.password_changed", _password_changed),
    Act("member.invited", _invited),
    Act("user.admin_created", _first_admin, app_clock=False),
]


def _entries(client: TestClient, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    response = client.get("/api/admin/audit", params={"limit": "200", **params}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.mark.parametrize("act", ACTS, ids=[a.action for a in ACTS])
def test_each_administrative_act_appends_one_entry(
    act: Act, client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path
) -> None:
    world = World(client, clock, settings, tmp_path)
    before = {e["seq"] for e in _entries(client, world.admin)}
    target, actor = act.run(world)
    new = [e for e in _entries(client, world.admin) if e["seq"] not in before and e["action"] == act.action]
    assert len(new) == 1, new
    entry = new[0]
    assert (entry["target"], entry["actor"], entry["reason"]) == (target, actor, act.reason)
    if act.app_clock:
        assert entry["at"].startswith(clock.now().isoformat()[:19])
    verification = client.get("/api/admin/audit/verify", headers=world.admin).json()
    assert (verification["valid"], verification["first_invalid_seq"]) == (True, None)


def _some_acts(client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path) -> World:
    world = World(client, clock, settings, tmp_path)
    _verify(world)
    clock.advance(timedelta(hours=2))
    world.admin = bearer(client, "admin")
    _suspend_org(world)
    clock.advance(timedelta(hours=2))
    world.admin = bearer(client, "admin")
    _reject(world)
    _password_changed(world)
    return world


def test_a_tampered_row_is_found_by_verification(
    client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path, gateway_url: str
) -> None:
    world = _some_acts(client, clock, settings, tmp_path)
    ok = client.get("/api/admin/audit/verify", headers=world.admin).json()
    assert ok == {
        "service": "gateway",
        "valid": True,
        "entries": 4,
        "first_invalid_seq": None,
        "first_invalid_at": None,
    }
    engine = create_engine(normalise_url(gateway_url))
    postgres = engine.dialect.name == "postgresql"
    if postgres:  # the service's own role can neither change nor delete an entry
        for statement in ("UPDATE admin_audit SET reason = 'x'", "DELETE FROM admin_audit"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    with engine.begin() as conn:
        if postgres:  # the table's owner lifts the append-only trigger, as an intruder with that role could
            conn.execute(text("ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_append_only"))
        conn.execute(text("UPDATE admin_audit SET reason = '无' WHERE seq = 2"))
        if postgres:
            conn.execute(text("ALTER TABLE admin_audit ENABLE TRIGGER admin_audit_append_only"))
    engine.dispose()
    broken = client.get("/api/admin/audit/verify", headers=world.admin).json()
    assert (broken["valid"], broken["first_invalid_seq"], broken["entries"]) == (False, 2, 4)


def test_filters_by_actor_action_target_and_time(
    client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path
) -> None:
    start = clock.now()
    world = _some_acts(client, clock, settings, tmp_path)
    h = world.admin
    assert {e["action"] for e in _entries(client, h, actor="admin")} == {
        "organisation.verified",
        "organisation.suspended",
        "organisation.rejected",
    }
    assert len(_entries(client, h, actor=f"user:{ADMIN_ID}")) == 3
    assert [e["action"] for e in _entries(client, h, actor="ENT2")] == ["user.password_changed"]
    assert len(_entries(client, h, action="organisation.")) == 3
    assert [e["reason"] for e in _entries(client, h, action="organisation.suspended")] == ["资质过期"]
    target = f"organisation:{ORG_BY_KEY['vendor2'].id}"
    assert [e["action"] for e in _entries(client, h, target=target)] == ["organisation.suspended"]
    window = {"since": (start + timedelta(hours=1)).isoformat(), "until": (start + timedelta(hours=3)).isoformat()}
    assert [e["action"] for e in _entries(client, h, **window)] == ["organisation.suspended"]
    # A time without an offset is Beijing time: 2 h after the start, in Beijing wall time.
    beijing = (start + timedelta(hours=8 + 3)).replace(tzinfo=None).isoformat()
    assert len(_entries(client, h, since=beijing)) == 2
    page = client.get("/api/admin/audit", params={"limit": "2"}, headers=h).json()
    assert (page["total"], [e["seq"] for e in page["items"]]) == (4, [4, 3])
    bad = client.get("/api/admin/audit", params={"since": window["until"], "until": window["since"]}, headers=h)
    assert (bad.status_code, bad.headers["content-type"]) == (422, "application/problem+json")
    assert "until" in bad.json()["detail"]
    unknown = client.get("/api/admin/audit", params={"limit": "500"}, headers=h)
    assert unknown.status_code == 422


def test_export_as_workbook_and_csv(client: TestClient, clock: ManualClock, settings: Settings, tmp_path: Path) -> None:
    world = _some_acts(client, clock, settings, tmp_path)
    xlsx = client.get("/api/admin/audit/export", params={"action": "organisation."}, headers=world.admin)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "序号 Seq"
    assert [r[4] for r in rows[1:]] == [
        "organisation.verified",
        "organisation.suspended",
        "organisation.rejected",
    ]
    exported = client.get("/api/admin/audit/export", params={"format": "csv"}, headers=world.admin)
    assert exported.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(lines) == 5
    assert lines[4][4] == "user.password_changed"
    assert lines[1][1].endswith("+08:00")


AUDIT_ROUTES = ("/api/admin/audit", "/api/admin/audit/verify", "/api/admin/audit/export")


@pytest.mark.parametrize("path", AUDIT_ROUTES)
@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("vendor1", 403), ("gov1", 403), ("ent1", 403), ("admin", 200)]
)
def test_only_admins_read_the_audit(client: TestClient, path: str, who: str | None, status: int) -> None:
    headers = bearer(client, who) if who else {}
    response = client.get(path, headers=headers)
    assert response.status_code == status
    if status != 200:
        assert response.headers["content-type"] == "application/problem+json"
