"""API docs (Swagger UI) served from the service itself, under the gateway's Content-Security-Policy.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script; both are refused
by `script-src 'self'`. Here the page, its assets and its start-up script are the service's own, and every
URL in them is relative, so the same page works at /docs and behind the gateway at /api/<service>/docs."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

from kit.errors import problem_response

ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})
_CACHE = {"Cache-Control": "public, max-age=86400"}

# Relative to the docs page: the spec beside it, and requests sent under the page's own prefix
# (the specs name no servers, and behind the gateway a service's paths live under /api/<service>).
_INIT_JS = """(function () {
  var base = new URL(".", window.location.href);
  var prefix = base.pathname.replace(/\\/$/, "");
  window.ui = SwaggerUIBundle({
    url: new URL("openapi.json", base).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (req) {
      var url = new URL(req.url, base);
      if (prefix && url.origin === base.origin && url.pathname.indexOf(prefix + "/") !== 0) {
        url.pathname = prefix + url.pathname;
        req.url = url.href;
      }
      return req;
    }
  });
})();
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — API</title>
<link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""


def docs_router(app: FastAPI) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return HTMLResponse(_PAGE.format(title=escape(app.title)), headers={"Cache-Control": "no-cache"})

    @router.get("/docs/init.js")
    def init_js() -> Response:
        return Response(_INIT_JS, media_type="text/javascript", headers=_CACHE)

    @router.get("/docs/assets/{name}")
    def asset(name: str) -> Response:
        if name not in ASSETS:
            return problem_response(404, "not-found", "Not found", f"No file /docs/assets/{name}")
        return FileResponse(str(swagger_ui_path / name), headers=_CACHE)

    return router
