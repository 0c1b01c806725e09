from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from kit.db import normalise_url
from tests.support.databases import database_backend as backend
from tests.workflow.factories import Api


def test_chain_verifies_and_detects_tampering(api: Api, db_url: str) -> None:
    cid = api.open_challenge()
    api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    log = api.ok(api.get(f"/challenges/{cid}/audit"))
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert all(log[i]["prev_hash"] == log[i - 1]["hash"] for i in range(1, len(log)))
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify")) == {
        "challenge_id": cid,
        "valid": True,
        "entries": len(log),
        "first_invalid_seq": None,
    }
    if backend() == "postgres":
        return  # the trigger refuses the tampering itself (test below)
    engine = create_engine(normalise_url(db_url))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entries SET actor = 'user:nobody' WHERE challenge_id = :c AND seq = 2"), {"c": cid}
        )
    engine.dispose()
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["first_invalid_seq"] == 2


def test_draft_audit_is_not_public(api: Api) -> None:
    cid = api.draft()
    assert api.get(f"/challenges/{cid}/audit").status_code == 404
    assert api.get(f"/challenges/{cid}/audit", "ent1").status_code == 200


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_audit_rows(api: Api, db_url: str) -> None:
    cid = api.open_challenge()
    engine = create_engine(normalise_url(db_url))
    for statement in ("UPDATE audit_entries SET actor = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True
