"""How large a request body the gateway accepts, by route (kit's middleware enforces it as the body
streams; an oversized Content-Length is refused before a byte is read)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import Scope

from gateway.config import Settings
from kit.middleware import RouteTemplates

# Routes that carry an application's documents (base64 in JSON): a submission, a replacement, a fix-up.
DOCUMENT_ROUTES = RouteTemplates(
    ("/api/workflow/challenges/{challenge_id}/applications", "/api/workflow/applications/{application_id}")
)
# A spreadsheet of demands (multipart; matching itself refuses a file over 5 MiB).
UPLOAD_ROUTES = RouteTemplates(("/api/matching/batches/{batch_id}/import",))


def body_limit(settings: Settings) -> Callable[[Scope], int]:
    def limit(scope: Scope) -> int:
        path = scope["path"]
        if DOCUMENT_ROUTES.match(path):
            return settings.max_body_bytes
        if UPLOAD_ROUTES.match(path):
            return settings.max_upload_bytes
        return settings.max_small_body_bytes

    return limit
