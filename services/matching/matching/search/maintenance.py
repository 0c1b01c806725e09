"""Reindex (rebuild from the database) and reconcile (compare index and database, repair the difference)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from kit.clock import Clock
from matching.dates import today
from matching.search.documents import all_documents, count_documents
from matching.search.port import Document, SearchBackend

CHUNK = 500


@dataclass(frozen=True)
class ReconcileReport:
    added: int
    updated: int
    removed: int
    unchanged: int


@dataclass(frozen=True)
class ReindexReport:
    indexed: int
    by_kind: dict[str, int]


def reindex(factory: sessionmaker[Session], backend: SearchBackend, clock: Clock, *, progress: bool = False) -> int:
    return reindex_report(factory, backend, clock, progress=progress).indexed


def reindex_report(
    factory: sessionmaker[Session], backend: SearchBackend, clock: Clock, *, progress: bool = False
) -> ReindexReport:
    backend.ensure()
    kinds: Counter[str] = Counter()

    def tallied(docs: Iterator[Document]) -> Iterator[Document]:
        for doc in docs:
            kinds[doc["kind"]] += 1
            yield doc

    with factory() as session:
        total = count_documents(session)
        docs = tallied(all_documents(session, today(clock)))
        indexed = backend.reindex(tqdm(docs, total=total, desc="reindex", unit="doc", disable=not progress))
    return ReindexReport(indexed=indexed, by_kind=dict(kinds))


def reconcile(
    factory: sessionmaker[Session], backend: SearchBackend, clock: Clock, *, progress: bool = False
) -> ReconcileReport:
    backend.ensure()
    indexed = backend.digests()
    with factory() as session:
        total = count_documents(session)
        wanted: dict[str, Document] = {}
        for doc in tqdm(
            all_documents(session, today(clock)), total=total, desc="compare", unit="doc", disable=not progress
        ):
            wanted[str(doc["id"])] = doc
    added = [d for i, d in wanted.items() if i not in indexed]
    updated = [d for i, d in wanted.items() if i in indexed and indexed[i] != d["_digest"]]
    removed = [i for i in indexed if i not in wanted]
    changes = added + updated
    with tqdm(total=len(changes) + len(removed), desc="repair", unit="doc", disable=not progress) as bar:
        for start in range(0, len(changes), CHUNK):
            backend.upsert(changes[start : start + CHUNK])
            bar.update(len(changes[start : start + CHUNK]))
        for start in range(0, len(removed), CHUNK):
            backend.delete(removed[start : start + CHUNK])
            bar.update(len(removed[start : start + CHUNK]))
        backend.flush()
    return ReconcileReport(len(added), len(updated), len(removed), len(wanted) - len(added) - len(updated))
