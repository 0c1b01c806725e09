from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import NotFound
from kit.tokens import Principal
from matching.dates import today
from matching.demand.service import readable
from matching.matchmaking import repository
from matching.matchmaking.schemas import (
    Matches,
    ProductMatch,
    ProviderMatch,
    Recommendation,
    Recommendations,
    Target,
)
from matching.matchmaking.scoring import Opportunity, bag, score_product, score_provider
from matching.models import Challenge, Demand

OPEN_CHALLENGE = "open"


def _matches(session: Session, opp: Opportunity, clock: Clock, limit: int) -> Matches:
    day = today(clock)
    opp_bag = bag(opp.text)
    providers, excluded = [], 0
    eligible_ids: set[str] = set()
    facts = repository.provider_facts(session, day)
    for p in facts:
        scored = score_provider(opp, p, opp_bag)
        if not scored.eligible:
            excluded += 1
            continue
        eligible_ids.add(p.id)
        providers.append(
            ProviderMatch(
                id=p.id,
                name=p.name,
                district=p.district,
                verified=p.verified,
                score=scored.score,
                reasons=scored.reasons,
            )
        )
    providers.sort(key=lambda m: (-m.score, m.name))
    owners = repository.owner_names(session)
    products = []
    for p in facts:
        if p.id not in eligible_ids:
            continue
        for prod in p.products:
            scored = score_product(opp, prod, opp_bag)
            products.append(
                ProductMatch(
                    id=prod.id,
                    name=prod.name,
                    category=prod.category,
                    owner_org_id=p.id,
                    owner_name=owners.get(prod.id, p.name),
                    score=scored.score,
                    reasons=scored.reasons,
                )
            )
    products.sort(key=lambda m: (-m.score, m.name))
    return Matches(
        target=Target(id=opp.id, kind=opp.kind, title=opp.title),
        providers=providers[:limit],
        products=products[:limit],
        excluded=excluded,
    )


def for_demand(session: Session, demand_id: str, principal: Principal | None, clock: Clock, limit: int) -> Matches:
    return _matches(session, repository.demand_opportunity(readable(session, demand_id, principal)), clock, limit)


def for_challenge(session: Session, challenge_id: str, clock: Clock, limit: int) -> Matches:
    row = session.get(Challenge, challenge_id)
    if row is None:
        raise NotFound("No such public challenge")
    return _matches(session, repository.challenge_opportunity(row), clock, limit)


def recommendations(session: Session, principal: Principal, clock: Clock, limit: int) -> Recommendations:
    facts = repository.provider_facts(session, today(clock), only=principal.org_id or "")
    if not facts:
        raise NotFound("Fill in your provider profile (PUT /providers/me) to get recommendations")
    provider = facts[0]
    provider_bag = bag(provider.text)
    now = clock.now()
    day = today(clock)
    candidates: list[tuple[Opportunity, str, datetime | None]] = []
    for c in session.scalars(select(Challenge).where(Challenge.status == OPEN_CHALLENGE)):
        if c.application_deadline is None or c.application_deadline > now:
            candidates.append((repository.challenge_opportunity(c), c.status, c.application_deadline))
    for d in session.scalars(
        select(Demand).where(Demand.status == "published", or_(Demand.valid_until.is_(None), Demand.valid_until >= day))
    ):
        deadline = (
            None
            if d.valid_until is None
            else datetime(d.valid_until.year, d.valid_until.month, d.valid_until.day, tzinfo=now.tzinfo)
        )
        candidates.append((repository.demand_opportunity(d), d.status, deadline))
    items, excluded = [], 0
    for opp, status, deadline in candidates:
        scored = score_provider(opp, provider, bag(opp.text), provider_bag)
        if not scored.eligible:
            excluded += 1
            continue
        if scored.score <= 0:
            continue
        items.append(
            Recommendation(
                id=opp.id,
                kind=opp.kind,
                title=opp.title,
                status=status,
                deadline=deadline,
                score=scored.score,
                reasons=scored.reasons,
            )
        )
    items.sort(key=lambda r: (-r.score, r.title))
    return Recommendations(provider_id=provider.id, items=items[:limit], excluded=excluded)
