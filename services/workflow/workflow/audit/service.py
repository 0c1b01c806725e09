"""Append-only, hash-chained audit log, one chain per challenge."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.application.sealing import canonical
from workflow.models import AuditEntry, Challenge

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str, challenge_id: str, seq: int, at: datetime, actor: str, action: str, data: dict[str, Any]
) -> str:
    body = canonical(
        {"challenge_id": challenge_id, "seq": seq, "at": at.isoformat(), "actor": actor, "action": action, "data": data}
    )
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def append(
    session: Session, challenge_id: str, *, actor: str, action: str, data: dict[str, Any], now: datetime
) -> AuditEntry:
    # Appends to one chain serialise on the challenge row (no-op on SQLite, which serialises writers).
    session.execute(select(Challenge.id).where(Challenge.id == challenge_id).with_for_update())
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.challenge_id == challenge_id)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = now
    entry = AuditEntry(
        challenge_id=challenge_id,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        data=data,
        prev_hash=prev,
        hash=entry_hash(prev, challenge_id, seq, at, actor, action, data),
    )
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, challenge_id: str) -> list[AuditEntry]:
    return list(
        session.scalars(select(AuditEntry).where(AuditEntry.challenge_id == challenge_id).order_by(AuditEntry.seq))
    )


def verify(session: Session, challenge_id: str) -> tuple[bool, int, int | None]:
    """(valid, entries checked, first bad seq)."""
    prev = GENESIS
    rows = entries(session, challenge_id)
    for expected, row in enumerate(rows, start=1):
        good = (
            row.seq == expected
            and row.prev_hash == prev
            and row.hash == entry_hash(prev, challenge_id, row.seq, row.at, row.actor, row.action, row.data)
        )
        if not good:
            return False, len(rows), row.seq
        prev = row.hash
    return True, len(rows), None


def count(session: Session, challenge_id: str) -> int:
    return int(session.scalar(select(func.count()).where(AuditEntry.challenge_id == challenge_id)) or 0)
