"""The one append-only, hash-chained audit log of the platform (decision 0083).

Each entry's hash is SHA-256 over the previous entry's hash followed by the canonical JSON of the
entry (its chain key, sequence number, ISO time and the chain's own fields), so changing, removing
or reordering any stored row breaks verification from that row on. Workflow keeps one chain per
challenge (`audit_entries`); the gateway and matching keep one chain each for their administrative
acts (`admin_audit`, `AdminLog`). On PostgreSQL a trigger refuses UPDATE and DELETE on both tables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint, func, or_, select, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from kit.tokens import Principal
from kit.types import UtcDateTime

GENESIS = "0" * 64


def canonical(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes every hash and signature of the platform covers."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Verification:
    valid: bool
    entries: int
    first_invalid_seq: int | None
    first_invalid_at: datetime | None = None


@dataclass(frozen=True)
class Chain:
    """A hash chain stored in `model`, one chain per value of its `key` column. `fields` are the
    further columns each entry's hash covers (besides the key, `seq` and `at`); the model also has
    `seq`, `at`, `prev_hash` and `hash` columns."""

    model: type[Any]
    key: str
    fields: tuple[str, ...]

    def entry_hash(self, prev_hash: str, key: str, seq: int, at: datetime, values: dict[str, Any]) -> str:
        body = {self.key: key, "seq": seq, "at": at.isoformat(), **{f: values[f] for f in self.fields}}
        return hashlib.sha256(prev_hash.encode() + canonical(body)).hexdigest()

    def _lock(self, session: Session, key: str) -> None:
        # Appends to one chain serialise on a transaction-scoped advisory lock (SQLite serialises
        # writers anyway): two appends can never both read the same last entry.
        if session.get_bind().dialect.name == "postgresql":
            name = f"{self.model.__tablename__}:{key}"
            session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})

    def append(self, session: Session, key: str, *, now: datetime, **values: Any) -> Any:
        missing = set(self.fields) - set(values)
        if missing:
            raise TypeError(f"audit entry without {sorted(missing)}")
        self._lock(session, key)
        m = self.model
        last = session.execute(
            select(m.seq, m.hash).where(getattr(m, self.key) == key).order_by(m.seq.desc()).limit(1)
        ).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        entry = m(
            **{self.key: key},
            seq=seq,
            at=now,
            prev_hash=prev,
            hash=self.entry_hash(prev, key, seq, now, values),
            **values,
        )
        session.add(entry)
        session.flush()
        return entry

    def entries(self, session: Session, key: str) -> list[Any]:
        m = self.model
        return list(session.scalars(select(m).where(getattr(m, self.key) == key).order_by(m.seq)))

    def _stream(self, session: Session, key: str) -> Iterator[Any]:
        m = self.model
        query = select(m).where(getattr(m, self.key) == key).order_by(m.seq).execution_options(yield_per=500)
        yield from session.scalars(query)

    def verify(self, session: Session, key: str) -> Verification:
        """Walks the chain from its start: the first entry whose sequence, link or hash is wrong."""
        prev, checked = GENESIS, 0
        for expected, row in enumerate(self._stream(session, key), start=1):
            checked = expected
            values = {f: getattr(row, f) for f in self.fields}
            good = (
                row.seq == expected
                and row.prev_hash == prev
                and row.hash == self.entry_hash(prev, key, row.seq, row.at, values)
            )
            if not good:
                return Verification(False, self.count(session, key), row.seq, row.at)
            prev = row.hash
        return Verification(True, checked, None)

    def count(self, session: Session, key: str) -> int:
        m = self.model
        return int(session.scalar(select(func.count()).where(getattr(m, self.key) == key)) or 0)


class AdminAuditColumns:
    """The columns of a service's administrative audit log (mixed into its own declarative model)."""

    __tablename__ = "admin_audit"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (UniqueConstraint("chain", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chain: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(60), index=True)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(120), index=True)
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


ADMIN_FIELDS = ("actor", "actor_name", "action", "target", "reason", "data")


def actor_of(principal: Principal | None) -> tuple[str, str]:
    """(actor, display name): `user:<id>` and the username, or a service / command as itself."""
    if principal is None:
        return "system:command", ""
    if principal.is_service:
        return f"service:{principal.subject}", principal.subject
    return f"user:{principal.subject}", principal.username


@dataclass(frozen=True)
class Filters:
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class AdminLog:
    """One service's chain of administrative acts: who did what to which object, when and why."""

    def __init__(self, model: type[Any], service: str) -> None:
        self.model = model
        self.service = service
        self.chain = Chain(model, key="chain", fields=ADMIN_FIELDS)

    def record(
        self,
        session: Session,
        principal: Principal | None,
        action: str,
        target: str,
        *,
        now: datetime,
        reason: str | None = None,
        data: dict[str, Any] | None = None,
        actor: tuple[str, str] | None = None,
    ) -> Any:
        """Appends one act in the caller's transaction: it is kept exactly when the act is. `actor`:
        (actor, name) of someone acting without a principal (a user holding a one-time link)."""
        who, name = actor or actor_of(principal)
        return self.chain.append(
            session,
            self.service,
            now=now,
            actor=who,
            actor_name=name,
            action=action,
            target=target,
            reason=(reason or "").strip(),
            data=data or {},
        )

    def query(self, filters: Filters) -> Any:
        m = self.model
        q = select(m).where(m.chain == self.service)
        if filters.actor:
            q = q.where(or_(m.actor == filters.actor, func.lower(m.actor_name) == filters.actor.lower()))
        if filters.action:
            # "organisation." selects every act on organisations; a full name selects that act.
            by_prefix = filters.action.endswith(".")
            q = q.where(m.action.startswith(filters.action) if by_prefix else m.action == filters.action)
        if filters.target:
            q = q.where(m.target == filters.target)
        if filters.since:
            q = q.where(m.at >= filters.since)
        if filters.until:
            q = q.where(m.at < filters.until)
        return q

    def read(self, session: Session, filters: Filters, *, limit: int, offset: int = 0) -> tuple[int, list[Any]]:
        q = self.query(filters)
        total = int(session.scalar(select(func.count()).select_from(q.subquery())) or 0)
        rows = list(session.scalars(q.order_by(self.model.seq.desc()).limit(limit).offset(offset)))
        return total, rows

    def rows(self, session: Session, filters: Filters) -> list[Any]:
        return list(session.scalars(self.query(filters).order_by(self.model.seq)))

    def verify(self, session: Session) -> Verification:
        return self.chain.verify(session, self.service)
