"""The foundation's promises, checked against real processes through the gateway."""

from __future__ import annotations

import os
import signal
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from demo.accounts import DEFAULT_DEMO_PASSWORD, USERS
from tests.e2e.conftest import Platform, alive

pytestmark = pytest.mark.e2e


def test_the_app_is_served(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert "<html" in response.text.lower()
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.username)
def test_every_demo_account_signs_in_through_the_gateway(http: httpx.Client, user: object) -> None:
    username = user.username  # type: ignore[attr-defined]
    tokens = http.post("/api/auth/token", data={"username": username, "password": DEFAULT_DEMO_PASSWORD})
    assert tokens.status_code == 200, tokens.text
    me = http.get("/api/auth/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"})
    assert me.json()["user"]["username"] == username


@pytest.mark.parametrize("service", ["matching", "workflow"])
def test_services_answer_through_the_gateway(http: httpx.Client, service: str) -> None:
    response = http.get(f"/api/{service}/healthz", headers={"X-Request-ID": f"smoke-{service}"})
    assert response.status_code == 200
    assert response.json()["service"] == service
    assert response.headers["x-request-id"] == f"smoke-{service}"
    ready = http.get(f"/api/{service}/readyz")
    assert ready.status_code == 200, ready.text


def test_services_verify_the_gateway_token_themselves(http: httpx.Client) -> None:
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    response = http.get("/api/workflow/notifications", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


class _Refs(HTMLParser):
    """Every URL a page loads (scripts, stylesheets, icons) and the text of any inline script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script":
            self._in_script = True
            if named.get("src"):
                self.urls.append(str(named["src"]))
        if tag == "link" and named.get("href"):
            self.urls.append(str(named["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


@pytest.mark.parametrize("docs", ["/docs", "/api/matching/docs", "/api/workflow/docs"])
def test_api_docs_load_only_their_own_assets_under_the_csp(http: httpx.Client, docs: str) -> None:
    page = http.get(docs)
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    refs = _Refs()
    refs.feed(page.text)
    assert refs.inline == []
    assert any(u.endswith(".js") for u in refs.urls)
    assert any(u.endswith(".css") for u in refs.urls)
    page_url = str(page.url)
    for url in refs.urls:
        absolute = urljoin(page_url, url)
        assert urlsplit(absolute).netloc == urlsplit(page_url).netloc, url
        assert http.get(absolute).status_code == 200, absolute
    spec = http.get(urljoin(page_url, "openapi.json"))
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.")


# Last: it stops the platform the module shares.
def test_stopped_workflow_gives_problem_json_fast_then_sigterm_stops_everything(
    http: httpx.Client, platform: Platform
) -> None:
    workflow = platform.pid("workflow")
    os.kill(workflow, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(workflow) and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    response = http.get("/api/workflow/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code in (502, 503)
    assert response.headers["content-type"] == "application/problem+json"
    assert http.get("/api/matching/healthz").status_code == 200, "the rest keeps running"

    children = [platform.pid("gateway"), platform.pid("matching")]
    platform.process.send_signal(signal.SIGTERM)
    assert platform.process.wait(20) is not None
    assert not any(alive(pid) for pid in children)
