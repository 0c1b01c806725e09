"""The search port: one request/response shape, one index schema declared in code, two adapters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from matching.search.filters import Eq, Filter, In, Or, all_of

Document = dict[str, Any]
# "last": the first word must match, later ones rank (Meilisearch's default); "all": every word;
# "any": at least one word (Meilisearch has no exact equivalent: its "frequency" keeps the rarest word).
Strategy = Literal["last", "all", "any"]


class SearchError(Exception):
    """The engine refused or failed an operation."""


class SearchUnavailable(SearchError):
    """The engine could not be reached or did not answer in time; retry later."""


class SearchTaskFailed(SearchError):
    """The engine accepted a task and then reported it failed."""


@dataclass(frozen=True)
class IndexSchema:
    name: str
    searchable: tuple[str, ...]
    keywords: tuple[str, ...]
    numbers: tuple[str, ...]
    facets: tuple[str, ...]
    sortable: tuple[str, ...]
    highlight: tuple[str, ...]
    weights: Mapping[str, float] = field(default_factory=dict)
    primary_key: str = "id"

    @property
    def filterable(self) -> tuple[str, ...]:
        return (*self.keywords, *self.numbers)


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filter: Filter | None = None
    facets: tuple[str, ...] = ()
    sort: tuple[str, Literal["asc", "desc"]] | None = None
    page: int = 1
    hits_per_page: int = 20
    # Who may read restricted documents besides the public: org ids, "role:admin", ...
    audience: frozenset[str] = frozenset()
    strategy: Strategy = "last"


@dataclass(frozen=True)
class Hit:
    id: str
    document: Document
    highlight: dict[str, str]
    score: float | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    total: int
    page: int
    hits_per_page: int


@dataclass(frozen=True)
class Suggestion:
    """A completion for what is being typed: a document's title (with its id and kind), an organisation or a tag."""

    text: str
    field: Literal["title", "org", "tag"]
    id: str | None = None
    kind: str | None = None


class SearchBackend(Protocol):
    schema: IndexSchema

    def ensure(self) -> None:
        """Create the index and apply the declared settings (before any document)."""

    def upsert(self, documents: Sequence[Document]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def flush(self) -> None:
        """Block until every write so far is visible to search (read-your-writes)."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    def suggest(self, prefix: str, limit: int, audience: frozenset[str] = frozenset()) -> list[Suggestion]:
        """At most `limit` titles, organisations and tags of readable documents that contain `prefix`."""

    def digests(self) -> dict[str, str]:
        """Every indexed id with its `_digest`, for reconciliation."""

    def reindex(self, documents: Iterable[Document]) -> int:
        """Rebuild from scratch; readers keep the old index until the new one is complete."""

    def clear(self) -> None: ...

    def ping(self) -> None: ...

    def close(self) -> None: ...


def visibility_filter(audience: frozenset[str]) -> Filter:
    public = Eq("visibility", "public")
    if not audience:
        return public
    return Or((public, In("readers", tuple(sorted(audience)))))


def effective_filter(request: SearchRequest) -> Filter:
    combined = all_of(request.filter, visibility_filter(request.audience))
    assert combined is not None
    return combined


def keyword_value(value: Any) -> str:
    """How a keyword value is compared and counted: booleans as `true`/`false` (as Meilisearch does)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
