"""Pre-compressed static files: the copy in the coding the client accepts, with its headers; the built
frontend's own compression script writes the copies (run here on a small dist of its own)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest
from fastapi.testclient import TestClient

from gateway.config import Settings
from gateway.spa import accepted_encodings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "frontend" / "scripts" / "compress-dist.mjs"
APP_JS = "const greeting = '视谷机会平台';\n" + "export function f(n) { return n * 2 + greeting.length; }\n" * 400
INDEX = "<!doctype html><html><head><script type=module src=/assets/app-1a2b.js></script></head>" + (
    "<body><div id=root>视谷</div></body></html>" * 40
)


@pytest.fixture
def dist(settings: Settings, tmp_path: Path) -> Path:
    """A dist/ compressed by the real build script, copied next to it as it is in frontend/."""
    frontend = tmp_path / "frontend"
    (frontend / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, frontend / "scripts" / SCRIPT.name)
    built = frontend / "dist"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text(INDEX, encoding="utf-8")
    (built / "assets" / "app-1a2b.js").write_text(APP_JS, encoding="utf-8")
    (built / "assets" / "tiny-9f.js").write_text("export{}", encoding="utf-8")
    (built / "favicon.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2048))
    subprocess.run(["node", str(frontend / "scripts" / SCRIPT.name)], check=True, cwd=frontend, timeout=60)
    shutil.copytree(built, settings.static_dir)
    return settings.static_dir


def test_the_build_script_writes_smaller_br_and_gz_copies(dist: Path) -> None:
    js = dist / "assets" / "app-1a2b.js"
    assert brotli.decompress((dist / "assets" / "app-1a2b.js.br").read_bytes()) == js.read_bytes()
    assert gzip.decompress((dist / "assets" / "app-1a2b.js.gz").read_bytes()) == js.read_bytes()
    assert (dist / "assets" / "app-1a2b.js.br").stat().st_size < (dist / "assets" / "app-1a2b.js.gz").stat().st_size
    assert (dist / "assets" / "app-1a2b.js.gz").stat().st_size < js.stat().st_size / 5
    assert (dist / "index.html.br").is_file()
    # Too small to gain anything, or not text: no copies.
    assert not (dist / "assets" / "tiny-9f.js.br").exists()
    assert not (dist / "favicon.png.gz").exists()


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=1.0, gzip;q=0.5", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("*;q=1, br;q=0", "gzip"),
        ("identity", None),
        ("", None),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_hashed_asset_in_the_accepted_coding(client: TestClient, dist: Path, accept: str, coding: str | None) -> None:
    r = client.get("/assets/app-1a2b.js", headers={"Accept-Encoding": accept})
    assert r.status_code == 200
    assert r.headers.get("content-encoding") == coding
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-type"].startswith("text/javascript")
    suffix = {"br": ".br", "gzip": ".gz", None: ""}[coding]
    sent = (dist / "assets" / f"app-1a2b.js{suffix}").stat().st_size
    assert int(r.headers["content-length"]) == sent
    # httpx decodes what it is sent: the content is the original, whatever the coding.
    assert r.text == APP_JS


def test_index_is_compressed_but_revalidated(client: TestClient, dist: Path) -> None:
    for path in ("/", "/challenges/abc", "/index.html"):
        r = client.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert r.status_code == 200, path
        assert r.headers["content-encoding"] == "br"
        assert r.headers["cache-control"] == "no-cache"
        assert r.headers["vary"] == "Accept-Encoding"
        assert r.headers["content-type"].startswith("text/html")
        assert int(r.headers["content-length"]) == (dist / "index.html.br").stat().st_size
        assert "视谷" in r.text
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert int(plain.headers["content-length"]) == (dist / "index.html").stat().st_size


def test_files_without_copies_are_sent_plain(client: TestClient, dist: Path) -> None:
    for path in ("/assets/tiny-9f.js", "/favicon.png"):
        r = client.get(path, headers={"Accept-Encoding": "br, gzip"})
        assert r.status_code == 200
        assert "content-encoding" not in r.headers
    assert client.get("/favicon.png").headers["content-type"] == "image/png"


def test_accept_encoding_parsing() -> None:
    assert accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted_encodings("BR;Q=0.8,gzip;q=0") == {"br"}
    assert accepted_encodings("gzip;q=nonsense, br") == {"br"}
