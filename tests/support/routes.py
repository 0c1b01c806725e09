"""The routes an app serves, for the authorisation tables' check that each route has a row."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) an app serves, through included routers: the authorisation tables'
    check that each route has a row."""

    def walk(routes: list[Any]) -> list[APIRoute]:
        found: list[APIRoute] = []
        for r in routes:
            if isinstance(r, APIRoute):
                found.append(r)
            elif hasattr(r, "original_router"):
                found += walk(r.original_router.routes)
            elif hasattr(r, "routes"):
                found += walk(r.routes)
        return found

    return {(m, r.path) for r in walk(list(app.routes)) for m in (r.methods or set())}
