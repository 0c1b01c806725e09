"""Serve the built React app with history fallback: unknown non-API paths get index.html."""

from __future__ import annotations

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
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if "." in full_path.rsplit("/", 1)[-1]:
            return problem_response(404, "not-found", "Not found", f"No file /{full_path}")
    if not index.is_file():
        return HTMLResponse(_NOT_BUILT, status_code=200)
    return FileResponse(index, headers={"Cache-Control": "no-cache"})
