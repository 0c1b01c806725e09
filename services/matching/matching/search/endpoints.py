from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Query, Request

from kit.auth import AdminUser, OptionalUser
from kit.errors import ServiceUnavailable, problem_responses
from kit.money import wan
from matching import audit
from matching.deps import Backend, ClockDep
from matching.search import service
from matching.search.maintenance import reindex_report
from matching.search.params import FACET_PARAMS, RANGE_PARAMS
from matching.search.port import SearchUnavailable
from matching.search.schemas import HIT_STATUSES, ReindexResult, SearchPage, SuggestionList

router = APIRouter(tags=["search"])


def _facet_parameter(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "boolean"} if name == "verified" else {"type": "string"}
    if name == "status":
        schema["enum"] = [str(s) for s in HIT_STATUSES]
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": schema},
        "style": "form",
        "explode": True,
    }


def _range_parameter(name: str) -> dict[str, Any]:
    if name.startswith("deadline"):
        return {"name": name, "in": "query", "required": False, "schema": {"type": "string", "format": "date"}}
    what = "预算上限不低于此值" if name == "budget_min" else "预算下限不高于此值"
    return {"name": name, "in": "query", "required": False, "schema": {"type": "number"}, "description": wan(what)}


# Read from the raw query string (repeatable facets), declared here so clients and the fuzzer know them.
FILTER_PARAMETERS = [_facet_parameter(n) for n in FACET_PARAMS if n != "kind"] + [
    _range_parameter(n) for n in RANGE_PARAMS
]


@router.get(
    "/search",
    response_model=SearchPage,
    responses=problem_responses(401, 422, 503),
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def search(
    request: Request,
    backend: Backend,
    user: OptionalUser,
    q: str = Query("", max_length=200),
    kind: str | None = Query(None, pattern="^(provider|product|demand|challenge)$"),
    sort: str | None = Query(None, description="published_at|deadline|budget_max|updated_at, then :asc or :desc"),
    page: int = Query(1, ge=1, le=1000),
    hits_per_page: int = Query(20, ge=1, le=100),
) -> SearchPage:
    """Facets as repeated parameters: district, end_tag, layer_tag, qualification, recognition_scheme, status …;
    ranges: budget_min, budget_max (万元), deadline_from, deadline_to (dates)."""
    params = {name: request.query_params.getlist(name) for name in (*FACET_PARAMS, *RANGE_PARAMS)}
    return service.search(backend, params, q=q, sort=sort, page=page, hits_per_page=hits_per_page, principal=user)


@router.get("/search/suggest", response_model=SuggestionList, responses=problem_responses(401, 422, 503))
def suggest(
    backend: Backend,
    user: OptionalUser,
    q: str = Query(..., min_length=1, max_length=50, description="What has been typed so far"),
    limit: int = Query(8, ge=1, le=20),
) -> SuggestionList:
    """Titles, organisations and tags of readable items containing `q`, those starting with it first."""
    return service.suggest(backend, q, limit, user)


@router.post("/admin/search/reindex", response_model=ReindexResult, responses=problem_responses(401, 403, 503))
def reindex_now(request: Request, admin: AdminUser, clock: ClockDep) -> ReindexResult:
    """Rebuild the index from the database, synchronously (a few thousand documents take seconds)."""
    drainer = request.app.state.drain_outbox
    started = time.monotonic()
    # Under the delivery lock, as the periodic reconcile: no outbox delivery interleaves with the rebuild.
    with drainer.exclusive():
        try:
            report = reindex_report(drainer.factory, drainer.backend, clock)
        except SearchUnavailable as exc:
            raise ServiceUnavailable("检索引擎暂不可用，请稍后重试。 The search engine is not answering.") from exc
    with drainer.factory.begin() as session:
        data = {"indexed": report.indexed, "by_kind": report.by_kind}
        audit.record(session, admin, "search.reindexed", "search:index", now=clock.now(), data=data)
    return ReindexResult(indexed=report.indexed, by_kind=report.by_kind, seconds=round(time.monotonic() - started, 2))
