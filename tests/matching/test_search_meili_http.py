"""The Meilisearch adapter at its HTTP boundary, against a tiny server started here (no Meilisearch needed)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from matching.search.filters import And, Eq, In, Not, Or, Range
from matching.search.meili import MeiliBackend, settings_for, translate
from matching.search.port import SearchRequest, SearchTaskFailed, SearchUnavailable
from matching.search.schema import SCHEMA

GOLDEN = Path(__file__).parent / "golden"
NOW = "2026-11-23T02:00:00.000000Z"
Route = Callable[[str, str, Any], tuple[int, Any]]


class FakeMeili:
    """Records every request; answers through `route` (method, path, body) -> (status, json)."""

    def __init__(self, route: Route, delay: float = 0.0) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.route = route
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                outer.calls.append((self.command, self.path, body))
                if delay:
                    time.sleep(delay)
                status, payload = outer.route(self.command, self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeMeili:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def task_info(uid: int) -> dict[str, Any]:
    return {"taskUid": uid, "indexUid": "shigu", "status": "enqueued", "type": "x", "enqueuedAt": NOW}


def task(uid: int, status: str, error: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"uid": uid, "indexUid": "shigu", "status": status, "type": "x", "enqueuedAt": NOW, "error": error}


def happy(method: str, path: str, body: Any) -> tuple[int, Any]:
    if method == "GET" and path == "/indexes/shigu":
        return 404, {
            "message": "Index `shigu` not found.",
            "code": "index_not_found",
            "type": "invalid_request",
            "link": "",
        }
    if method == "GET" and path.startswith("/tasks/"):
        return 200, task(int(path.rsplit("/", 1)[1]), "succeeded")
    if method == "POST" and path.endswith("/search"):
        return 200, {
            "hits": [
                {
                    "id": "d1",
                    "kind": "demand",
                    "title": "AI <b>质检</b>",
                    "_formatted": {"title": "\ue000AI\ue001 <b>质检</b>"},
                    "_rankingScore": 0.9,
                }
            ],
            "totalHits": 1,
            "page": 1,
            "hitsPerPage": 20,
            "totalPages": 1,
            "facetDistribution": {"kind": {"demand": 1}},
        }
    return 202, task_info(len(happy_calls) + 1)


happy_calls: list[int] = []


@pytest.fixture
def fake() -> Iterator[FakeMeili]:
    with FakeMeili(happy) as server:
        yield server


def test_settings_are_the_golden_ones() -> None:
    golden = json.loads((GOLDEN / "meili_settings.json").read_text())
    assert settings_for(SCHEMA) == golden


def test_ensure_creates_with_primary_key_then_applies_settings_before_documents(fake: FakeMeili) -> None:
    backend = MeiliBackend(SCHEMA, fake.url, None)
    backend.ensure()
    backend.upsert([{"id": "a", "title": "x"}])
    backend.flush()
    writes = [(m, p, b) for m, p, b in fake.calls if m != "GET"]
    assert writes[0] == ("POST", "/indexes", {"uid": "shigu", "primaryKey": "id"})
    assert writes[1][0:2] == ("PATCH", "/indexes/shigu/settings")
    assert writes[1][2] == settings_for(SCHEMA)
    assert writes[2][1] == "/indexes/shigu/documents?primaryKey=id"
    assert ("GET", "/tasks/1") in [(m, p) for m, p, _ in fake.calls]


def test_localized_attributes_synonyms_dictionary() -> None:
    settings = settings_for(SCHEMA)
    assert settings["localizedAttributes"] == [{"attributePatterns": list(SCHEMA.searchable), "locales": ["cmn"]}]
    assert "人工智能" in settings["synonyms"]["ai"]
    assert "ai" in settings["synonyms"]["人工智能"]
    assert {"首台套", "揭榜挂帅", "专精特新", "小巨人"} <= set(settings["dictionary"])
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        (Eq("district", "滨江区"), 'district = "滨江区"'),
        (Eq("verified", True), "verified = true"),
        (Eq("budget_max", 100), "budget_max = 100"),
        (In("kind", ("provider", "product")), 'kind IN ["provider", "product"]'),
        (Range("budget_max", gte=10, lte=20.5), "budget_max >= 10 AND budget_max <= 20.5"),
        (Not(Eq("status", "closed")), 'NOT (status = "closed")'),
        (
            And((Eq("kind", "demand"), Or((Eq("district", "a"), Eq("district", "b"))))),
            '(kind = "demand") AND ((district = "a") OR (district = "b"))',
        ),
        (Eq("title", 'x" OR id EXISTS \\'), 'title = "x\\" OR id EXISTS \\\\"'),
    ],
)
def test_filter_translation_golden(tree: Any, expected: str) -> None:
    assert translate(tree) == expected


def test_search_params_golden() -> None:
    backend = MeiliBackend(SCHEMA, "http://127.0.0.1:9", None)
    params = backend.search_params(
        SearchRequest(
            q="x",
            filter=Eq("kind", "demand"),
            facets=("district",),
            sort=("budget_max", "desc"),
            page=2,
            hits_per_page=5,
            audience=frozenset({"org-1"}),
        )
    )
    assert params == json.loads((GOLDEN / "meili_search_params.json").read_text())


def test_search_parses_hits_escapes_and_marks_highlights(fake: FakeMeili) -> None:
    backend = MeiliBackend(SCHEMA, fake.url, None)
    result = backend.search(SearchRequest(q="AI", facets=("kind",)))
    assert result.total == 1
    assert result.facets == {"kind": {"demand": 1}}
    assert result.hits[0].highlight["title"] == "<em>AI</em> &lt;b&gt;质检&lt;/b&gt;"


INDEX = {"uid": "shigu", "primaryKey": "id", "createdAt": NOW, "updatedAt": NOW}


def scripted(tasks: dict[int, dict[str, Any]]) -> Route:
    """Index exists; write n gets task n; GET /tasks/n answers tasks[n] (succeeded when absent)."""
    writes = [0]

    def route(method: str, path: str, body: Any) -> tuple[int, Any]:
        if method == "GET" and path == "/indexes/shigu":
            return 200, INDEX
        if method == "GET" and path.startswith("/tasks/"):
            uid = int(path.rsplit("/", 1)[1])
            return 200, tasks.get(uid, task(uid, "succeeded"))
        writes[0] += 1
        return 202, task_info(writes[0])

    return route


def test_failed_settings_task_raises() -> None:
    failed = task(1, "failed", {"message": "invalid settings", "code": "invalid_settings"})
    with FakeMeili(scripted({1: failed})) as server:
        with pytest.raises(SearchTaskFailed, match="invalid settings"):
            MeiliBackend(SCHEMA, server.url, None).ensure()


def test_failed_document_task_raises_on_flush() -> None:
    failed = task(2, "failed", {"message": "missing primary key", "code": "missing_document_id"})
    with FakeMeili(scripted({2: failed})) as server:
        backend = MeiliBackend(SCHEMA, server.url, None)
        backend.upsert([{"id": "a"}])  # settings first (task 1), then the documents (task 2)
        assert [p for m, p, _ in server.calls if m != "GET"] == [
            "/indexes/shigu/settings",
            "/indexes/shigu/documents?primaryKey=id",
        ]
        with pytest.raises(SearchTaskFailed, match="missing primary key"):
            backend.flush()


def test_task_that_never_finishes_raises_unavailable() -> None:
    with FakeMeili(scripted({2: task(2, "processing")})) as server:
        backend = MeiliBackend(SCHEMA, server.url, None, task_timeout_ms=300)
        backend.delete(["a"])
        with pytest.raises(SearchUnavailable):
            backend.flush()


def test_delete_uses_an_escaped_filter_on_the_primary_key() -> None:
    with FakeMeili(scripted({})) as server:
        backend = MeiliBackend(SCHEMA, server.url, None)
        backend.delete(['x"y'])
        backend.flush()
        deletes = [b for m, p, b in server.calls if p == "/indexes/shigu/documents/delete"]
        assert deletes == [{"filter": 'id IN ["x\\"y"]'}]


def test_http_timeout_raises_unavailable() -> None:
    with FakeMeili(happy, delay=2.5) as server:
        backend = MeiliBackend(SCHEMA, server.url, None, timeout_s=1)
        with pytest.raises(SearchUnavailable):
            backend.search(SearchRequest(q="x"))


def test_connection_refused_raises_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = MeiliBackend(SCHEMA, f"http://127.0.0.1:{port}", None, timeout_s=1)
    with pytest.raises(SearchUnavailable):
        backend.upsert([{"id": "a"}])
    with pytest.raises(SearchUnavailable):
        backend.ping()


def test_api_error_on_search_is_not_swallowed() -> None:
    def route(method: str, path: str, body: Any) -> tuple[int, Any]:
        return 400, {
            "message": "Attribute `x` is not filterable.",
            "code": "invalid_search_filter",
            "type": "invalid_request",
            "link": "",
        }

    with FakeMeili(route) as server:
        backend = MeiliBackend(SCHEMA, server.url, None)
        with pytest.raises(Exception, match="not filterable"):
            backend.search(SearchRequest(q="x"))
