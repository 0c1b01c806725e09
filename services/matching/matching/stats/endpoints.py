"""Dashboard statistics of the opportunity lists and interests."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from kit.clock import to_shanghai
from kit.db import DbSession
from matching.models import Batch, Challenge, Demand, Interest, Product, Provider
from matching.models.demand import DemandStatus
from matching.models.interest import InterestStatus
from matching.vocabulary import SEVEN_ENDS

router = APIRouter(tags=["stats"])


class Stats(BaseModel):
    demands_by_batch: dict[str, int]
    demands_by_end: dict[str, int]
    demands_by_district: dict[str, int]
    demands_by_status: dict[DemandStatus, int]
    interests_by_status: dict[InterestStatus, int]
    interests_by_batch: dict[str, dict[str, int]]
    deals_by_end: dict[str, int]
    deals_by_month: dict[str, int]
    totals: dict[str, int]


@router.get("/stats", response_model=Stats)
def stats(session: DbSession) -> Stats:
    batches = {b.id: b.name for b in session.scalars(select(Batch))}
    demands = list(session.scalars(select(Demand).where(Demand.status == "published")))
    by_id = {d.id: d for d in demands}
    by_batch: Counter[str] = Counter(batches.get(d.batch_id or "", "单独发布") for d in demands)
    by_end: Counter[str] = Counter(t for d in demands for t in d.end_tags if t in SEVEN_ENDS)
    by_district: Counter[str] = Counter(d.district for d in demands)
    by_status: Counter[str] = Counter(session.scalars(select(Demand.status)))
    interests = [i for i in session.scalars(select(Interest)) if i.demand_id in by_id]
    i_status: Counter[str] = Counter(i.status for i in interests)
    i_batch: dict[str, Counter[str]] = {}
    deals: Counter[str] = Counter()
    deal_months: Counter[str] = Counter()
    for i in interests:
        d = by_id[i.demand_id]
        i_batch.setdefault(batches.get(d.batch_id or "", "单独发布"), Counter())[i.status] += 1
        if i.status == "deal":
            deals.update(t for t in d.end_tags if t in SEVEN_ENDS)
            if i.decided_at is not None:  # the moment it was marked a deal, as a Beijing-time month
                deal_months[to_shanghai(i.decided_at).strftime("%Y-%m")] += 1
    totals = {
        "providers": len(list(session.scalars(select(Provider.id)))),
        "products": len(list(session.scalars(select(Product.id)))),
        "demands": len(demands),
        "challenges": len(list(session.scalars(select(Challenge.id)))),
        "interests": len(interests),
        "deals": i_status.get("deal", 0),
    }
    return Stats(
        demands_by_batch=dict(by_batch),
        demands_by_end=dict(by_end),
        demands_by_district=dict(by_district),
        demands_by_status=dict(by_status),
        interests_by_status=dict(i_status),
        interests_by_batch={k: dict(v) for k, v in i_batch.items()},
        deals_by_end=dict(deals),
        deals_by_month=dict(sorted(deal_months.items())),
        totals=totals,
    )
