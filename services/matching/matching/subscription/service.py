"""Saved searches and the notifications new items raise, matched with the engine's own semantics."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.clock import Clock
from kit.errors import BadRequest, NotFound, UnprocessableContent
from kit.tokens import Principal
from matching.dates import today
from matching.models import Notification as NotificationRow
from matching.models import Subscription as SubscriptionRow
from matching.search import analysis
from matching.search.documents import build_document
from matching.search.filters import matches
from matching.search.params import build_filter
from matching.search.port import Document
from matching.search.schema import SCHEMA
from matching.subscription.schemas import Notification, Subscription, SubscriptionCreate


def _to_schema(row: SubscriptionRow) -> Subscription:
    return Subscription(
        id=row.id, name=row.name, q=row.q, kind=row.kind, filters=row.filters, created_at=row.created_at
    )


def create(session: Session, principal: Principal, body: SubscriptionCreate, clock: Clock) -> Subscription:
    if not principal.org_id:
        raise BadRequest("Your account belongs to no organisation")
    build_filter(body.filters)  # refuses bad values now rather than at publication
    row = SubscriptionRow(
        org_id=principal.org_id,
        user_id=principal.subject,
        name=body.name,
        q=body.q,
        kind=body.kind,
        filters=body.filters,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return _to_schema(row)


def list_mine(session: Session, principal: Principal) -> list[Subscription]:
    rows = session.scalars(
        select(SubscriptionRow).where(SubscriptionRow.org_id == principal.org_id).order_by(SubscriptionRow.created_at)
    )
    return [_to_schema(r) for r in rows]


def remove(session: Session, principal: Principal, subscription_id: str) -> None:
    row = session.get(SubscriptionRow, subscription_id)
    if row is None or row.org_id != principal.org_id:
        raise NotFound("No such subscription")
    session.delete(row)


def _tokens(doc: Document) -> list[list[str]]:
    out: list[list[str]] = []
    for attr in SCHEMA.searchable:
        value = doc.get(attr)
        text = " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
        out.append(analysis.index_tokens(text))
    return out


def subscription_matches(row: SubscriptionRow, doc: Document) -> bool:
    params = dict(row.filters)
    if row.kind:
        params["kind"] = [row.kind]
    try:
        tree = build_filter(params)
    except UnprocessableContent:  # saved under older, laxer rules: it matches nothing, publishing goes on
        return False
    if not matches(doc, tree):
        return False
    return analysis.text_matches(analysis.parse_query(row.q), _tokens(doc), "all")


def notify_new(session: Session, kind: str, entity_id: str, clock: Clock) -> int:
    """Call when an item is newly published; creates at most one notification per subscription and item."""
    session.flush()
    doc = build_document(session, kind, entity_id, today(clock))
    if doc is None:
        return 0
    created = 0
    for row in session.scalars(select(SubscriptionRow)):
        if row.org_id == doc.get("owner_org_id") or not subscription_matches(row, doc):
            continue
        exists = session.scalar(
            select(NotificationRow.id).where(
                NotificationRow.subscription_id == row.id,
                NotificationRow.item_kind == kind,
                NotificationRow.item_id == entity_id,
            )
        )
        if exists is None:
            session.add(
                NotificationRow(
                    org_id=row.org_id,
                    subscription_id=row.id,
                    item_kind=kind,
                    item_id=entity_id,
                    kind="subscription.match",
                    title=str(doc.get("title", "")),
                    created_at=clock.now(),
                )
            )
            created += 1
    return created


def notifications(session: Session, principal: Principal, unread_only: bool) -> list[Notification]:
    if not principal.org_id:
        return []
    stmt = select(NotificationRow).where(NotificationRow.org_id == principal.org_id)
    if unread_only:
        stmt = stmt.where(NotificationRow.read_at.is_(None))
    rows = session.scalars(stmt.order_by(NotificationRow.created_at.desc()).limit(200))
    return [
        Notification(
            id=r.id,
            subscription_id=r.subscription_id,
            kind=r.kind,
            body=r.body,
            item_kind=r.item_kind,
            item_id=r.item_id,
            title=r.title,
            created_at=r.created_at,
            read_at=r.read_at,
        )
        for r in rows
    ]


def mark_read(session: Session, principal: Principal, notification_id: str, clock: Clock) -> None:
    row = session.get(NotificationRow, notification_id)
    if row is None or row.org_id != principal.org_id:
        raise NotFound("No such notification")
    row.read_at = row.read_at or clock.now()
