from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import select

from kit.auth import CurrentUser, OptionalUser
from kit.csv_writer import csv_lines
from kit.db import DbSession
from kit.errors import problem_responses
from kit.xlsx_writer import XLSX_RESPONSE, xlsx_response
from matching import audit
from matching.auth import AdminOnly, EnterpriseOrAdmin, EnterpriseUser, ReviewerOrAdmin
from matching.dates import today
from matching.demand import export, service
from matching.demand.schemas import Demand, DemandCreate, DemandReview, Review, SimilarCheck, SimilarItem
from matching.deps import Backend, ClockDep, kick_indexer
from matching.idempotency import IdempotencyDep
from matching.models import Demand as DemandRow
from matching.models.demand import DemandStatus

router = APIRouter(tags=["demands"], dependencies=[Depends(kick_indexer)])


@router.post(
    "/demands", response_model=Demand, status_code=201, responses=problem_responses(400, 401, 403, 404, 409, 422)
)
def create_demand(
    body: DemandCreate, session: DbSession, user: EnterpriseOrAdmin, clock: ClockDep, idem: IdempotencyDep
) -> Demand | JSONResponse:
    """An enterprise submits a single demand for review; an admin may file one into a draft batch."""
    if (prior := idem.begin(session, body)) is not None:
        return prior
    demand = service.create(session, user, body, clock)
    if user.has_role("admin"):
        data = {"code": demand.code, "batch_id": body.batch_id}
        audit.record(session, user, "demand.created", f"demand:{demand.id}", now=clock.now(), data=data)
    idem.finish(201, demand)
    return demand


@router.post("/demands/similar", response_model=list[SimilarItem], responses=problem_responses(422, 503))
def similar_before_posting(body: SimilarCheck, backend: Backend) -> list[SimilarItem]:
    """ "Similar items already published", shown before a demand is posted."""
    return service.similar(backend, body.title, body.text)


@router.get("/demands", response_model=list[Demand], responses=problem_responses(401))
def list_demands(
    session: DbSession,
    user: OptionalUser,
    clock: ClockDep,
    batch_id: str | None = None,
    status: DemandStatus | None = None,
    mine: bool = Query(False, description="the demands your organisation published or submitted"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[Demand]:
    """Published demands for everyone; the review queue (`status=pending_review`) for government reviewers
    and admins; `mine` for the publishing organisation, in every status."""
    rows = service.list_demands(session, user, batch_id=batch_id, status=status, mine=mine, limit=limit, offset=offset)
    on = today(clock)
    return [service.to_schema(session, d, user, on=on) for d in rows]


EXPORT_MAX = 10_000


@router.get("/demands.xlsx", response_class=Response, responses={**XLSX_RESPONSE, **problem_responses(401, 403, 422)})
def demands_xlsx(
    session: DbSession,
    user: AdminOnly,
    batch_id: str | None = None,
    status: DemandStatus | None = None,
) -> Response:
    """The demands an admin lists, of any status, as .xlsx (budgets in 万元, times in Beijing time)."""
    rows = service.list_demands(session, user, batch_id=batch_id, status=status, mine=False, limit=EXPORT_MAX, offset=0)
    return xlsx_response(export.workbook(rows), "demands.xlsx")


CSV_HEADER = ("编号", "标题", "需求类型", "应用场景", "七端", "所在区县", "发布单位", "预算（万元）", "有效期至")


@router.get(
    "/demands.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "UTF-8 CSV with BOM"}},
)
def demands_csv(session: DbSession) -> StreamingResponse:
    """Open data: every published demand, without contact details; UTF-8 with a BOM so Excel reads Chinese."""
    columns = (
        DemandRow.code,
        DemandRow.title,
        DemandRow.demand_type,
        DemandRow.scenario_domain,
        DemandRow.end_tags,
        DemandRow.district,
        DemandRow.publisher_name,
        DemandRow.budget_min,
        DemandRow.budget_max,
        DemandRow.valid_until,
    )
    rows = session.execute(select(*columns).where(DemandRow.status == "published").order_by(DemandRow.code)).all()
    records = [
        (code, title, kind, domain, "、".join(ends or []), district, publisher, _budget(lo, hi), _day(until))
        for code, title, kind, domain, ends, district, publisher, lo, hi, until in rows
    ]
    return StreamingResponse(
        _csv_lines(records),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="demands.csv"'},
    )


def _csv_lines(records: Sequence[tuple[str, ...]]) -> Iterator[bytes]:
    for line in csv_lines(CSV_HEADER, records):
        yield line.encode()


def _budget(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return "" if high is None else f"≤{_num(high)}"
    return f"≥{_num(low)}" if high is None else f"{_num(low)}-{_num(high)}"


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


@router.get("/demands/{demand_id}", response_model=Demand, responses=problem_responses(401, 404))
def get_demand(demand_id: str, session: DbSession, user: OptionalUser, clock: ClockDep) -> Demand:
    return service.get(session, demand_id, user, clock)


@router.get(
    "/demands/{demand_id}/similar", response_model=list[SimilarItem], responses=problem_responses(401, 404, 503)
)
def similar_demands(demand_id: str, session: DbSession, user: OptionalUser, backend: Backend) -> list[SimilarItem]:
    row = service.readable(session, demand_id, user)
    return service.similar(backend, row.title, f"{row.pain_points} {row.background}", exclude=row.id)


@router.post("/demands/{demand_id}/review", response_model=Demand, responses=problem_responses(401, 403, 404, 409, 422))
def review_demand(demand_id: str, body: Review, session: DbSession, user: ReviewerOrAdmin, clock: ClockDep) -> Demand:
    """A government reviewer (or an admin) publishes a pending demand, or returns it with the reason
    (`note`, required then); the owner's organisation is notified and the decision kept."""
    return service.review(session, demand_id, body, clock, user)


@router.get("/demands/{demand_id}/reviews", response_model=list[DemandReview], responses=problem_responses(401, 404))
def demand_reviews(demand_id: str, session: DbSession, user: CurrentUser) -> list[DemandReview]:
    """The review decisions on a demand, oldest first: for its owner and the reviewers."""
    return service.reviews(session, demand_id, user)


@router.put("/demands/{demand_id}", response_model=Demand, responses=problem_responses(400, 401, 403, 404, 409, 422))
def resubmit_demand(
    demand_id: str, body: DemandCreate, session: DbSession, user: EnterpriseUser, clock: ClockDep
) -> Demand:
    """The owner revises a returned demand; it goes back to the review queue."""
    return service.resubmit(session, demand_id, body, clock, user)
