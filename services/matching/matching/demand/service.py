from __future__ import annotations

import logging
import re
import secrets
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import BadRequest, Conflict, Forbidden, NotFound
from kit.history import actor, transition
from kit.tokens import Principal
from matching.dates import today
from matching.demand.lifecycle import LIFECYCLE, REVIEWER_ROLES
from matching.demand.schemas import Demand, DemandCreate, Review, SimilarItem
from matching.demand.schemas import DemandReview as DemandReviewOut
from matching.models import Batch, DemandReview, Interest
from matching.models import Demand as DemandRow
from matching.models.demand import DemandStatus
from matching.search import analysis
from matching.search.filters import Eq, In
from matching.search.port import SearchBackend, SearchRequest
from matching.search.service import run_search

log = logging.getLogger("matching.demand")


def is_reviewer(principal: Principal | None) -> bool:
    return principal is not None and principal.has_role(*REVIEWER_ROLES)


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "****" if phone else ""
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def can_manage(principal: Principal | None, d: DemandRow) -> bool:
    if principal is None:
        return False
    return principal.has_role("admin") or (d.publisher_org_id is not None and principal.org_id == d.publisher_org_id)


def to_schema(session: Session, d: DemandRow, principal: Principal | None, *, on: date) -> Demand:
    full = can_manage(principal, d) or (is_reviewer(principal) and d.status != "draft")
    interests = session.scalar(select(func.count()).select_from(Interest).where(Interest.demand_id == d.id)) or 0
    return Demand(
        id=d.id,
        code=d.code,
        batch_id=d.batch_id,
        title=d.title,
        demand_type=d.demand_type,
        scenario_domain=d.scenario_domain,
        layer_tags=d.layer_tags,
        end_tags=d.end_tags,
        publisher_org_id=d.publisher_org_id,
        publisher_name=d.publisher_name,
        publisher_kind=d.publisher_kind,
        district=d.district,
        background=d.background,
        pain_points=d.pain_points,
        required_capabilities=d.required_capabilities,
        technical_indicators=d.technical_indicators,
        data_offered=d.data_offered,
        sites_offered=d.sites_offered,
        required_qualifications=d.required_qualifications,
        budget_min=None if d.budget_min is None else float(d.budget_min),
        budget_max=None if d.budget_max is None else float(d.budget_max),
        cooperation_mode=d.cooperation_mode,
        timeline=d.timeline,
        contact_name=d.contact_name if full else mask_name(d.contact_name),
        contact_phone=d.contact_phone if full else mask_phone(d.contact_phone),
        contact_masked=not full,
        valid_until=d.valid_until,
        status=d.status,
        expired=d.status == "published" and d.valid_until is not None and d.valid_until < on,
        review_note=d.review_note if full else "",
        interest_count=interests,
        allowed_actions=LIFECYCLE.allowed_actions(d, None if principal is None else actor(principal)),
        created_at=d.created_at,
        published_at=d.published_at,
    )


def new_code(clock: Clock) -> str:
    return f"SD{today(clock):%Y%m%d}-{secrets.token_hex(3).upper()}"


def build_row(
    body: DemandCreate, clock: Clock, *, status: str, publisher_org_id: str | None, publisher_name: str
) -> DemandRow:
    now = clock.now()
    data = body.model_dump(exclude={"code", "publisher_name", "batch_id"})
    return DemandRow(
        code=body.code or new_code(clock),
        batch_id=body.batch_id,
        publisher_org_id=publisher_org_id,
        publisher_name=publisher_name,
        status=status,
        review_note="",
        extra={},
        version=1,
        created_at=now,
        updated_at=now,
        **data,
    )


def create(session: Session, principal: Principal, body: DemandCreate, clock: Clock) -> Demand:
    if body.code and session.scalar(select(DemandRow.id).where(DemandRow.code == body.code)):
        raise Conflict(f"A demand with code {body.code} exists")
    if principal.has_role("admin"):
        if body.batch_id is not None:
            batch = session.get(Batch, body.batch_id)
            if batch is None:
                raise NotFound("No such batch")
            if batch.status != "draft":
                raise Conflict("The batch is already published")
        if not body.publisher_name:
            raise BadRequest("publisher_name is required when an admin enters a demand")
        row = build_row(
            body,
            clock,
            status="draft" if body.batch_id else "pending_review",
            publisher_org_id=None,
            publisher_name=body.publisher_name,
        )
    else:
        if body.batch_id is not None:
            raise Forbidden("Only an admin files demands into a batch")
        row = build_row(
            body,
            clock,
            status="pending_review",
            publisher_org_id=principal.org_id,
            publisher_name=principal.org_name or body.publisher_name or "",
        )
    session.add(row)
    session.flush()
    return to_schema(session, row, principal, on=today(clock))


def readable(session: Session, demand_id: str, principal: Principal | None) -> DemandRow:
    row = session.get(DemandRow, demand_id)
    if row is None or (row.status != "published" and not can_manage(principal, row) and not _in_review(principal, row)):
        raise NotFound("No such demand")
    return row


def _in_review(principal: Principal | None, row: DemandRow) -> bool:
    """Reviewers read what was submitted to them (and what they decided), not an admin's draft batch."""
    return is_reviewer(principal) and row.status in ("pending_review", "returned")


def get(session: Session, demand_id: str, principal: Principal | None, clock: Clock) -> Demand:
    return to_schema(session, readable(session, demand_id, principal), principal, on=today(clock))


def review(session: Session, demand_id: str, body: Review, clock: Clock, principal: Principal) -> Demand:
    """Publish a pending demand or return it to its owner with the reason; the decision is kept in
    demand_reviews and the owner's organisation is told either way (the rules' effects)."""
    row = session.get(DemandRow, demand_id)
    if row is None or row.status == DemandStatus.DRAFT:
        raise NotFound("No such demand")
    action = "approve" if body.approve else "return"
    transition(LIFECYCLE, session, principal, row, action, clock, reason=body.note)
    log.info("demand %s %s by %s", row.id, action, principal.subject)
    session.flush()
    return to_schema(session, row, principal, on=today(clock))


def resubmit(session: Session, demand_id: str, body: DemandCreate, clock: Clock, principal: Principal) -> Demand:
    """The owner revises a returned demand and submits it for review again."""
    row = session.get(DemandRow, demand_id)
    if row is None or row.publisher_org_id is None or row.publisher_org_id != principal.org_id:
        raise NotFound("No such demand")
    LIFECYCLE.decide(row, "resubmit", actor(principal))
    if body.batch_id is not None:
        raise Forbidden("Only an admin files demands into a batch")
    if body.code and body.code != row.code:
        raise BadRequest("code cannot change")
    for name, value in body.model_dump(exclude={"code", "publisher_name", "batch_id"}).items():
        setattr(row, name, value)
    transition(LIFECYCLE, session, principal, row, "resubmit", clock)
    session.flush()
    return to_schema(session, row, principal, on=today(clock))


def reviews(session: Session, demand_id: str, principal: Principal) -> list[DemandReviewOut]:
    """The review history: for the owner and the reviewers."""
    row = session.get(DemandRow, demand_id)
    if row is None or not (can_manage(principal, row) or (is_reviewer(principal) and row.status != "draft")):
        raise NotFound("No such demand")
    rows = session.scalars(
        select(DemandReview).where(DemandReview.demand_id == demand_id).order_by(DemandReview.created_at)
    )
    return [DemandReviewOut.model_validate(r, from_attributes=True) for r in rows]


def similar(
    backend: SearchBackend, title: str, text: str, exclude: str | None = None, limit: int = 5
) -> list[SimilarItem]:
    """Published items that look like this one: engine candidates, re-scored by word overlap."""
    mine = set(analysis.index_tokens(f"{title} {text}"))
    title_words = set(analysis.index_tokens(title))
    if not mine:
        return []
    candidates = run_search(
        backend, SearchRequest(q=title, filter=In("kind", ("demand", "challenge")), hits_per_page=30, strategy="any")
    )
    if len(candidates.hits) < 3 and text:
        extra = run_search(backend, SearchRequest(q=text[:100], filter=Eq("kind", "demand"), hits_per_page=30))
        candidates.hits.extend(extra.hits)
    out: dict[str, SimilarItem] = {}
    for hit in candidates.hits:
        entity = str(hit.document.get("entity_id", hit.id))
        if entity == exclude or entity in out:
            continue
        words = set(analysis.index_tokens(f"{hit.document.get('title', '')} {hit.document.get('summary', '')}"))
        theirs_title = set(analysis.index_tokens(str(hit.document.get("title", ""))))
        score = max(_jaccard(mine, words), _jaccard(title_words, theirs_title))
        if score >= 0.2:
            out[entity] = SimilarItem(
                id=entity,
                kind=str(hit.document.get("kind")),
                title=str(hit.document["title"]),
                similarity=round(score, 3),
                status=hit.document.get("status"),
            )
    return sorted(out.values(), key=lambda s: -s.similarity)[:limit]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def list_demands(
    session: Session,
    principal: Principal | None,
    *,
    batch_id: str | None,
    status: str | None,
    mine: bool,
    limit: int,
    offset: int,
) -> list[DemandRow]:
    """The public sees published demands; an admin any status; a government reviewer what was submitted
    for review (the queue is `status=pending_review`); a publisher its own in every status (`mine`)."""
    stmt = select(DemandRow)
    if mine:
        org = principal.org_id if principal is not None and principal.org_id else ""
        stmt = stmt.where(DemandRow.publisher_org_id == org)
    elif principal is not None and principal.has_role("admin"):
        pass
    elif is_reviewer(principal):
        stmt = stmt.where(DemandRow.status.in_(("pending_review", "returned", "published")))
    else:
        stmt = stmt.where(DemandRow.status == "published")
    if status:
        stmt = stmt.where(DemandRow.status == status)
    if batch_id:
        stmt = stmt.where(DemandRow.batch_id == batch_id)
    order = (DemandRow.updated_at.desc(), DemandRow.code) if mine else (DemandRow.code,)
    return list(session.scalars(stmt.order_by(*order).limit(limit).offset(offset)))
