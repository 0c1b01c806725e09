"""Serve the built React app with history fallback: unknown non-API paths get index.html.

The build writes a brotli (.br) and a gzip (.gz) copy beside each text file (frontend/scripts/
compress-dist.mjs); a client that accepts one of them gets it as is, with Content-Encoding and
`Vary: Accept-Encoding`, so nothing is compressed per request. Hashed files under assets/ are cached
for a year; everything else (index.html above all) is revalidated every time.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from kit.errors import problem_response

router = APIRouter(include_in_schema=False)

_NOT_BUILT = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>视谷机会平台</title>
<body><h1>视谷机会平台 Shigu Exchange</h1><p>前端尚未构建：请运行 <code>make run</code>。
The frontend is not built yet: run <code>make run</code>.</p></body></html>"""


def _file_under(root: Path, path: str) -> Path | None:
    """The file `path` names inside `root`, or None (outside it, missing, or a name the file system
    refuses, such as one longer than it allows)."""
    try:
        candidate = (root / path).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    except (OSError, ValueError):
        return None


IMMUTABLE = "public, max-age=31536000, immutable"
# Preferred first: brotli is about a fifth smaller than gzip on this bundle.
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (q > 0), `*` standing for any not named."""
    accepted: set[str] = set()
    refused: set[str] = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        (accepted if q > 0 else refused).add(name)
    if "*" in accepted:
        accepted |= {coding for coding, _ in _ENCODINGS if coding not in refused}
    return accepted


def _file_response(path: Path, request: Request, cache: str) -> FileResponse:
    """`path`, or its pre-compressed copy in the best coding the client accepts."""
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Cache-Control": cache, "Vary": "Accept-Encoding"}
    accepted = accepted_encodings(request.headers.get("accept-encoding", ""))
    for coding, suffix in _ENCODINGS:
        compressed = path.with_name(path.name + suffix)
        if coding in accepted and compressed.is_file():
            return FileResponse(compressed, media_type=media_type, headers={**headers, "Content-Encoding": coding})
    return FileResponse(path, media_type=media_type, headers=headers)


@router.get("/{full_path:path}")
def spa(full_path: str, request: Request) -> Response:
    if full_path.startswith(("api/", "internal/")) or full_path == "api":
        return problem_response(404, "not-found", "Not found", f"No route /{full_path}")
    root: Path = request.app.state.settings.static_dir.resolve()
    index = root / "index.html"
    if full_path:
        candidate = _file_under(root, full_path)
        if candidate is not None:
            return _file_response(candidate, request, IMMUTABLE if full_path.startswith("assets/") else "no-cache")
        if "." in full_path.rsplit("/", 1)[-1]:
            return problem_response(404, "not-found", "Not found", f"No file /{full_path}")
    if not index.is_file():
        return HTMLResponse(_NOT_BUILT, status_code=200)
    return _file_response(index, request, "no-cache")
