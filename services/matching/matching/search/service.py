"""The search use case: query parameters in, the public response out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from kit.errors import ServiceUnavailable, UnprocessableContent
from kit.tokens import Principal
from matching.search.params import DEFAULT_FACETS, build_filter, parse_sort
from matching.search.port import Document, SearchBackend, SearchError, SearchRequest, SearchResult, SearchUnavailable
from matching.search.schemas import SearchHit, SearchPage, SearchSuggestion, SuggestionList


def audience_of(principal: Principal | None) -> frozenset[str]:
    if principal is None or principal.org_id is None:
        return frozenset()
    return frozenset({principal.org_id})


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(float(value), UTC)


def to_hit(doc: Document, highlight: dict[str, str], score: float | None) -> SearchHit:
    return SearchHit(
        id=str(doc.get("entity_id", doc["id"])),
        kind=str(doc.get("kind", "")),
        title=str(doc.get("title", "")),
        highlight=highlight,
        summary=str(doc.get("summary") or ""),
        org_name=str(doc.get("org_name") or ""),
        district=_list(doc.get("district")),
        end_tags=_list(doc.get("end_tags")),
        layer_tags=_list(doc.get("layer_tags")),
        capability_tags=_list(doc.get("capability_tags")),
        status=doc.get("status"),
        verified=doc.get("verified"),
        qualification_labels=_list(doc.get("qualification_labels")),
        recognition_schemes=_list(doc.get("recognition_schemes")),
        budget_min=doc.get("budget_min"),
        budget_max=doc.get("budget_max"),
        deadline=_time(doc.get("deadline")),
        published_at=_time(doc.get("published_at")),
        score=score,
    )


@contextmanager
def engine_errors() -> Iterator[None]:
    """Engine errors as problems: unreachable is 503 (retry), a refused request is 422."""
    try:
        yield
    except SearchUnavailable as exc:
        raise ServiceUnavailable(
            "The search engine is not answering; retry shortly", headers={"Retry-After": "2"}
        ) from exc
    except (SearchError, ValueError) as exc:
        raise UnprocessableContent(str(exc)) from exc


def run_search(backend: SearchBackend, request: SearchRequest) -> SearchResult:
    with engine_errors():
        return backend.search(request)


def suggest(backend: SearchBackend, q: str, limit: int, principal: Principal | None) -> SuggestionList:
    with engine_errors():
        found = backend.suggest(q, limit, audience_of(principal))
    return SuggestionList(
        suggestions=[SearchSuggestion(text=s.text, field=s.field, id=s.id, kind=s.kind) for s in found]
    )


def search(
    backend: SearchBackend,
    params: dict[str, list[str]],
    *,
    q: str,
    sort: str | None,
    page: int,
    hits_per_page: int,
    principal: Principal | None,
) -> SearchPage:
    request = SearchRequest(
        q=q,
        filter=build_filter(params),
        facets=DEFAULT_FACETS,
        sort=parse_sort(sort),
        page=page,
        hits_per_page=hits_per_page,
        audience=audience_of(principal),
    )
    result = run_search(backend, request)
    return SearchPage(
        hits=[to_hit(h.document, h.highlight, h.score) for h in result.hits],
        facets=result.facets,
        total=result.total,
        page=result.page,
        hits_per_page=result.hits_per_page,
    )
