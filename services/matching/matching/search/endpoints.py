from __future__ import annotations

from fastapi import APIRouter, Query, Request

from kit.auth import OptionalUser
from kit.errors import problem_responses
from matching.deps import Backend
from matching.search import service
from matching.search.params import FACET_PARAMS, RANGE_PARAMS
from matching.search.schemas import SearchPage

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchPage, responses=problem_responses(401, 422))
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
