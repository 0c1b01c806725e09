"""The kit's hash chain keeps workflow's stored format: an entry hashed as workflow always hashed
its entries (before the chain moved into the kit) still verifies, and a changed one does not."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from kit.audit import GENESIS
from workflow.audit.service import CHAIN


def _old_hash(
    prev: str, challenge_id: str, seq: int, at: datetime, actor: str, action: str, data: dict[str, object]
) -> str:
    # Workflow's entry_hash as it was written before the kit held it (commit afade82), kept literally.
    body = json.dumps(
        {
            "challenge_id": challenge_id,
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor,
            "action": action,
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    return hashlib.sha256(prev.encode() + body).hexdigest()


def test_workflow_entries_hash_as_before() -> None:
    at = datetime(2026, 11, 30, 8, 15, 30, 123456, tzinfo=UTC)
    data: dict[str, object] = {"title": "电池极片缺陷AI质检", "reason": None, "n": [1, 2]}
    first = _old_hash(GENESIS, "c-1", 1, at, "user:u-1", "challenge.created", data)
    assert (
        CHAIN.entry_hash(GENESIS, "c-1", 1, at, {"actor": "user:u-1", "action": "challenge.created", "data": data})
        == first
    )
    second = _old_hash(first, "c-1", 2, at, "system:scheduler", "transition.open", {})
    assert (
        CHAIN.entry_hash(first, "c-1", 2, at, {"actor": "system:scheduler", "action": "transition.open", "data": {}})
        == second
    )
    assert (
        CHAIN.entry_hash(first, "c-1", 2, at, {"actor": "user:u-2", "action": "transition.open", "data": {}}) != second
    )
