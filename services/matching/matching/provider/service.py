from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import BadRequest, Conflict, NotFound, PreconditionFailed
from kit.etag import check_version, is_wildcard
from kit.tokens import Principal
from matching.dates import today
from matching.models import Provider as ProviderRow
from matching.models import Qualification as QualificationRow
from matching.provider import repository
from matching.provider.schemas import (
    Case,
    InternalProvider,
    InternalQualification,
    ProductBrief,
    Provider,
    ProviderPage,
    ProviderSummary,
    ProviderUpdate,
    Qualification,
)
from matching.search.documents import active_labels, active_recognitions
from matching.search.outbox import enqueue


def is_active(q: QualificationRow, day: date) -> bool:
    return q.valid_until is None or q.valid_until >= day


def to_schema(session: Session, p: ProviderRow, day: date) -> Provider:
    quals = repository.qualifications(session, p.id)
    products = [
        ProductBrief(
            id=prod.id,
            name=prod.name,
            category=prod.category,
            recognition_schemes=sorted({r.scheme for r in active_recognitions(recs, day)}),
        )
        for prod, recs in repository.products_of(session, p.id)
    ]
    return Provider(
        id=p.id,
        name=p.name,
        org_type=p.org_type,
        district=p.district,
        summary=p.summary,
        capability_tags=p.capability_tags,
        scenario_domains=p.scenario_domains,
        cases=[Case.model_validate(c) for c in p.cases],
        certifications=p.certifications,
        website=p.website,
        verified=p.verified,
        verified_at=p.verified_at,
        qualifications=[
            Qualification(
                label=q.label,
                level=q.level,
                certificate_no=q.certificate_no,
                valid_from=q.valid_from,
                valid_until=q.valid_until,
                active=is_active(q, day),
            )
            for q in quals
        ],
        active_labels=active_labels(quals, day),
        products=products,
        version=p.version,
        updated_at=p.updated_at,
    )


def page(
    session: Session,
    clock: Clock,
    *,
    district: str | None,
    qualification: str | None,
    verified: bool | None,
    limit: int,
    offset: int,
) -> ProviderPage:
    day = today(clock)
    rows, total = repository.page(
        session, day, district=district, qualification=qualification, verified=verified, limit=limit, offset=offset
    )
    items = [
        ProviderSummary(
            id=p.id,
            name=p.name,
            org_type=p.org_type,
            district=p.district,
            summary=p.summary,
            capability_tags=p.capability_tags,
            scenario_domains=p.scenario_domains,
            verified=p.verified,
            active_labels=active_labels(quals, day),
            updated_at=p.updated_at,
        )
        for p, quals in rows
    ]
    return ProviderPage(items=items, total=total)


def _fingerprint(quals: list[QualificationRow]) -> set[tuple[str, str, str, date | None]]:
    return {(q.label, q.level, q.certificate_no, q.valid_until) for q in quals}


def save_mine(
    session: Session, principal: Principal, body: ProviderUpdate, clock: Clock, if_match: str | None
) -> Provider:
    """Creates the profile on the first save; later saves need `If-Match` with the version last read."""
    if not principal.org_id:
        raise BadRequest("Your account belongs to no organisation")
    now = clock.now()
    row = repository.get(session, principal.org_id, for_update=True)
    if row is None:
        if if_match is not None and not is_wildcard(if_match):
            raise PreconditionFailed("Your organisation has no provider profile yet; save it without If-Match")
    else:
        check_version(if_match, row.version, ("服务商档案", "provider profile"), required=True)
    before = _fingerprint(repository.qualifications(session, principal.org_id))
    is_new = row is None
    if row is None:
        row = ProviderRow(id=principal.org_id, created_at=now, verified=False, version=0)
    row.name = body.name or principal.org_name or row.name or "未命名机构"
    row.org_type = body.org_type
    row.district = body.district
    row.summary = body.summary
    row.capability_tags = body.capability_tags
    row.scenario_domains = body.scenario_domains
    row.cases = [c.model_dump() for c in body.cases]
    row.certifications = body.certifications
    row.website = body.website
    row.updated_at = now
    row.version = (row.version or 0) + 1
    if is_new:
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError as exc:  # a concurrent first save won
            raise Conflict("The profile was just created by another request; reload it and save again") from exc
    new_quals = [
        QualificationRow(
            provider_id=row.id,
            label=q.label,
            level=q.level,
            certificate_no=q.certificate_no,
            valid_from=q.valid_from,
            valid_until=q.valid_until,
        )
        for q in body.qualifications
    ]
    session.flush()
    repository.replace_qualifications(session, row.id, new_quals)
    if _fingerprint(new_quals) != before:
        # The labels are what an admin verifies; new ones need a new look.
        row.verified = False
        row.verified_at = None
    session.flush()
    enqueue(session, "provider", row.id, clock)
    for product, _recs in repository.products_of(session, row.id):
        enqueue(session, "product", product.id, clock)
    return to_schema(session, row, today(clock))


def mine(session: Session, principal: Principal, clock: Clock) -> Provider:
    row = repository.get(session, principal.org_id or "")
    if row is None:
        raise NotFound("Your organisation has no provider profile yet (PUT /providers/me)")
    return to_schema(session, row, today(clock))


def get(session: Session, provider_id: str, clock: Clock) -> Provider:
    row = repository.get(session, provider_id)
    if row is None:
        raise NotFound("No such provider")
    return to_schema(session, row, today(clock))


def verify(session: Session, provider_id: str, clock: Clock) -> Provider:
    row = repository.get(session, provider_id, for_update=True)
    if row is None:
        raise NotFound("No such provider")
    row.verified = True
    row.verified_at = clock.now()
    row.version += 1
    enqueue(session, "provider", row.id, clock)
    for product, _recs in repository.products_of(session, row.id):
        enqueue(session, "product", product.id, clock)
    return to_schema(session, row, today(clock))


def internal(session: Session, org_id: str, clock: Clock) -> InternalProvider:
    row = repository.get(session, org_id)
    if row is None:
        raise NotFound("No provider profile for this organisation")
    day = today(clock)
    return InternalProvider(
        org_id=row.id,
        name=row.name,
        district=row.district,
        capability_tags=row.capability_tags,
        qualifications=[
            InternalQualification(label=q.label, level=q.level, valid_until=q.valid_until, active=is_active(q, day))
            for q in repository.qualifications(session, row.id)
        ],
    )
