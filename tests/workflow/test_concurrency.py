"""PostgreSQL races: row locks decide, every replica sees the same outcome."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kit.clock import SHANGHAI
from kit.outbox import Backoff, OutboxRelay, enqueue
from tests.workflow.agreements import at, signing_due, titles
from tests.workflow.factories import Api, Matching, application_body, matching_relay
from workflow.models import Application, OutboxEvent
from workflow.scheduler.service import Scheduler

pytestmark = pytest.mark.postgres


def _parallel(n: int, work: Any) -> list[Any]:
    with ThreadPoolExecutor(max_workers=min(n, 20)) as pool:
        return list(pool.map(work, range(n)))


def test_twenty_concurrent_award_approvals_one_wins(api: Api, app: FastAPI) -> None:
    cid = api.reviewed()
    api.ok(api.act(cid, "recommend", "gov1"))
    headers = api.h("gov2")

    def approve(_: int) -> int:
        code: int = TestClient(app).post(f"/challenges/{cid}/actions/approve_award", headers=headers).status_code
        return code

    codes = _parallel(20, approve)
    assert sorted(codes) == [200] + [409] * 19
    history = api.ok(api.get(f"/challenges/{cid}/transitions"))
    assert [t["action"] for t in history].count("approve_award") == 1


def test_submissions_racing_the_deadline(api: Api, app: FastAPI) -> None:
    cid = api.open_challenge()
    deadline = datetime.fromisoformat(api.ok(api.get(f"/challenges/{cid}"))["application_deadline"])
    api.clock.set(deadline - timedelta(seconds=1))
    tokens = app.state.tokens
    now = api.clock.now()
    headers = [
        {
            "Authorization": "Bearer "
            + tokens.issue_access(
                user_id=f"u-{i}",
                username=f"v{i}",
                roles=["vendor"],
                org_id=f"org-{i}",
                org_kind="vendor",
                org_name=f"揭榜单位{i}",
                now=now,
            )
        }
        for i in range(200)
    ]
    body = application_body("vendor1")

    def submit(i: int) -> tuple[int, str]:
        if i == 100:
            api.clock.set(deadline)
            app.state.scheduler.run_once()
        r = TestClient(app).post(f"/challenges/{cid}/applications", headers=headers[i], json=body)
        return r.status_code, r.text

    results = _parallel(200, submit)
    assert {code for code, _ in results} <= {201, 409}
    app.state.scheduler.run_once()
    accepted = sum(1 for code, _ in results if code == 201)
    apps = api.ok(api.get(f"/challenges/{cid}/applications", "gov1"))
    mine = [
        api.ok(TestClient(app).get("/applications?mine=true", headers=h))
        for h, (code, _) in zip(headers, results, strict=True)
        if code == 201
    ]
    assert [m[0]["status"] for m in mine if m[0]["status"] != "opened"] == []
    assert len(apps) == accepted
    assert all(datetime.fromisoformat(a["submitted_at"]) < deadline for a in apps)


def test_two_scheduler_replicas_transition_each_challenge_once(api: Api, app: FastAPI) -> None:
    cids = [api.open_challenge() for _ in range(8)]
    for cid in cids:
        api.apply(cid, "vendor1")
    api.clock.advance(timedelta(days=30))
    s = app.state
    replicas = [Scheduler(s.sessionmaker, s.clock, s.settings, s.sealer) for _ in range(2)]
    _parallel(4, lambda i: replicas[i % 2].run_once())
    for cid in cids:
        history = api.ok(api.get(f"/challenges/{cid}/transitions"))
        assert [t["action"] for t in history].count("close") == 1
        log = api.ok(api.get(f"/challenges/{cid}/audit"))
        assert [e["action"] for e in log].count("applications.opened") == 1


def test_matching_down_during_300_events_then_all_applied_once(app: FastAPI) -> None:
    matching = Matching()
    factory = app.state.sessionmaker
    now = app.state.clock.now()
    with factory() as session, session.begin():
        for i in range(300):
            enqueue(
                session,
                OutboxEvent,
                topic="challenge.status_changed",
                key=f"c{i}",
                now=now,
                payload={"id": f"e{i}", "type": "challenge.status_changed"},
            )
    relay = matching_relay(app, matching)
    assert asyncio.run(relay.run_once()) == (0, 3)
    matching.up = True
    second = matching_relay(app, matching)
    second.backoff = relay.backoff = Backoff(base=0.0, cap=0.0, jitter=0.0)

    async def both() -> list[tuple[int, int]]:
        return list(
            await asyncio.gather(
                asyncio.to_thread(lambda: asyncio.run(relay.run_once())),
                asyncio.to_thread(lambda: asyncio.run(second.run_once())),
            )
        )

    results = asyncio.run(both())
    assert sum(d for d, _ in results) == 300
    assert len(matching.applied) == 300
    assert matching.calls == 303  # three refusals while down back off the batch; then each event once
    assert relay.pending() == 0
    assert isinstance(relay, OutboxRelay)
    assert httpx is not None


@pytest.mark.parametrize(("limit", "keyed"), [(1, False), (2, False), (1, True), (2, True)])
def test_one_organisation_racing_itself_gets_exactly_its_quota(api: Api, app: FastAPI, limit: int, keyed: bool) -> None:
    eligibility = {"consortium_allowed": True, "consortium_max_members": 3, "applications_per_org": limit}
    cid = api.open_challenge(eligibility=eligibility)
    tokens = app.state.tokens
    now = api.clock.now()
    headers = [
        {
            "Authorization": "Bearer "
            + tokens.issue_access(
                user_id=f"colleague-{i}",
                username=f"colleague{i}",
                roles=["vendor"],
                org_id="org-one",
                org_kind="vendor",
                org_name="同一揭榜单位",
                now=now,
            ),
            **({"Idempotency-Key": f"race-{i}"} if keyed else {}),
        }
        for i in range(12)
    ]
    body = application_body("vendor1")

    def submit(i: int) -> tuple[int, str, str]:
        r = TestClient(app).post(f"/challenges/{cid}/applications", headers=headers[i], json=body)
        return r.status_code, r.headers.get("content-type", ""), r.text

    results = _parallel(12, submit)
    codes = sorted(code for code, _, _ in results)
    assert codes == [201] * limit + [409] * (12 - limit), results
    for code, content_type, text in results:
        if code == 409:
            assert content_type.startswith("application/problem+json")
            assert "/problems/application-limit" in text
    with app.state.sessionmaker() as session:
        stored = session.scalar(select(func.count()).select_from(Application).where(Application.org_id == "org-one"))
    assert stored == limit


def test_two_scheduler_replicas_remind_once_and_lapse_once(api: Api, app: FastAPI) -> None:
    cid, ag, deadline = signing_due(api)
    s = app.state
    replicas = [Scheduler(s.sessionmaker, s.clock, s.settings, s.sealer) for _ in range(2)]
    api.clock.set(at(deadline - timedelta(days=1)))  # both reminders have come due: only the nearest is sent
    _parallel(6, lambda i: replicas[i % 2].run_once())
    assert titles(api, "ent1", "签订截止前") == ["任务书签订截止前 1 个工作日"]
    api.clock.set(datetime.combine(deadline + timedelta(days=1), datetime.min.time(), tzinfo=SHANGHAI))
    _parallel(6, lambda i: replicas[i % 2].run_once())
    assert api.ok(api.get(f"/agreements/{ag['id']}", "gov1"))["status"] == "lapsed"
    log = [e["action"] for e in api.ok(api.get(f"/challenges/{cid}/audit", "gov1"))]
    assert log.count("agreement.lapse") == 1
    assert titles(api, "vendor1", "已失效") == ["任务书未在截止日前签订，已失效"]
