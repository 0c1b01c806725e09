import gzip
from pathlib import Path

import brotli
from fastapi.testclient import TestClient

from gateway.config import Settings


def build(settings: Settings) -> Path:
    root = settings.static_dir
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><div id=root>视谷</div>", encoding="utf-8")
    (root / "assets" / "app-1.js").write_text("console.log(1)")
    return root


def test_history_fallback_serves_index(client: TestClient, settings: Settings) -> None:
    build(settings)
    for path in ("/", "/challenges/123", "/zh/search?q=AI"):
        response = client.get(path)
        assert response.status_code == 200
        assert "视谷" in response.text
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-frame-options"] == "DENY"
        assert "default-src 'self'" in response.headers["content-security-policy"]


def test_assets_are_immutable_and_missing_files_404(client: TestClient, settings: Settings) -> None:
    build(settings)
    asset = client.get("/assets/app-1.js")
    assert asset.status_code == 200
    assert "immutable" in asset.headers["cache-control"]
    assert client.get("/assets/missing.js").status_code == 404
    assert client.get("/../../etc/passwd").status_code in (404, 200)
    assert "root:" not in client.get("/..%2F..%2Fetc%2Fpasswd").text


def test_unknown_api_path_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "service": "gateway"}
    ready = client.get("/readyz").json()
    assert ready["checks"]["database"] == "ok"


def test_precompressed_copies_are_sent_to_clients_that_accept_them(client: TestClient, settings: Settings) -> None:
    root = build(settings)
    script = "export const 视谷 = 1;\n" * 400
    (root / "assets" / "app-2.js").write_text(script, encoding="utf-8")
    (root / "assets" / "app-2.js.gz").write_bytes(gzip.compress(script.encode()))
    compressed = brotli.compress(script.encode())
    (root / "assets" / "app-2.js.br").write_bytes(compressed)

    br = client.get("/assets/app-2.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["content-encoding"] == "br"
    assert br.headers["content-type"].startswith("text/javascript")
    assert br.headers["vary"] == "Accept-Encoding"
    assert "immutable" in br.headers["cache-control"]
    assert int(br.headers["content-length"]) == len(compressed) < len(script.encode()) / 10
    assert br.text == script

    # br refused by q=0: the gzip copy, which the client decodes back to the very script.
    gz = client.get("/assets/app-2.js", headers={"Accept-Encoding": "br;q=0, gzip;q=0.8"})
    assert gz.headers["content-encoding"] == "gzip"
    assert gz.text == script

    plain = client.get("/assets/app-2.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == script
    assert plain.headers["vary"] == "Accept-Encoding"

    # A file without copies is sent as it is, whatever the client accepts.
    only = client.get("/assets/app-1.js", headers={"Accept-Encoding": "br, gzip"})
    assert "content-encoding" not in only.headers
    assert only.text == "console.log(1)"


def test_index_html_is_sent_compressed_and_still_revalidated(client: TestClient, settings: Settings) -> None:
    root = build(settings)
    html = (root / "index.html").read_bytes()
    (root / "index.html.gz").write_bytes(gzip.compress(html))
    for path in ("/", "/challenges/123"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")
        assert "视谷" in response.text
