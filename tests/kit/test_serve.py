"""How every launcher starts a service (kit.serve) and the keys it gives an exposed dev/sandbox install."""

from __future__ import annotations

import stat
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send
from uvicorn.main import main as uvicorn_cli

from kit.clock import SystemClock
from kit.keys import KEYS_FILE, keys_for_exposed_host
from kit.serve import command
from kit.settings import AuthSettings
from kit.tokens import TokenCodec, TokenError
from tests.support.upstream import free_port


async def echo_client(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    host = scope["client"][0] if scope.get("client") else ""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": host.encode()})


def peer_seen_by(argv: list[str], forwarded_for: str) -> str:
    """Run a real uvicorn with the proxy options `argv` carries, and say which client address the app saw
    for a request from 127.0.0.1 that claims X-Forwarded-For: `forwarded_for`."""
    assert argv[1:3] == ["-m", "kit.uvicorn_main"]
    params = uvicorn_cli.make_context("uvicorn", argv[3:]).params
    port = free_port()
    config = uvicorn.Config(
        echo_client,
        host="127.0.0.1",
        port=port,
        proxy_headers=params["proxy_headers"],
        forwarded_allow_ips=params["forwarded_allow_ips"],
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        return httpx.get(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": forwarded_for}).text
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.mark.parametrize("service", ["gateway", "matching", "workflow"])
def test_no_forwarded_address_is_believed_unless_a_proxy_is_configured(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(f"{service.upper()}_TRUSTED_PROXIES", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # uvicorn's own variable is not consulted either
    argv = command(service, host="127.0.0.1", port=8000)
    assert f"{service}.app:create_app" in argv
    assert peer_seen_by(argv, "198.51.100.1") == "127.0.0.1"


def test_a_configured_proxy_is_believed_and_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", "127.0.0.1")
    assert peer_seen_by(command("gateway", host="127.0.0.1", port=8000), "198.51.100.1") == "198.51.100.1"
    monkeypatch.setenv("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    assert peer_seen_by(command("gateway", host="127.0.0.1", port=8000), "198.51.100.1") == "127.0.0.1"


def test_an_exposed_sandbox_gets_its_own_keys_kept_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"APP_ENV": "sandbox", "VAR_DIR": str(tmp_path)}
    added = keys_for_exposed_host("0.0.0.0", env)
    assert set(added) == {"AUTH_PRIVATE_KEY_PEM", "AUTH_PUBLIC_KEY_PEM", "AUTH_SERVICE_SECRET", "WORKFLOW_SEALING_KEK"}
    assert "HOST=0.0.0.0" in capsys.readouterr().err
    assert stat.S_IMODE((tmp_path / KEYS_FILE).stat().st_mode) == 0o600
    assert keys_for_exposed_host("192.0.2.7", env) == added, "one installation, one set of keys"

    demo = TokenCodec(AuthSettings(app_env="sandbox"))
    own = TokenCodec(
        AuthSettings(
            app_env="sandbox",
            private_key_pem=added["AUTH_PRIVATE_KEY_PEM"],
            public_key_pem=added["AUTH_PUBLIC_KEY_PEM"],
            service_secret=added["AUTH_SERVICE_SECRET"],
        )
    )
    now = SystemClock().now()
    forged = demo.issue_access(
        user_id="x", username="admin", roles=["admin"], org_id=None, org_kind=None, org_name=None, now=now
    )
    with pytest.raises(TokenError):
        own.verify_access(forged, now=now)
    with pytest.raises(TokenError):
        own.verify_service(demo.issue_service("workflow", now=now), now=now)


@pytest.mark.parametrize(
    ("host", "env"),
    [
        ("127.0.0.1", {"APP_ENV": "sandbox"}),
        ("localhost", {"APP_ENV": "dev"}),
        ("::1", {"APP_ENV": "dev"}),
        ("0.0.0.0", {"APP_ENV": "production"}),
        (
            "0.0.0.0",
            {
                "APP_ENV": "dev",
                "AUTH_PRIVATE_KEY_PEM": "p",
                "AUTH_PUBLIC_KEY_PEM": "q",
                "AUTH_SERVICE_SECRET": "s",
                "WORKFLOW_SEALING_KEK": "k",
            },
        ),
    ],
)
def test_no_keys_are_generated_on_the_loopback_outside_dev_or_when_all_are_set(
    host: str, env: dict[str, str], tmp_path: Path
) -> None:
    assert keys_for_exposed_host(host, {**env, "VAR_DIR": str(tmp_path)}) == {}
    assert not (tmp_path / KEYS_FILE).exists()


def test_half_a_token_key_pair_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="AUTH_PRIVATE_KEY_PEM"):
        keys_for_exposed_host("0.0.0.0", {"APP_ENV": "dev", "VAR_DIR": str(tmp_path), "AUTH_PUBLIC_KEY_PEM": "q"})
