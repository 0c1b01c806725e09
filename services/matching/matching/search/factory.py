"""Build the configured backend."""

from __future__ import annotations

from matching.config import Settings
from matching.search.port import SearchBackend
from matching.search.schema import SCHEMA


def make_backend(settings: Settings) -> SearchBackend:
    if settings.search_backend == "meilisearch":
        from matching.search.meili import MeiliBackend

        if not settings.meili_url:
            raise ValueError("MATCHING_SEARCH_BACKEND=meilisearch needs MEILI_URL")
        from matching.search.meili_keys import ScopedKeys

        keys = None
        if settings.meili_search_key or settings.meili_write_key:
            if not (settings.meili_search_key and settings.meili_write_key):
                raise ValueError("MATCHING_MEILI_SEARCH_KEY and MATCHING_MEILI_WRITE_KEY go together")
            keys = ScopedKeys(search=settings.meili_search_key, write=settings.meili_write_key)
        return MeiliBackend(
            SCHEMA, settings.meili_url, settings.meili_master_key or None, index_uid=settings.meili_index, keys=keys
        )
    from matching.search.embedded import EmbeddedBackend

    return EmbeddedBackend(SCHEMA, settings.resolved_index_dir())
