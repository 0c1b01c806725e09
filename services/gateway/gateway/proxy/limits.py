"""How large a request body the gateway accepts, by route (kit's middleware enforces it as the body
streams; an oversized Content-Length is refused before a byte is read)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import Scope

from gateway.config import Settings
from kit.middleware import RouteTemplates

# Routes that carry documents (base64 in JSON, the same type and size checks): an application's submission,
# replacement and fix-up, a milestone report's evidence, an acceptance submission's files.
DOCUMENT_ROUTES = RouteTemplates(
    (
        "/api/workflow/challenges/{challenge_id}/applications",
        "/api/workflow/applications/{application_id}",
        "/api/workflow/agreements/{agreement_id}/milestones/{key}/report",
        "/api/workflow/agreements/{agreement_id}/acceptance",
    )
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
