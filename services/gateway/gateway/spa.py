"""Serve the built React app with history fallback: unknown non-API paths get index.html."""

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


# What the frontend build writes beside each text asset (frontend/scripts/compress-dist.mjs), best first.
_PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def _accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (RFC 9110 §12.5.3: q=0 refuses one)."""
    accepted: set[str] = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            accepted.add(name.strip().lower())
    return accepted


def _send(file: Path, request: Request, cache: str) -> FileResponse:
    """The file, or the pre-compressed copy beside it that the client accepts, with its own type."""
    headers = {"Cache-Control": cache, "Vary": "Accept-Encoding"}
    accepted = _accepted_encodings(request.headers.get("accept-encoding", ""))
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    for coding, suffix in _PRECOMPRESSED:
        compressed = file.with_name(file.name + suffix)
        if (coding in accepted or "*" in accepted) and compressed.is_file():
            return FileResponse(compressed, media_type=media_type, headers={**headers, "Content-Encoding": coding})
    return FileResponse(file, media_type=media_type, headers=headers)


@router.get("/{full_path:path}")
def spa(full_path: str, request: Request) -> Response:
    if full_path.startswith(("api/", "internal/")) or full_path == "api":
        return problem_response(404, "not-found", "Not found", f"No route /{full_path}")
    root: Path = request.app.state.settings.static_dir.resolve()
    index = root / "index.html"
    if full_path:
        candidate = _file_under(root, full_path)
        if candidate is not None:
            cache = "public, max-age=31536000, immutable" if full_path.startswith("assets/") else "no-cache"
            return _send(candidate, request, cache)
        if "." in full_path.rsplit("/", 1)[-1]:
            return problem_response(404, "not-found", "Not found", f"No file /{full_path}")
    if not index.is_file():
        return HTMLResponse(_NOT_BUILT, status_code=200)
    return _send(index, request, "no-cache")
