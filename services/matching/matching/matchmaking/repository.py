"""Loading opportunities and providers as the plain facts the scorer takes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.matchmaking.scoring import Opportunity, ProductFacts, ProviderFacts
from matching.models import Challenge, Demand, Product, Provider, Qualification, Recognition
from matching.search.documents import active_labels


def demand_opportunity(d: Demand) -> Opportunity:
    text = " ".join(
        [d.title, d.title, d.pain_points, d.background, d.required_capabilities, d.technical_indicators, *d.end_tags]
    )
    return Opportunity(
        "demand",
        d.id,
        d.title,
        tuple(d.layer_tags + d.end_tags),
        d.scenario_domain,
        (d.district,),
        (),
        tuple(d.required_qualifications),
        text,
        d.publisher_org_id,
    )


def challenge_opportunity(c: Challenge) -> Opportunity:
    text = " ".join([c.title, c.title, c.summary, *c.end_tags])
    return Opportunity(
        "challenge",
        c.id,
        c.title,
        tuple(c.layer_tags + c.end_tags),
        c.scenario_domain,
        tuple(c.allowed_districts),
        tuple(c.allowed_districts),
        tuple(c.required_qualifications),
        text,
        c.owner_org_id,
    )


def _products(session: Session, day: date) -> dict[str, list[ProductFacts]]:
    recs: dict[str, list[Recognition]] = {}
    for r in session.scalars(select(Recognition)):
        recs.setdefault(r.product_id, []).append(r)
    out: dict[str, list[ProductFacts]] = {}
    for p in session.scalars(select(Product)):
        schemes = tuple(sorted({r.scheme for r in recs.get(p.id, []) if r.valid_until >= day}))
        text = " ".join(
            [p.name, p.summary, *(f"{i.get('name', '')} {i.get('value', '')}" for i in p.indicators), *p.end_tags]
        )
        out.setdefault(p.owner_org_id, []).append(
            ProductFacts(p.id, p.name, p.category, tuple(p.layer_tags + p.end_tags), schemes, text)
        )
    return out


def provider_facts(session: Session, day: date, only: str | None = None) -> list[ProviderFacts]:
    quals: dict[str, list[Qualification]] = {}
    for q in session.scalars(select(Qualification)):
        quals.setdefault(q.provider_id, []).append(q)
    products = _products(session, day)
    stmt = select(Provider)
    if only is not None:
        stmt = stmt.where(Provider.id == only)
    out = []
    for p in session.scalars(stmt):
        cases = " ".join(f"{c.get('title', '')} {c.get('description', '')}" for c in p.cases)
        prods = tuple(products.get(p.id, []))
        text = " ".join([p.summary, cases, *p.capability_tags, *(pr.name for pr in prods)])
        out.append(
            ProviderFacts(
                p.id,
                p.name,
                p.district,
                p.verified,
                tuple(p.capability_tags),
                tuple(p.scenario_domains),
                tuple(active_labels(quals.get(p.id, []), day)),
                text,
                prods,
            )
        )
    return out


def owner_names(session: Session) -> dict[str, str]:
    return {p.id: p.owner_name for p in session.scalars(select(Product))}
