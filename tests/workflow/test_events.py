from __future__ import annotations

import asyncio
import json

import httpx
from fastapi import FastAPI

from kit.http import ServiceClient
from kit.outbox import OutboxRelay
from tests.workflow.factories import Api, Matching, matching_relay
from workflow.clients.matching import matching_deliverer
from workflow.models import OutboxEvent


def test_events_are_delivered_once_after_matching_returns(api: Api, app: FastAPI) -> None:
    matching = Matching()
    relay = matching_relay(app, matching)
    ids = [api.open_challenge(title=f"城市治理视频分析 第{i}批") for i in range(3)]
    api.apply(ids[0], "vendor1")
    version = api.ok(api.get(f"/challenges/{ids[0]}", "ent1"))["version"]
    api.ok(api.patch(f"/challenges/{ids[0]}", "ent1", {"summary": "补充说明", "reason": "澄清"}, if_match=str(version)))
    assert asyncio.run(relay.run_once()) == (0, 3)  # three refusals in a row back the whole batch off
    assert matching.calls == 3
    matching.up = True
    assert asyncio.run(relay.run_once()) == (4, 0)
    assert asyncio.run(relay.run_once()) == (0, 0)
    types = sorted(e["type"] for e in matching.applied.values())
    assert types == ["challenge.amended", "challenge.published", "challenge.published", "challenge.published"]
    event = next(e for e in matching.applied.values() if e["type"] == "challenge.amended")
    assert event["challenge"]["summary"] == "补充说明"
    assert event["version"] == version + 1
    assert "plan" not in json.dumps(event, ensure_ascii=False)


def test_no_events_before_publication(api: Api, app: FastAPI) -> None:
    matching = Matching()
    matching.up = True
    cid = api.draft()
    api.ok(api.act(cid, "submit", "ent1"))
    assert asyncio.run(matching_relay(app, matching).run_once()) == (0, 0)


def test_a_poison_event_holds_only_its_own_challenge(api: Api, app: FastAPI) -> None:
    matching = Matching()
    matching.up = True
    first, second = api.open_challenge(), api.open_challenge(title="城市治理视频分析")
    version = api.ok(api.get(f"/challenges/{first}", "ent1"))["version"]
    api.ok(api.patch(f"/challenges/{first}", "ent1", {"summary": "补充", "reason": "澄清"}, if_match=str(version)))
    original = matching.handler

    def refuse_first(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["challenge_id"] == first:
            matching.calls += 1
            return httpx.Response(422, json={"detail": "cannot apply"})
        return original(request)

    client = ServiceClient(
        caller="workflow",
        base_url="http://matching",
        tokens=app.state.tokens,
        clock=app.state.clock,
        transport=httpx.MockTransport(refuse_first),
    )
    relay = OutboxRelay(app.state.sessionmaker, OutboxEvent, matching_deliverer(client), app.state.clock)
    assert asyncio.run(relay.run_once()) == (1, 1)  # the amendment waits behind its refused publication
    assert [e["challenge_id"] for e in matching.applied.values()] == [second]
    assert relay.pending() == 2
