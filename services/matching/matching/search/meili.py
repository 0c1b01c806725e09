"""The Meilisearch adapter (meilisearch-python): settings before documents, every task awaited.

The master key is used once, to find or create the two scoped keys (`matching.search.meili_keys`), and then
forgotten: queries go out with the search key, everything else with the write key."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import meilisearch
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError

from matching.search import analysis, meili_keys, suggest
from matching.search.filters import And, Eq, Filter, In, Or, Range, check_fields
from matching.search.port import (
    Document,
    Hit,
    IndexSchema,
    SearchError,
    SearchRequest,
    SearchResult,
    SearchTaskFailed,
    SearchUnavailable,
    Suggestion,
    effective_filter,
)
from matching.vocabulary import DICTIONARY, synonyms_map

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BATCH = 1000


def settings_for(schema: IndexSchema) -> dict[str, Any]:
    """The whole index configuration, declared in code (golden-tested)."""
    keyword_filters = [
        {
            "attributePatterns": [name],
            "features": {"facetSearch": name in schema.facets, "filter": {"equality": True, "comparison": False}},
        }
        for name in schema.keywords
    ]
    number_filters = [
        {
            "attributePatterns": [name],
            "features": {"facetSearch": False, "filter": {"equality": True, "comparison": True}},
        }
        for name in schema.numbers
    ]
    return {
        "searchableAttributes": list(schema.searchable),
        "filterableAttributes": keyword_filters + number_filters,
        "sortableAttributes": list(schema.sortable),
        "displayedAttributes": ["*"],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
        "synonyms": synonyms_map(),
        "dictionary": list(DICTIONARY),
        "localizedAttributes": [{"attributePatterns": list(schema.searchable), "locales": ["cmn"]}],
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": analysis.ONE_TYPO, "twoTypos": analysis.TWO_TYPOS},
        },
        "prefixSearch": "disabled",
        "faceting": {"maxValuesPerFacet": 1000},
        "pagination": {"maxTotalHits": 1_000_000},
    }


def _quote(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _field(name: str) -> str:
    if not _FIELD.match(name):
        raise SearchError(f"bad field name {name!r}")
    return name


def translate(node: Filter) -> str:
    """The filter tree as a Meilisearch filter expression; every value quoted and escaped."""
    if isinstance(node, Eq):
        return f"{_field(node.field)} = {_quote(node.value)}"
    if isinstance(node, In):
        return f"{_field(node.field)} IN [{', '.join(_quote(v) for v in node.values)}]"
    if isinstance(node, Range):
        parts = []
        if node.gte is not None:
            parts.append(f"{_field(node.field)} >= {_quote(node.gte)}")
        if node.lte is not None:
            parts.append(f"{_field(node.field)} <= {_quote(node.lte)}")
        return " AND ".join(parts) if parts else f"{_field(node.field)} EXISTS"
    if isinstance(node, And):
        return " AND ".join(f"({translate(i)})" for i in node.items) if node.items else "id EXISTS"
    if isinstance(node, Or):
        return " OR ".join(f"({translate(i)})" for i in node.items) if node.items else "NOT id EXISTS"
    return f"NOT ({translate(node.item)})"


class MeiliBackend:
    """Blocking SDK calls; async callers run them in a thread (asyncio.to_thread)."""

    def __init__(
        self,
        schema: IndexSchema,
        url: str,
        master_key: str | None = None,
        *,
        index_uid: str | None = None,
        keys: meili_keys.ScopedKeys | None = None,
        timeout_s: int = 5,
        task_timeout_ms: int = 30_000,
    ) -> None:
        """`keys`: scoped keys the operator made (`python -m matching.search keys`); otherwise `master_key`
        makes them on first contact with the engine. Neither: an engine without authentication (development)."""
        if keys is not None and master_key:
            raise ValueError("give the Meilisearch master key or the scoped keys, not both")
        self.schema = schema
        self.uid = index_uid or schema.name
        self.url = url
        self.timeout_s = timeout_s
        self.task_timeout_ms = task_timeout_ms
        self._master = master_key or None
        self._keys = keys
        self._clients: tuple[meilisearch.Client, meilisearch.Client] | None = None
        self._clients_lock = threading.Lock()
        self._pending: list[int] = []
        self._ready = False

    def _connect(self) -> tuple[meilisearch.Client, meilisearch.Client]:
        """(search client, write client): the scoped keys, made with the master key the first time the engine
        answers (at start-up, or later if it was down then); the master key is dropped once they exist."""
        if self._clients is not None:
            return self._clients
        with self._clients_lock:
            if self._clients is None:
                keys = self._keys
                if keys is None and self._master is not None:
                    admin = meilisearch.Client(self.url, self._master, timeout=self.timeout_s)
                    keys = self._call(meili_keys.provision, admin, self.uid)
                self._clients = (
                    meilisearch.Client(self.url, keys.search if keys else None, timeout=self.timeout_s),
                    meilisearch.Client(self.url, keys.write if keys else None, timeout=self.timeout_s),
                )
                self._master = None
            return self._clients

    @property
    def reader(self) -> meilisearch.Client:
        return self._connect()[0]

    @property
    def client(self) -> meilisearch.Client:
        """The write client (indexing, settings, tasks)."""
        return self._connect()[1]

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (MeilisearchCommunicationError, requests.ConnectionError, requests.Timeout) as exc:
            raise SearchUnavailable(f"meilisearch unreachable: {exc}") from exc
        except MeilisearchTimeoutError as exc:
            raise SearchUnavailable(f"meilisearch task timed out: {exc}") from exc
        except MeilisearchApiError as exc:
            raise SearchError(f"meilisearch refused: {exc}") from exc

    def _wait(self, task_uid: int) -> None:
        task = self._call(self.client.wait_for_task, task_uid, timeout_in_ms=self.task_timeout_ms, interval_in_ms=50)
        if task.status != "succeeded":
            raise SearchTaskFailed(f"task {task_uid} {task.status}: {json.dumps(task.error, ensure_ascii=False)}")

    def _prepare(self, uid: str) -> None:
        try:
            self.client.get_index(uid)
        except MeilisearchApiError as exc:
            if getattr(exc, "code", "") != "index_not_found":
                raise SearchError(str(exc)) from exc
            info = self._call(self.client.create_index, uid, {"primaryKey": self.schema.primary_key})
            self._wait(info.task_uid)
        except (MeilisearchCommunicationError, requests.ConnectionError, requests.Timeout) as exc:
            raise SearchUnavailable(f"meilisearch unreachable: {exc}") from exc
        info = self._call(self.client.index(uid).update_settings, settings_for(self.schema))
        self._wait(info.task_uid)

    def ensure(self) -> None:
        self._prepare(self.uid)
        self._ready = True

    def _ensure_once(self) -> None:
        # Settings before documents, even when the engine was down when the service started.
        if not self._ready:
            self.ensure()

    def upsert(self, documents: Sequence[Document]) -> None:
        self._ensure_once()
        for chunk in _chunks(documents, _BATCH):
            info = self._call(self.client.index(self.uid).add_documents, chunk, self.schema.primary_key)
            self._pending.append(info.task_uid)

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._ensure_once()
            # Deleting by a filter on the (filterable) primary key: the id-list form is deprecated.
            flt = translate(In(self.schema.primary_key, tuple(str(i) for i in ids)))
            info = self._call(self.client.index(self.uid).delete_documents, filter=flt)
            self._pending.append(info.task_uid)

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        for uid in pending:
            self._wait(uid)

    def clear(self) -> None:
        info = self._call(self.client.index(self.uid).delete_all_documents)
        self._wait(info.task_uid)

    def reindex(self, documents: Iterable[Document]) -> int:
        self.ensure()
        tmp = f"{self.uid}_rebuild"
        try:
            info = self._call(self.client.delete_index, tmp)
            self._wait(info.task_uid)
        except SearchError:
            pass
        self._prepare(tmp)
        count = 0
        for chunk in _chunks(documents, _BATCH):
            self._wait(self._call(self.client.index(tmp).add_documents, chunk, self.schema.primary_key).task_uid)
            count += len(chunk)
        self._wait(self._call(self.client.swap_indexes, [{"indexes": [self.uid, tmp]}]).task_uid)
        self._wait(self._call(self.client.delete_index, tmp).task_uid)
        return count

    def ping(self) -> None:
        self._call(lambda: self.reader.health())

    def close(self) -> None:
        return None

    def digests(self) -> dict[str, str]:
        out: dict[str, str] = {}
        offset = 0
        while True:
            page = self._call(
                self.client.index(self.uid).get_documents,
                {"fields": [self.schema.primary_key, "_digest"], "offset": offset, "limit": 1000},
            )
            for doc in page.results:
                data = dict(doc)
                out[str(data[self.schema.primary_key])] = str(data.get("_digest", ""))
            offset += len(page.results)
            if not page.results or offset >= page.total:
                return out

    def search_params(self, request: SearchRequest) -> dict[str, Any]:
        check_fields(request.filter, self.schema.filterable)
        params: dict[str, Any] = {
            "filter": translate(effective_filter(request)),
            "page": max(1, request.page),
            "hitsPerPage": max(1, request.hits_per_page),
            "attributesToHighlight": list(self.schema.highlight),
            "highlightPreTag": analysis.PRE,
            "highlightPostTag": analysis.POST,
            "matchingStrategy": "frequency" if request.strategy == "any" else request.strategy,
            "showRankingScore": True,
        }
        if request.facets:
            for name in request.facets:
                if name not in self.schema.facets:
                    raise SearchError(f"not a facet: {name}")
            params["facets"] = list(request.facets)
        if request.sort is not None:
            if request.sort[0] not in self.schema.sortable:
                raise SearchError(f"not sortable: {request.sort[0]}")
            params["sort"] = [f"{request.sort[0]}:{request.sort[1]}"]
        return params

    def search(self, request: SearchRequest) -> SearchResult:
        params = self.search_params(request)
        raw = self._call(lambda: self.reader.index(self.uid).search(request.q, params))
        hits = []
        for item in raw.get("hits", []):
            formatted = item.pop("_formatted", {}) or {}
            score = item.pop("_rankingScore", None)
            marks = {a: analysis.from_marked(_text(formatted.get(a))) for a in self.schema.highlight if item.get(a)}
            hits.append(Hit(str(item[self.schema.primary_key]), item, marks, score))
        facets = {
            name: {str(k): int(v) for k, v in raw.get("facetDistribution", {}).get(name, {}).items()}
            for name in request.facets
        }
        return SearchResult(hits, facets, int(raw.get("totalHits", 0)), request.page, params["hitsPerPage"])

    def suggest(self, prefix: str, limit: int, audience: frozenset[str] = frozenset()) -> list[Suggestion]:
        if not prefix.strip() or limit < 1:
            return []
        params: dict[str, Any] = {
            "filter": translate(effective_filter(SearchRequest(audience=audience))),
            "attributesToSearchOn": list(suggest.CANDIDATE_ATTRIBUTES),
            "attributesToRetrieve": list(suggest.RETRIEVED),
            "limit": suggest.candidate_count(limit),
            "matchingStrategy": "last",
        }
        raw = self._call(lambda: self.reader.index(self.uid).search(prefix, params))
        return suggest.suggestions(raw.get("hits", []), prefix, limit)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
