"""Append-only, hash-chained audit log, one chain per challenge: the kit's chain (`kit.audit`) over
`audit_entries`, its stored format unchanged (the hash covers challenge_id, seq, at, actor, action, data)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from kit.audit import GENESIS, Chain
from kit.tokens import Principal
from workflow.models import AuditEntry

if TYPE_CHECKING:  # both import this module
    from workflow.challenge.lifecycle import Actor
    from workflow.context import Context

__all__ = ["GENESIS", "append", "count", "entries", "entry_hash", "record", "verify"]

CHAIN = Chain(AuditEntry, key="challenge_id", fields=("actor", "action", "data"))


def entry_hash(
    prev_hash: str, challenge_id: str, seq: int, at: datetime, actor: str, action: str, data: dict[str, Any]
) -> str:
    return CHAIN.entry_hash(prev_hash, challenge_id, seq, at, {"actor": actor, "action": action, "data": data})


def append(
    session: Session, challenge_id: str, *, actor: str, action: str, data: dict[str, Any], now: datetime
) -> AuditEntry:
    entry: AuditEntry = CHAIN.append(session, challenge_id, now=now, actor=actor, action=action, data=data)
    return entry


def label(by: Principal | Actor | str) -> str:
    if isinstance(by, str):
        return by
    if isinstance(by, Principal):
        return f"user:{by.subject}"
    return by.label


def record(
    ctx: Context,
    challenge_id: str,
    action: str,
    by: Principal | Actor | str,
    data: dict[str, Any],
    *,
    now: datetime | None = None,
) -> AuditEntry:
    """One step on a challenge by `by` (a signed-in user, a lifecycle actor or a label), at `now`
    (the request's clock when not given)."""
    return append(ctx.session, challenge_id, actor=label(by), action=action, data=data, now=now or ctx.now())


def entries(session: Session, challenge_id: str) -> list[AuditEntry]:
    return CHAIN.entries(session, challenge_id)


def verify(session: Session, challenge_id: str) -> tuple[bool, int, int | None]:
    """(valid, entries checked, first bad seq)."""
    v = CHAIN.verify(session, challenge_id)
    return v.valid, v.entries, v.first_invalid_seq


def count(session: Session, challenge_id: str) -> int:
    return CHAIN.count(session, challenge_id)
