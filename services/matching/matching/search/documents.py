"""Pure row -> document mappers: the index is a projection the database can always rebuild."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.dates import epoch
from matching.models import Batch, Challenge, Demand, Product, Provider, Qualification, Recognition
from matching.search.port import Document
from matching.vocabulary import LAYERS, SEVEN_ENDS

KINDS = ("provider", "product", "demand", "challenge")


def doc_id(kind: str, entity_id: str) -> str:
    return f"{kind}-{entity_id}"


def layers_of(tags: list[str]) -> list[str]:
    return [layer for layer, members in LAYERS.items() if layer in tags or any(t in members for t in tags)]


def ends_of(tags: list[str]) -> list[str]:
    return [t for t in tags if t in SEVEN_ENDS]


def taxonomy(tags: list[str]) -> dict[str, list[str]]:
    """The same three facets for every kind: layer (三层), 七端, and every taxonomy item."""
    return {
        "layer_tags": layers_of(tags),
        "end_tags": ends_of(tags),
        "capability_tags": list(dict.fromkeys(t for t in tags if t not in LAYERS)),
    }


def _finish(doc: Document) -> Document:
    doc.setdefault("visibility", "public")
    doc.setdefault("readers", [])
    doc["_digest"] = hashlib.sha256(
        json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()[:32]
    return doc


def _money(value: Any) -> float | None:
    return None if value is None else float(value)


def active_labels(quals: list[Qualification], today: date) -> list[str]:
    return sorted({q.label for q in quals if q.valid_until is None or q.valid_until >= today})


def active_recognitions(recs: list[Recognition], today: date) -> list[Recognition]:
    return [r for r in recs if r.valid_until >= today]


def provider_document(p: Provider, quals: list[Qualification], today: date) -> Document:
    labels = active_labels(quals, today)
    cases = " ".join(f"{c.get('title', '')} {c.get('description', '')}" for c in p.cases)
    return _finish(
        {
            "id": doc_id("provider", p.id),
            "entity_id": p.id,
            "kind": "provider",
            "title": p.name,
            "summary": p.summary,
            "body": f"{cases} {' '.join(p.certifications)}",
            "tags_text": " ".join([*p.capability_tags, *labels, *p.scenario_domains]),
            "org_name": p.name,
            "district": p.district,
            **taxonomy(p.capability_tags),
            "scenario_domain": p.scenario_domains,
            "qualification_labels": labels,
            "verified": p.verified,
            "status": "verified" if p.verified else "unverified",
            "owner_org_id": p.id,
            "org_type": p.org_type,
            "updated_at": epoch(p.updated_at),
        }
    )


def product_document(
    p: Product, recs: list[Recognition], district: str | None, verified: bool, today: date
) -> Document:
    active = active_recognitions(recs, today)
    indicators = " ".join(f"{i.get('name', '')} {i.get('value', '')}" for i in p.indicators)
    cases = " ".join(f"{c.get('title', '')} {c.get('description', '')}" for c in p.cases)
    return _finish(
        {
            "id": doc_id("product", p.id),
            "entity_id": p.id,
            "kind": "product",
            "title": p.name,
            "summary": p.summary,
            "body": f"{indicators} {cases}",
            "tags_text": " ".join([*p.layer_tags, *p.end_tags, p.category, *(r.scheme for r in active)]),
            "org_name": p.owner_name,
            "district": district,
            **taxonomy(p.layer_tags + p.end_tags),
            "category": p.category,
            "recognition_schemes": sorted({r.scheme for r in active}),
            "recognition_levels": sorted({r.level for r in active}),
            "owner_org_id": p.owner_org_id,
            "verified": verified,
            "status": "active",
            "updated_at": epoch(p.updated_at),
        }
    )


def demand_document(d: Demand, batch_name: str | None, today: date) -> Document:
    expired = d.valid_until is not None and d.valid_until < today
    return _finish(
        {
            "id": doc_id("demand", d.id),
            "entity_id": d.id,
            "kind": "demand",
            "code": d.code,
            "title": d.title,
            "summary": d.pain_points or d.background[:200],
            "body": " ".join(
                [d.background, d.required_capabilities, d.technical_indicators, d.data_offered, d.sites_offered]
            ),
            "tags_text": " ".join([*d.layer_tags, *d.end_tags, d.scenario_domain, d.demand_type]),
            "org_name": d.publisher_name,
            "district": d.district,
            **taxonomy(d.layer_tags + d.end_tags),
            "scenario_domain": d.scenario_domain,
            "demand_type": d.demand_type,
            "batch_id": d.batch_id,
            "batch_name": batch_name,
            "budget_min": _money(d.budget_min),
            "budget_max": _money(d.budget_max),
            "deadline": epoch(d.valid_until),
            "published_at": epoch(d.published_at),
            "status": "expired" if expired and d.status == "published" else d.status,
            "owner_org_id": d.publisher_org_id,
            "cooperation_mode": d.cooperation_mode,
            "updated_at": epoch(d.updated_at),
        }
    )


def challenge_document(c: Challenge) -> Document:
    return _finish(
        {
            "id": doc_id("challenge", c.id),
            "entity_id": c.id,
            "kind": "challenge",
            "title": c.title,
            "summary": c.summary,
            "body": c.funding_source,
            "tags_text": " ".join([*c.layer_tags, *c.end_tags, c.scenario_domain]),
            "org_name": c.owner_org_name,
            "district": c.allowed_districts,
            **taxonomy(c.layer_tags + c.end_tags),
            "scenario_domain": c.scenario_domain,
            "status": c.status,
            "mode": c.mode,
            "budget_max": _money(c.reward_amount),
            "deadline": epoch(c.application_deadline),
            "published_at": epoch(c.published_at),
            "owner_org_id": c.owner_org_id,
            "updated_at": epoch(c.updated_at),
        }
    )


def build_document(session: Session, kind: str, entity_id: str, today: date) -> Document | None:
    """The document for one entity, or None when it must not be in the index."""
    if kind == "provider":
        provider = session.get(Provider, entity_id)
        if provider is None:
            return None
        quals = list(session.scalars(select(Qualification).where(Qualification.provider_id == entity_id)))
        return provider_document(provider, quals, today)
    if kind == "product":
        product = session.get(Product, entity_id)
        if product is None:
            return None
        recs = list(session.scalars(select(Recognition).where(Recognition.product_id == entity_id)))
        owner = session.get(Provider, product.owner_org_id)
        return product_document(product, recs, owner.district if owner else None, bool(owner and owner.verified), today)
    if kind == "demand":
        demand = session.get(Demand, entity_id)
        if demand is None or demand.status != "published":
            return None
        batch = session.get(Batch, demand.batch_id) if demand.batch_id else None
        return demand_document(demand, batch.name if batch else None, today)
    if kind == "challenge":
        challenge = session.get(Challenge, entity_id)
        return None if challenge is None else challenge_document(challenge)
    raise ValueError(f"unknown kind {kind}")


def all_documents(session: Session, today: date) -> Iterator[Document]:
    quals: dict[str, list[Qualification]] = {}
    for q in session.scalars(select(Qualification)):
        quals.setdefault(q.provider_id, []).append(q)
    providers = {p.id: p for p in session.scalars(select(Provider))}
    for p in providers.values():
        yield provider_document(p, quals.get(p.id, []), today)
    recs: dict[str, list[Recognition]] = {}
    for r in session.scalars(select(Recognition)):
        recs.setdefault(r.product_id, []).append(r)
    for product in session.scalars(select(Product)):
        owner = providers.get(product.owner_org_id)
        yield product_document(
            product, recs.get(product.id, []), owner.district if owner else None, bool(owner and owner.verified), today
        )
    batches = {b.id: b.name for b in session.scalars(select(Batch))}
    for d in session.scalars(select(Demand).where(Demand.status == "published")):
        yield demand_document(d, batches.get(d.batch_id or ""), today)
    for c in session.scalars(select(Challenge)):
        yield challenge_document(c)


def count_documents(session: Session) -> int:
    from sqlalchemy import func

    return sum(
        session.scalar(select(func.count()).select_from(model).where(*where)) or 0
        for model, where in ((Provider, ()), (Product, ()), (Demand, (Demand.status == "published",)), (Challenge, ()))
    )
