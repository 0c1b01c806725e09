from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matching.models import Product, Provider, Qualification, Recognition


def get(session: Session, provider_id: str) -> Provider | None:
    return session.get(Provider, provider_id)


def qualifications(session: Session, provider_id: str) -> list[Qualification]:
    return list(
        session.scalars(
            select(Qualification).where(Qualification.provider_id == provider_id).order_by(Qualification.label)
        )
    )


def replace_qualifications(session: Session, provider_id: str, rows: list[Qualification]) -> None:
    session.execute(delete(Qualification).where(Qualification.provider_id == provider_id))
    session.add_all(rows)


def products_of(session: Session, org_id: str) -> list[tuple[Product, list[Recognition]]]:
    products = list(session.scalars(select(Product).where(Product.owner_org_id == org_id).order_by(Product.name)))
    recs: dict[str, list[Recognition]] = {}
    if products:
        for r in session.scalars(select(Recognition).where(Recognition.product_id.in_([p.id for p in products]))):
            recs.setdefault(r.product_id, []).append(r)
    return [(p, recs.get(p.id, [])) for p in products]


def all_with_qualifications(session: Session) -> list[tuple[Provider, list[Qualification]]]:
    quals: dict[str, list[Qualification]] = {}
    for q in session.scalars(select(Qualification)):
        quals.setdefault(q.provider_id, []).append(q)
    return [(p, quals.get(p.id, [])) for p in session.scalars(select(Provider).order_by(Provider.name))]
