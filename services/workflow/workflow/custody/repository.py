"""Custodians' opening keys as stored (decision 0107)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import OpeningKey


def current(session: Session, user_id: str, *, lock: bool = False) -> OpeningKey | None:
    stmt = select(OpeningKey).where(OpeningKey.current_user_id == user_id)
    if lock:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def current_keys(session: Session, user_ids: Iterable[str]) -> dict[str, OpeningKey]:
    """Each named custodian's current key; a custodian without one is absent."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = session.scalars(select(OpeningKey).where(OpeningKey.current_user_id.in_(ids)))
    return {row.user_id: row for row in rows}
