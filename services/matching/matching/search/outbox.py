"""The index outbox: written in the same transaction as the change, delivered until the engine confirms."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kit.clock import Clock
from kit.outbox import Backoff, back_off, claim_due
from matching.dates import today
from matching.models import IndexOutbox
from matching.search.documents import build_document, doc_id
from matching.search.port import SearchBackend, SearchError

log = logging.getLogger("matching.index")


def enqueue(session: Session, kind: str, entity_id: str, clock: Clock) -> None:
    now = clock.now()
    session.add(IndexOutbox(doc_kind=kind, doc_id=entity_id, created_at=now, next_attempt_at=now))


def drain(
    factory: sessionmaker[Session],
    backend: SearchBackend,
    clock: Clock,
    *,
    batch_size: int = 200,
    max_backoff: float = 300.0,
    lease_seconds: float = 120.0,
) -> int:
    """Deliver due outbox rows; returns how many were confirmed. Safe to run from several replicas.

    Rows are leased in a short transaction (kit.outbox.claim_due, as the event relay's are), the engine is
    called outside any transaction (a slow engine must not hold the database's write lock) with the whole
    batch in one call, and the rows are deleted once the engine confirmed.
    """
    done = 0
    # Retry after 2, 4, 8 … seconds up to `max_backoff`, without jitter (one worker per replica).
    backoff = Backoff(base=2.0, factor=2.0, cap=max_backoff, jitter=0.0)
    lease = timedelta(seconds=lease_seconds)
    while True:
        rows = claim_due(factory, IndexOutbox, clock.now(), batch=batch_size, lease=lease)
        if not rows:
            return done
        claimed = [(r.id, r.doc_kind, r.doc_id) for r in rows]
        keys = list(dict.fromkeys((kind, entity_id) for _id, kind, entity_id in claimed))
        upserts, deletes = [], []
        with factory() as session:
            day = today(clock)
            for kind, entity_id in keys:
                doc = build_document(session, kind, entity_id, day)
                if doc is None:
                    deletes.append(doc_id(kind, entity_id))
                else:
                    upserts.append(doc)
        ids = [row_id for row_id, *_rest in claimed]
        try:
            if upserts:
                backend.upsert(upserts)
            if deletes:
                backend.delete(deletes)
            backend.flush()
        except SearchError as exc:
            log.warning("index update failed, will retry: %s", exc)
            with factory() as session, session.begin():
                back_off(session, IndexOutbox, ids, str(exc), clock.now(), backoff)
            return done
        with factory() as session, session.begin():
            session.execute(delete(IndexOutbox).where(IndexOutbox.id.in_(ids)))
        done += len(claimed)
        if len(claimed) < batch_size:
            return done


def pending(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(IndexOutbox)) or 0
