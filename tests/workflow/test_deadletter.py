"""An event the consumer never accepts is dead-lettered after a bounded number of attempts."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from tests.workflow.factories import DEAD_LETTER_ATTEMPTS, Api, Matching, dead_letter_relay


def test_a_refused_event_is_dead_lettered_listed_and_retried_by_an_admin(api: Api, app: FastAPI) -> None:
    matching = Matching()
    relay, dead = dead_letter_relay(app, matching)
    cid = api.open_challenge()
    for _ in range(DEAD_LETTER_ATTEMPTS + 2):
        asyncio.run(dead.run_once(relay))
    # Exactly DEAD_LETTER_ATTEMPTS tries, then no more: the event is failed, not retried for ever.
    assert matching.calls == DEAD_LETTER_ATTEMPTS
    failed = api.ok(api.get("/admin/outbox?state=failed", "admin"))
    assert [(e["key"], e["state"], e["attempts"]) for e in failed] == [(cid, "failed", DEAD_LETTER_ATTEMPTS)]
    assert "ConnectError" in failed[0]["last_error"]
    assert api.ok(api.get("/admin/outbox?state=pending", "admin")) == []
    assert api.get("/admin/outbox?state=failed", "gov1").status_code == 403
    assert api.get("/admin/outbox?state=failed").status_code == 401

    event_id = failed[0]["id"]
    assert api.post(f"/admin/outbox/{event_id}/retry", "gov1").status_code == 403
    retried = api.ok(api.post(f"/admin/outbox/{event_id}/retry", "admin"))
    assert (retried["state"], retried["attempts"]) == ("pending", 0)
    again = api.post(f"/admin/outbox/{event_id}/retry", "admin")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert api.post("/admin/outbox/no-such-event/retry", "admin").status_code == 404

    matching.up = True
    assert asyncio.run(dead.run_once(relay)) == (1, 0)
    assert event_id in matching.applied
    assert api.ok(api.get("/admin/outbox?state=failed", "admin")) == []
    delivered = api.ok(api.get("/admin/outbox?state=delivered", "admin"))
    assert [e["id"] for e in delivered] == [event_id]
    audit = api.ok(api.get(f"/challenges/{cid}/audit", "admin"))
    assert "outbox.retried" in [e["action"] for e in audit]
