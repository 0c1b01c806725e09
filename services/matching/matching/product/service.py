from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import BadRequest, Forbidden, NotFound
from kit.etag import check_version
from kit.tokens import Principal
from matching.dates import today
from matching.models import Product as ProductRow
from matching.models import Provider
from matching.models import Recognition as RecognitionRow
from matching.product.schemas import Case, Indicator, Product, ProductCreate, ProductUpdate, Recognition, RecognitionIn
from matching.search.outbox import enqueue
from matching.subscription.service import notify_new


def _recognitions(session: Session, product_id: str) -> list[RecognitionRow]:
    return list(
        session.scalars(
            select(RecognitionRow).where(RecognitionRow.product_id == product_id).order_by(RecognitionRow.recognised_on)
        )
    )


def to_schema(session: Session, p: ProductRow, clock: Clock) -> Product:
    day = today(clock)
    owner = session.get(Provider, p.owner_org_id)
    return Product(
        id=p.id,
        owner_org_id=p.owner_org_id,
        owner_name=p.owner_name,
        name=p.name,
        category=p.category,
        summary=p.summary,
        layer_tags=p.layer_tags,
        end_tags=p.end_tags,
        indicators=[Indicator.model_validate(i) for i in p.indicators],
        cases=[Case.model_validate(c) for c in p.cases],
        recognitions=[
            Recognition(
                scheme=r.scheme,
                level=r.level,
                edition_year=r.edition_year,
                certificate_no=r.certificate_no,
                recognised_on=r.recognised_on,
                valid_until=r.valid_until,
                active=r.valid_until >= day,
            )
            for r in _recognitions(session, p.id)
        ],
        owner_verified=bool(owner and owner.verified),
        version=p.version,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def _set_recognitions(session: Session, product_id: str, items: list[RecognitionIn]) -> None:
    session.execute(delete(RecognitionRow).where(RecognitionRow.product_id == product_id))
    for r in items:
        assert r.valid_until is not None
        session.add(
            RecognitionRow(
                product_id=product_id,
                scheme=r.scheme,
                level=r.level,
                edition_year=r.edition_year,
                certificate_no=r.certificate_no,
                recognised_on=r.recognised_on,
                valid_until=r.valid_until,
            )
        )


def create(session: Session, principal: Principal, body: ProductCreate, clock: Clock) -> Product:
    if not principal.org_id:
        raise BadRequest("Your account belongs to no organisation")
    now = clock.now()
    row = ProductRow(
        owner_org_id=principal.org_id,
        owner_name=principal.org_name or "",
        name=body.name,
        category=body.category,
        summary=body.summary,
        layer_tags=body.layer_tags,
        end_tags=body.end_tags,
        indicators=[i.model_dump() for i in body.indicators],
        cases=[c.model_dump() for c in body.cases],
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    _set_recognitions(session, row.id, body.recognitions)
    session.flush()
    enqueue(session, "product", row.id, clock)
    notify_new(session, "product", row.id, clock)
    return to_schema(session, row, clock)


def update(
    session: Session, principal: Principal, product_id: str, body: ProductUpdate, clock: Clock, if_match: str | None
) -> Product:
    row = session.get(ProductRow, product_id, with_for_update=True)
    if row is None:
        raise NotFound("No such product")
    if row.owner_org_id != principal.org_id:
        raise Forbidden("Only the owning organisation may change its products")
    check_version(if_match, row.version, ("产品", "product"), required=False)
    data = body.model_dump(exclude_unset=True)
    for name in ("name", "category", "summary", "layer_tags", "end_tags"):
        if data.get(name) is not None:
            setattr(row, name, data[name])
    if body.indicators is not None:
        row.indicators = [i.model_dump() for i in body.indicators]
    if body.cases is not None:
        row.cases = [c.model_dump() for c in body.cases]
    if body.recognitions is not None:
        _set_recognitions(session, row.id, body.recognitions)
    row.version += 1
    row.updated_at = clock.now()
    session.flush()
    enqueue(session, "product", row.id, clock)
    return to_schema(session, row, clock)


def get(session: Session, product_id: str, clock: Clock) -> Product:
    row = session.get(ProductRow, product_id)
    if row is None:
        raise NotFound("No such product")
    return to_schema(session, row, clock)
