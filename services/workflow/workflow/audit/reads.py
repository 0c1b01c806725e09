"""Every read of sealed content goes into the challenge's audit chain: at once after the opening,
and before it into a private log that the opening appends to the chain as one entry (a public chain
growing with each early read would count the sealed submissions). See docs/decisions/0052."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kit.tokens import Principal
from workflow.audit import service as audit
from workflow.models import SealedRead


def _who(principal: Principal) -> dict[str, Any]:
    return {"roles": sorted(principal.roles), "org_id": principal.org_id}


def record(
    session: Session,
    principal: Principal,
    challenge_id: str,
    application_id: str,
    *,
    opened: bool,
    now: datetime,
    document: int | None = None,
) -> None:
    """One read of an application's content (`document`: the index of a document read)."""
    data = {"application_id": application_id, "document": document, **_who(principal)}
    actor = f"user:{principal.subject}"
    if opened:
        audit.append(session, challenge_id, actor=actor, action="application.read", data=data, now=now)
        return
    session.add(SealedRead(challenge_id=challenge_id, application_id=application_id, at=now, actor=actor, data=data))


def record_list(session: Session, principal: Principal, challenge_id: str, ids: list[str], now: datetime) -> None:
    """The opened applications of a challenge read as a list (only possible after the opening)."""
    data = {"application_ids": ids, **_who(principal)}
    audit.append(
        session, challenge_id, actor=f"user:{principal.subject}", action="applications.read", data=data, now=now
    )


def publish(session: Session, challenge_id: str, application_ids: Collection[str], *, actor: str, now: datetime) -> int:
    """At the opening: the early reads of the applications it names, as one chain entry. Reads of a
    withdrawn application stay in the private log, as the withdrawn application stays out of the
    opening's record. Returns how many reads were published."""
    rows = [
        r
        for r in session.scalars(
            select(SealedRead)
            .where(SealedRead.challenge_id == challenge_id, SealedRead.published_at.is_(None))
            .order_by(SealedRead.at, SealedRead.id)
        )
        if r.application_id in application_ids
    ]
    if not rows:
        return 0
    reads = [{"at": r.at.isoformat(), "actor": r.actor, **r.data} for r in rows]
    audit.append(session, challenge_id, actor=actor, action="applications.sealed_reads", data={"reads": reads}, now=now)
    for r in rows:
        r.published_at = now
    return len(rows)
