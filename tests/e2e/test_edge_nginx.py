"""The compose deployment's TLS edge: a real nginx (Debian's package, installed by scripts/test.sh) on
the configuration rendered from deploy/nginx/shigu.conf.template, in front of the platform started as
`make run` starts it, with the gateway believing X-Forwarded-For from the edge's address only."""

from __future__ import annotations

import gzip
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from demo.accounts import DEFAULT_DEMO_PASSWORD
from tests.deploy.nginx import Edge, start_edge
from tests.e2e.conftest import Platform, start_platform, stop_platform
from tests.support.upstream import free_port, serve

pytestmark = pytest.mark.e2e

INDEX = "<!doctype html><title>视谷机会平台</title><div id=root></div>"
ASSET = "console.log('视谷');\n" * 200


@pytest.fixture(scope="module")
def edge_ports() -> tuple[int, int]:
    return free_port(), free_port()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, edge_ports: tuple[int, int]) -> Iterator[Platform]:
    # The public origin is the edge's, as compose sets PUBLIC_BASE_URL for both (a refresh by cookie
    # must come from it; decision 0091).
    env = {"GATEWAY_TRUSTED_PROXIES": "127.0.0.1", "PUBLIC_BASE_URL": f"https://127.0.0.1:{edge_ports[1]}"}
    started = start_platform(tmp_path_factory.mktemp("edge-platform"), env)
    yield started
    stop_platform(started)


@pytest.fixture(scope="module")
def edge(platform: Platform, edge_ports: tuple[int, int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    static = tmp_path_factory.mktemp("dist")
    (static / "index.html").write_text(INDEX)
    (static / "assets").mkdir()
    (static / "assets" / "app-1a2b.js").write_text(ASSET)
    # What the frontend build writes beside each asset; gzip_static sends it as is.
    (static / "assets" / "app-1a2b.js.gz").write_bytes(gzip.compress(ASSET.encode()))
    started = start_edge(
        tmp_path_factory.mktemp("edge"),
        gateway=f"127.0.0.1:{platform.ports['gateway']}",
        static_root=static,
        http_port=edge_ports[0],
        https_port=edge_ports[1],
    )
    yield started
    started.stop()


def client(edge: Edge, address: str = "127.0.0.2") -> httpx.Client:
    """A client on its own loopback address, trusting only the edge's test certificate."""
    context = ssl.create_default_context(cafile=str(edge.cert))
    transport = httpx.HTTPTransport(local_address=address, verify=context)
    return httpx.Client(base_url=edge.origin, transport=transport, timeout=30)


def sign_in(http: httpx.Client, username: str, password: str, **headers: str) -> httpx.Response:
    return http.post("/api/auth/token", data={"username": username, "password": password}, headers=headers)


def test_tls_with_the_test_certificate_and_hsts(edge: Edge) -> None:
    with client(edge) as http:
        health = http.get("/api/workflow/healthz")
        assert health.status_code == 200, health.text
        assert health.headers["strict-transport-security"].startswith("max-age=31536000")
        page = http.get("/opportunities/some-client-side-route")
        assert page.status_code == 200
        assert page.text == INDEX  # the SPA from the edge's own files, history fallback included
        assert "max-age=31536000" in page.headers["strict-transport-security"]
        assert page.headers["cache-control"] == "no-cache"
        assert page.headers["x-frame-options"] == "DENY"
        # A missing file is a 404, not the app (a broken asset link must not load HTML as a script).
        assert http.get("/favicon-missing.png").status_code == 404
    # Without the test certificate the edge's certificate is not trusted: TLS really is in the way.
    with pytest.raises(httpx.ConnectError), httpx.Client(base_url=edge.origin) as untrusting:
        untrusting.get("/")


def test_pre_compressed_assets_are_sent_as_they_are(edge: Edge) -> None:
    with client(edge) as http:
        asset = http.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert asset.headers["content-encoding"] == "gzip"
    assert asset.text == ASSET
    assert asset.headers["cache-control"] == "max-age=31536000"
    assert "max-age=31536000" in asset.headers["strict-transport-security"]


def test_plain_http_redirects_to_https(edge: Edge) -> None:
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as http:
        answer = http.get(f"http://127.0.0.1:{edge.http_port}/api/auth/me?x=1")
    assert answer.status_code == 301
    assert answer.headers["location"] == f"{edge.origin}/api/auth/me?x=1"


def test_metrics_and_internal_routes_are_not_served_through_the_edge(edge: Edge) -> None:
    with client(edge) as http:
        for path in ("/metrics", "/internal/users/x", "/readyz"):
            assert http.get(path).status_code == 404, path


def test_the_sign_in_lock_keys_on_the_client_behind_the_edge_and_ignores_a_forged_header(edge: Edge) -> None:
    with client(edge, "127.0.0.2") as guesser, client(edge, "127.0.0.3") as owner:
        for _ in range(5):
            assert sign_in(guesser, "vendor3", "wrong-password").status_code == 401
        locked = sign_in(guesser, "vendor3", DEFAULT_DEMO_PASSWORD)
        assert locked.status_code == 429, locked.text
        assert locked.json()["type"].endswith("login-throttled")
        # A client-supplied X-Forwarded-For naming a fresh address does not move the guesser: the edge
        # overwrites the header with the address it saw.
        forged = sign_in(guesser, "vendor3", DEFAULT_DEMO_PASSWORD, **{"X-Forwarded-For": "203.0.113.9"})
        assert forged.status_code == 429, forged.text
        # The owner from another address is not locked out: the gateway sees two clients, not the edge.
        assert sign_in(owner, "vendor3", DEFAULT_DEMO_PASSWORD).status_code == 200


def test_a_body_over_the_limit_is_refused_by_the_edge(edge: Edge) -> None:
    two_mib = b"x" * (2 * 1024 * 1024)
    with client(edge) as http:
        refused = http.post("/api/auth/token", content=two_mib, headers={"Content-Type": "text/plain"})
        assert refused.status_code == 413
        assert "nginx" in refused.text  # the edge's own page: the body never reached a replica
        # The application route takes up to 32 MiB at the edge too: the gateway answers (no token).
        passed = http.post(
            "/api/workflow/challenges/c1/applications", content=two_mib, headers={"Content-Type": "application/json"}
        )
    assert passed.status_code != 413
    assert passed.headers["content-type"].startswith("application/problem+json")


def test_the_refresh_cookie_passes_through_the_edge_both_ways(edge: Edge) -> None:
    own = {"X-CSRF": "1", "Origin": edge.origin}
    with client(edge, "127.0.0.4") as http:
        signed_in = sign_in(http, "ent1", DEFAULT_DEMO_PASSWORD, **{"X-Token-Transport": "cookie"})
        assert signed_in.status_code == 200, signed_in.text
        assert "refresh_token" not in signed_in.json()
        set_cookie = signed_in.headers["set-cookie"]
        for attribute in ("HttpOnly", "Secure", "Path=/api/auth", "SameSite=strict", "Max-Age="):
            assert attribute in set_cookie, set_cookie
        first = http.cookies["shigu_refresh"]
        # The client's jar sends the cookie back over HTTPS; the edge hands it to the gateway.
        refreshed = http.post("/api/auth/refresh", headers=own)
        assert refreshed.status_code == 200, refreshed.text
        assert http.cookies["shigu_refresh"] != first
        foreign = http.post("/api/auth/refresh", headers={"X-CSRF": "1", "Origin": "https://evil.example"})
        assert foreign.status_code == 403
        assert foreign.json()["type"].endswith("/csrf-origin-mismatch")
        signed_out = http.post("/api/auth/logout", headers=own)
        assert signed_out.status_code == 204
        assert "shigu_refresh" not in http.cookies
        assert http.post("/api/auth/refresh", headers=own).status_code == 401


@dataclass
class Replica:
    """An upstream in the edge's gateway group that answers every request with `status`, keeping what it got."""

    status: int
    received: list[tuple[str, str, str, int]] = field(default_factory=list)  # method, path, key, body bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        key = headers.get(b"idempotency-key", b"").decode()
        self.received.append((scope["method"], scope["path"], key, len(body)))
        await PlainTextResponse(str(self.status), status_code=self.status)(scope, receive, send)


def test_the_edge_sends_a_post_to_the_next_replica_only_with_an_idempotency_key(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """One gateway replica answers 502 (dying), the other 201: a keyed submission reaches the live one every
    time, a keyless one is answered as it came, never sent twice (decision 0094)."""
    dying, live = Replica(502), Replica(201)
    static = tmp_path_factory.mktemp("dist-retry")
    (static / "index.html").write_text(INDEX)
    with serve(dying) as dying_url, serve(live) as live_url:
        edge = start_edge(
            tmp_path_factory.mktemp("edge-retry"),
            gateway=[dying_url.removeprefix("http://"), live_url.removeprefix("http://")],
            static_root=static,
            http_port=free_port(),
            https_port=free_port(),
        )
        try:
            body = b'{"plan": "' + b"x" * 200_000 + b'"}'  # beyond the edge's in-memory body buffer
            path = "/api/workflow/challenges/c1/applications"
            with client(edge) as http:
                keyless = [http.post(path, content=body).status_code for _ in range(4)]
                keyed = [
                    http.post(path, content=body, headers={"Idempotency-Key": f"k{i}"}).status_code for i in range(4)
                ]
                reads = [http.get("/api/workflow/challenges").status_code for _ in range(4)]
        finally:
            edge.stop()
    posts = [r for r in dying.received + live.received if r[0] == "POST"]
    # Keyless: each sent once, to whichever replica's turn it was; the dying one's 502 reaches the client.
    keyless_at = {
        name: [r for r in replica.received if r[0] == "POST" and not r[2]]
        for name, replica in (("dying", dying), ("live", live))
    }
    assert len(keyless_at["dying"]) + len(keyless_at["live"]) == 4
    assert keyless.count(502) == len(keyless_at["dying"]) >= 1
    assert keyless.count(201) == len(keyless_at["live"])
    # Keyed: every one answered 201 by the live replica, each whole; the dying one got some of them first.
    assert keyed == [201] * 4
    assert sorted(r[2] for r in live.received if r[2]) == [f"k{i}" for i in range(4)]
    assert {r[3] for r in posts} == {len(body)}
    assert any(r[2] for r in dying.received)
    # Idempotent reads are passed on as before.
    assert reads == [201] * 4
