from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import BadRequest, Conflict, Forbidden, NotFound
from kit.history import transition
from kit.tokens import Principal
from matching.demand.service import can_manage, readable
from matching.interest.lifecycle import DECIDE, LIFECYCLE
from matching.interest.schemas import Decision, Interest, InterestCreate
from matching.models import Demand
from matching.models import Interest as InterestRow
from matching.models.interest import InterestStatus


def _to_schema(row: InterestRow, title: str) -> Interest:
    return Interest(
        id=row.id,
        demand_id=row.demand_id,
        demand_title=title,
        vendor_org_id=row.vendor_org_id,
        vendor_name=row.vendor_name,
        proposal=row.proposal,
        contact_name=row.contact_name,
        contact_phone=row.contact_phone,
        contact_email=row.contact_email,
        status=row.status,
        decision_reason=row.decision_reason,
        created_at=row.created_at,
        decided_at=row.decided_at,
    )


def express(session: Session, principal: Principal, demand_id: str, body: InterestCreate, clock: Clock) -> Interest:
    demand = readable(session, demand_id, principal)
    if demand.status != "published":
        raise Conflict("Interest can be expressed in published demands only")
    if not principal.org_id:
        raise BadRequest("Your account belongs to no organisation")
    if session.scalar(
        select(InterestRow.id).where(InterestRow.demand_id == demand_id, InterestRow.vendor_org_id == principal.org_id)
    ):
        raise Conflict("Your organisation has already expressed interest in this demand")
    row = InterestRow(
        demand_id=demand_id,
        vendor_org_id=principal.org_id,
        vendor_name=principal.org_name or "",
        proposal=body.proposal,
        contact_name=body.contact_name,
        contact_phone=body.contact_phone,
        contact_email=body.contact_email,
        status="pending",
        created_at=clock.now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise Conflict("Your organisation has already expressed interest in this demand") from exc
    return _to_schema(row, demand.title)


def for_demand(session: Session, principal: Principal, demand_id: str) -> list[Interest]:
    demand = readable(session, demand_id, principal)
    stmt = select(InterestRow).where(InterestRow.demand_id == demand_id).order_by(InterestRow.created_at)
    if not can_manage(principal, demand):
        stmt = stmt.where(InterestRow.vendor_org_id == (principal.org_id or ""))
    return [_to_schema(r, demand.title) for r in session.scalars(stmt)]


def mine(session: Session, principal: Principal) -> list[Interest]:
    rows = session.execute(
        select(InterestRow, Demand.title)
        .join(Demand, Demand.id == InterestRow.demand_id)
        .where(InterestRow.vendor_org_id == (principal.org_id or ""))
        .order_by(InterestRow.created_at.desc())
    )
    return [_to_schema(r, title) for r, title in rows]


def decide(session: Session, principal: Principal, interest_id: str, body: Decision, clock: Clock) -> Interest:
    row = session.get(InterestRow, interest_id)
    if row is None:
        raise NotFound("No such interest")
    demand = session.get(Demand, row.demand_id)
    assert demand is not None
    if not can_manage(principal, demand):
        if principal.org_id == row.vendor_org_id:
            raise Forbidden("Only the publisher decides on an interest")
        raise NotFound("No such interest")
    transition(LIFECYCLE, session, principal, row, DECIDE[InterestStatus(body.decision)], clock, reason=body.reason)
    return _to_schema(row, demand.title)
