"""Accounts at the edges, on real processes started as `make run` starts them (scripts/run.py), here
bound to 0.0.0.0 in the sandbox: the keys are this installation's own, the services refuse a
suspended user's token themselves, and X-Forwarded-For from a client does not move it to another
address. The address-lock test engages the lock for 127.0.0.1, so it runs last."""

from __future__ import annotations

import json
import stat
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from demo.accounts import DEFAULT_DEMO_PASSWORD, USER_BY_NAME
from kit.clock import SystemClock
from kit.keys import KEYS_FILE
from kit.settings import AuthSettings
from kit.tokens import TokenCodec
from tests.e2e.conftest import Platform, start_platform, stop_platform, token

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    started = start_platform(tmp_path_factory.mktemp("exposed"), {"HOST": "0.0.0.0"})
    yield started
    stop_platform(started)


def direct(platform: Platform, service: str) -> str:
    return f"http://127.0.0.1:{platform.ports[service]}"


def test_an_exposed_sandbox_does_not_accept_tokens_signed_with_the_demo_keys(
    http: httpx.Client, platform: Platform
) -> None:
    keys = platform.var_dir / KEYS_FILE
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert set(json.loads(keys.read_text())) >= {"AUTH_PRIVATE_KEY_PEM", "AUTH_SERVICE_SECRET", "WORKFLOW_SEALING_KEK"}
    assert "HOST=0.0.0.0" in platform.log.read_text(errors="replace")

    demo = TokenCodec(AuthSettings(app_env="sandbox"))  # the keys anyone can read in the source
    now = SystemClock().now()
    forged = demo.issue_access(
        user_id=USER_BY_NAME["admin"].id, username="admin", roles=["admin"], org_id=None, org_kind=None,
        org_name=None, now=now,
    )  # fmt: skip
    assert http.get("/api/admin/users", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    workflow = httpx.get(f"{direct(platform, 'workflow')}/notifications", headers={"Authorization": f"Bearer {forged}"})
    assert workflow.status_code == 401
    service = demo.issue_service("workflow", now=now)
    internal = httpx.get(
        f"{direct(platform, 'matching')}/internal/providers/{uuid.uuid4()}",
        headers={"Authorization": f"Bearer {service}"},
    )
    assert internal.status_code == 401
    assert http.get("/api/admin/users", headers=token(http, "admin")).status_code == 200


def test_the_services_refuse_a_suspended_users_token_themselves(http: httpx.Client, platform: Platform) -> None:
    vendor = token(http, "vendor3")
    reads = {service: f"{direct(platform, service)}/notifications" for service in ("matching", "workflow")}
    writes = {service: f"{direct(platform, service)}/notifications/{uuid.uuid4()}/read" for service in reads}
    for service, url in reads.items():
        assert httpx.get(url, headers=vendor).status_code == 200, service
        assert httpx.post(writes[service], headers=vendor).status_code == 404, service
    admin = token(http, "admin")
    suspended = http.post(
        f"/api/admin/users/{USER_BY_NAME['vendor3'].id}/suspend", json={"reason": "e2e"}, headers=admin
    )
    assert suspended.status_code == 200, suspended.text
    try:
        deadline = time.monotonic() + 10  # the services remember a status for 5 s
        for service, url in reads.items():
            while (answer := httpx.get(url, headers=vendor)).status_code == 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            assert answer.status_code == 403, (service, answer.text)
            assert answer.json()["type"].endswith("/account-suspended")
            assert httpx.post(writes[service], headers=vendor).status_code == 403, service
    finally:
        http.post(f"/api/admin/users/{USER_BY_NAME['vendor3'].id}/activate", headers=admin)


def test_a_forwarded_for_header_from_a_client_does_not_dodge_the_address_lock(http: httpx.Client) -> None:
    codes = [
        http.post(
            "/api/auth/token",
            data={"username": f"nobody{i}", "password": "wrong-password"},
            headers={"X-Forwarded-For": f"198.51.100.{i + 1}"},
        ).status_code
        for i in range(35)
    ]
    assert set(codes[30:]) == {429}, f"each X-Forwarded-For was counted as another address: {codes}"
    assert codes[:20] == [401] * 20, codes
    assert set(codes[20:]) == {429}, "20 accounts from one address lock it (decision 0051)"
    real = http.post(
        "/api/auth/token",
        data={"username": "vendor1", "password": DEFAULT_DEMO_PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.200"},
    )
    assert real.status_code == 429, "the lock is on the connecting address, whatever the header says"
    assert int(real.headers["Retry-After"]) > 0
