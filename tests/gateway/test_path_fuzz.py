"""Path fuzzing through a real gateway in front of a real service app: every control byte, dot segments
and ambiguous encodings on both proxied prefixes, the gateway's own API and the SPA — no answer is a
server error, and no spelling reaches a service's internal or metrics endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter, Request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.app import create_app
from gateway.config import Settings
from kit.app import create_service_app
from kit.clock import ManualClock
from tests.gateway.factories import send
from tests.support.upstream import serve

PREFIXES = ("/api/matching/", "/api/workflow/", "/api/auth/", "/", "/assets/", "/index.html")
CONTROL = [*range(0x00, 0x21), 0x7F]
PIECES = [
    "a", "challenges", "internal", "events", "metrics", "index.html", ".js", ".", "..", "/", "//", "\\", "%",
    "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "%25", "%252e", "%252f", "%00", "%0d%0a", "%09", "%7f", "%ff",
    "%c0%ae", "%e2%80%ae", "%E4%B8%AD", "%20", "%3f", "%23", ";", "@", ":", "~", "?", "#", "%%", "%2", "%g0",
]  # fmt: skip

# What reached the service behind the gateway (decoded paths).
reached: list[str] = []
router = APIRouter()


@router.api_route("/internal/events", methods=["GET", "POST"])
@router.api_route("/{rest:path}", methods=["GET", "POST"])
async def anything(request: Request) -> dict[str, str]:
    reached.append(request.url.path)
    return {"path": request.url.path}


@pytest.fixture(scope="module")
def gateway(gateway_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dist = tmp_path_factory.mktemp("dist")
    (dist / "index.html").write_text("<!doctype html>视谷")
    (dist / "assets").mkdir()
    (dist / "assets" / "app.js").write_text("1")
    with serve(create_service_app("service", engine=None, routers=[router])) as service:
        config = Settings(
            app_env="test", database_url=gateway_url, static_dir=dist, matching_url=service, workflow_url=service
        )
        with serve(create_app(config, ManualClock()), lifespan="on") as url:
            yield url


def check(gateway: str, target: bytes) -> None:
    for method in ("GET", "POST"):
        answer = send(gateway, method, target, {"Content-Type": "application/json"}, b"{}")
        assert answer.status < 500, (method, target, answer.status, answer.body[:300])
        if answer.status >= 400 and answer.body:
            assert answer.headers["content-type"] in ("application/problem+json", "text/plain; charset=utf-8")
    for path in reached:
        first = path.lstrip("/").split("/", 1)[0].lower()
        assert first not in ("internal", "metrics"), (target, path)
        assert not any(part in path for part in ("/./", "/../", "//", "\\")), (target, path)
    reached.clear()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_control_byte_raw_and_encoded(gateway: str, prefix: str) -> None:
    for byte in [*CONTROL, 0x80, 0xC0, 0xFF]:
        encoded = f"%{byte:02x}".encode()
        for piece in (encoded, encoded.upper(), bytes([byte])):
            for target in (piece, b"x" + piece + b"y", b"challenges/" + piece, piece + b"/internal/events"):
                check(gateway, prefix.encode() + target)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_dot_segments_and_encodings(gateway: str, prefix: str) -> None:
    for first in PIECES:
        for second in ("internal/events", "metrics", "", "a", first):
            check(gateway, (prefix + first + second).encode())
            check(gateway, (prefix + "x/" + first + "/" + second).encode())


@pytest.mark.parametrize("prefix", PREFIXES)
def test_long_segments(gateway: str, prefix: str) -> None:
    for length in (255, 256, 4096, 16000):
        for target in ("a" * length, f"x/{'b' * length}.js", f"{'%E4%B8%AD' * (length // 3)}"):
            check(gateway, (prefix + target).encode())


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(prefix=st.sampled_from(PREFIXES), pieces=st.lists(st.sampled_from(PIECES), max_size=8))
def test_generated_paths(gateway: str, prefix: str, pieces: list[str]) -> None:
    check(gateway, (prefix + "".join(pieces)).encode())
