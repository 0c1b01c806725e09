"""The keys claimed before the move to the kit's table still replay their receipt (decision 0088)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from kit.db import normalise_url
from kit.migrate import downgrade, upgrade
from tests.support.databases import fresh_database_url

BEFORE = "ca5e0d7b41f2"


def test_claimed_keys_move_to_idempotency_keys(tmp_path: Path) -> None:
    url = fresh_database_url("mig_idem", str(tmp_path))
    upgrade("workflow", url, BEFORE)
    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO idempotency_records (id, scope, key, request_hash, resource_id, created_at) "
                "VALUES ('r1', 'application:o1:c1', 'k-1', :hash, 'app-1', :at)"
            ),
            {"hash": "a" * 64, "at": datetime(2026, 12, 1, tzinfo=UTC)},
        )
    upgrade("workflow", url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT scope, key, request_hash, status_code, response, resource_id FROM idempotency_keys")
        ).all()
    assert [tuple(r) for r in rows] == [("application:o1:c1", "k-1", "a" * 64, 201, None, "app-1")]
    downgrade("workflow", url, BEFORE)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM idempotency_records")).scalar_one() == 0
    engine.dispose()
