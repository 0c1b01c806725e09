"""Workflow's administrative acts not tied to one challenge — the working-day calendar, dead letters and
deliveries retried — each append one entry to the service's `admin_audit` chain (decision 0092); the
chain verifies, a tampered row is found, and only admins read it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from demo.accounts import USER_BY_NAME
from kit.clock import ManualClock
from kit.db import normalise_url
from tests.workflow.factories import NEW_YEAR_2027, SOURCE_2027, Api
from workflow.models import NotificationDelivery, OutboxEvent

ADMIN = f"user:{USER_BY_NAME['admin'].id}"
CSV_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n"


def _failed(app: FastAPI, clock: ManualClock, row: OutboxEvent | NotificationDelivery) -> str:
    """A row as the relay leaves it after its last failed attempt."""
    row.created_at, row.attempts, row.last_error, row.failed_at = clock.now(), 5, "ConnectError: refused", clock.now()
    with app.state.sessionmaker.begin() as session:
        session.add(row)
        session.flush()
        return str(row.id)


@dataclass
class Act:
    action: str
    # Performs the act; answers the target of the entry it must append.
    run: Callable[[Api, FastAPI, ManualClock], str]


def _day_set(api: Api, app: FastAPI, clock: ManualClock) -> str:
    api.ok(api.put("/calendar/overrides/2027-10-09", "admin", json={"is_workday": True, "note": "国庆调休上班"}))
    return "day:2027-10-09"


def _day_removed(api: Api, app: FastAPI, clock: ManualClock) -> str:
    api.ok(api.put("/calendar/overrides/2027-10-09", "admin", json={"is_workday": True, "note": "国庆调休上班"}))
    assert api.client.delete("/calendar/overrides/2027-10-09", headers=api.h("admin")).status_code == 204
    return "day:2027-10-09"


def _source_set(api: Api, app: FastAPI, clock: ManualClock) -> str:
    api.ok(api.put("/calendar/years/2027", "admin", json=SOURCE_2027))
    return "year:2027"


def _imported(api: Api, app: FastAPI, clock: ManualClock) -> str:
    api.ok(api.post("/calendar/years/2027/import", "admin", json={**SOURCE_2027, "format": "csv", "content": CSV_2027}))
    return "year:2027"


def _prefilled(api: Api, app: FastAPI, clock: ManualClock) -> str:
    api.ok(api.post("/calendar/years/2026/prefill", "admin"))
    return "year:2026"


def _confirmed(api: Api, app: FastAPI, clock: ManualClock) -> str:
    body = {**SOURCE_2027, "format": "json", "content": json.dumps(NEW_YEAR_2027)}
    api.ok(api.post("/calendar/years/2027/import", "admin", json=body))
    api.ok(api.post("/calendar/years/2027/confirm", "admin"))
    # Confirmed once: a second confirmation is refused and leaves no entry.
    assert api.post("/calendar/years/2027/confirm", "admin").status_code == 409
    return "year:2027"


def _outbox_retried(api: Api, app: FastAPI, clock: ManualClock) -> str:
    event = _failed(app, clock, OutboxEvent(topic="challenge.published", key="c-1", payload={}))
    api.ok(api.post(f"/admin/outbox/{event}/retry", "admin"))
    assert api.post(f"/admin/outbox/{event}/retry", "admin").status_code == 409
    return f"outbox_event:{event}"


def _delivery_retried(api: Api, app: FastAPI, clock: ManualClock) -> str:
    row = NotificationDelivery(topic="email", notification_id="n-1", user_id="u-1", address="a@example.cn", payload={})
    delivery = _failed(app, clock, row)
    api.ok(api.post(f"/admin/deliveries/{delivery}/retry", "admin"))
    assert api.post(f"/admin/deliveries/{delivery}/retry", "admin").status_code == 409
    return f"delivery:{delivery}"


ACTS = [
    Act("calendar.day_set", _day_set),
    Act("calendar.day_removed", _day_removed),
    Act("calendar.year_source_set", _source_set),
    Act("calendar.year_imported", _imported),
    Act("calendar.year_prefilled", _prefilled),
    Act("calendar.year_confirmed", _confirmed),
    Act("outbox.retried", _outbox_retried),
    Act("delivery.retried", _delivery_retried),
]


def _entries(api: Api, **params: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = api.ok(api.get("/admin/audit", "admin", params={"limit": "200", **params}))[
        "items"
    ]
    return items


@pytest.mark.parametrize("act", ACTS, ids=[a.action for a in ACTS])
def test_each_administrative_act_appends_one_entry(act: Act, api: Api, app: FastAPI, clock: ManualClock) -> None:
    before = {e["seq"] for e in _entries(api)}
    target = act.run(api, app, clock)
    new = [e for e in _entries(api) if e["seq"] not in before and e["action"] == act.action]
    assert len(new) == 1, new
    entry = new[0]
    assert (entry["target"], entry["actor"], entry["actor_name"]) == (target, ADMIN, "admin")
    assert str(entry["at"]).startswith(clock.now().isoformat()[:19])
    verification = api.ok(api.get("/admin/audit/verify", "admin"))
    assert (verification["service"], verification["valid"]) == ("workflow", True)


def test_what_an_entry_says(api: Api, app: FastAPI, clock: ManualClock) -> None:
    _imported(api, app, clock)
    api.ok(api.post("/calendar/years/2027/confirm", "admin"))
    by_action = {e["action"]: e["data"] for e in _entries(api, target="year:2027")}
    assert by_action["calendar.year_imported"] == {
        "source_title": SOURCE_2027["source_title"],
        "format": "csv",
        "holidays": 1,
        "makeup_workdays": 1,
    }
    assert by_action["calendar.year_confirmed"] == {
        "source_title": SOURCE_2027["source_title"],
        "days": 2,
        "recomputed": 0,
    }


def test_a_tampered_row_is_found_by_verification(api: Api, app: FastAPI, clock: ManualClock, db_url: str) -> None:
    _source_set(api, app, clock)
    clock.advance(timedelta(hours=1))
    _imported(api, app, clock)
    _day_set(api, app, clock)
    ok = api.ok(api.get("/admin/audit/verify", "admin"))
    assert (ok["valid"], ok["entries"], ok["first_invalid_seq"]) == (True, 3, None)
    engine = create_engine(normalise_url(db_url))
    postgres = engine.dialect.name == "postgresql"
    if postgres:  # the service's own role can neither change nor delete an entry
        for statement in ("UPDATE admin_audit SET reason = 'x'", "DELETE FROM admin_audit"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    with engine.begin() as conn:
        if postgres:  # the table's owner lifts the append-only trigger, as an intruder with that role could
            conn.execute(text("ALTER TABLE admin_audit DISABLE TRIGGER admin_audit_append_only"))
        conn.execute(text("UPDATE admin_audit SET target = 'year:2028' WHERE seq = 2"))
        if postgres:
            conn.execute(text("ALTER TABLE admin_audit ENABLE TRIGGER admin_audit_append_only"))
    engine.dispose()
    broken = api.ok(api.get("/admin/audit/verify", "admin"))
    assert (broken["valid"], broken["first_invalid_seq"], broken["entries"]) == (False, 2, 3)


def test_filters_and_export(api: Api, app: FastAPI, clock: ManualClock) -> None:
    _source_set(api, app, clock)
    _day_set(api, app, clock)
    assert [e["action"] for e in _entries(api, action="calendar.day_set")] == ["calendar.day_set"]
    assert len(_entries(api, action="calendar.")) == 2
    assert _entries(api, action="outbox.") == []
    exported = api.get("/admin/audit/export", "admin", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [line[4] for line in lines[1:]] == ["calendar.year_source_set", "calendar.day_set"]
    bad = api.get("/admin/audit", "admin", params={"since": "2027-01-02T00:00:00", "until": "2027-01-01T00:00:00"})
    assert (bad.status_code, bad.headers["content-type"]) == (422, "application/problem+json")


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit/verify", "/admin/audit/export"])
@pytest.mark.parametrize(("who", "status"), [(None, 401), ("vendor1", 403), ("gov1", 403), ("admin", 200)])
def test_only_admins_read_the_chain(api: Api, path: str, who: str | None, status: int) -> None:
    assert api.get(path, who).status_code == status
