from pathlib import Path

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
