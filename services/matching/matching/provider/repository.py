from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from matching.models import Product, Provider, Qualification, Recognition


def get(session: Session, provider_id: str, *, for_update: bool = False) -> Provider | None:
    """`for_update` locks the row (PostgreSQL) so a version check and its write are one step."""
    return session.get(Provider, provider_id, with_for_update=for_update)


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


def page(
    session: Session,
    day: date,
    *,
    district: str | None,
    qualification: str | None,
    verified: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[tuple[Provider, list[Qualification]]], int]:
    """Providers by name; `qualification` counts only labels still valid on `day`."""
    stmt = select(Provider)
    if district:
        stmt = stmt.where(Provider.district == district)
    if verified is not None:
        stmt = stmt.where(Provider.verified.is_(verified))
    if qualification:
        active = select(Qualification.provider_id).where(
            Qualification.label == qualification,
            or_(Qualification.valid_until.is_(None), Qualification.valid_until >= day),
        )
        stmt = stmt.where(Provider.id.in_(active))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(session.scalars(stmt.order_by(Provider.name, Provider.id).limit(limit).offset(offset)))
    quals: dict[str, list[Qualification]] = {}
    if rows:
        for q in session.scalars(select(Qualification).where(Qualification.provider_id.in_([r.id for r in rows]))):
            quals.setdefault(q.provider_id, []).append(q)
    return [(r, quals.get(r.id, [])) for r in rows], int(total)
